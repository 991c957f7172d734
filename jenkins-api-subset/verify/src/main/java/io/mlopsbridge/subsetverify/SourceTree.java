package io.mlopsbridge.subsetverify;

import java.util.Optional;

/** Java sources by top-level type name (dotted, e.g. {@code hudson.FilePath}): upstream's or the subset's. */
interface SourceTree {

    /** The text of the file that declares {@code topLevelName}, if this tree has one. */
    Optional<String> source(String topLevelName);

    /** Where {@code topLevelName} is read from, for reports. */
    String origin(String topLevelName);
}
