package org.kohsuke.accmod;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

// From access-modifier-annotation 1.35 (the version Jenkins 2.541.3 uses; not on Maven Central). Core marks some
// types the plugin's classes inherit with it (HistoricalBuild, WithConsoleUrl are @Restricted(Beta.class)), so the
// annotation is part of their signatures. Upstream also carries annotation-indexer's @Indexed (see the README).
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Restricted {
    Class<? extends AccessRestriction>[] value();
}
