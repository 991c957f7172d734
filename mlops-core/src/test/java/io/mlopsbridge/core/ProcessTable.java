package io.mlopsbridge.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The machine's process table, as {@code ps} shows it: finds processes by their command line anywhere (an orphan
 * re-parented to init is no longer a descendant of whoever started it), with the processes they started.
 */
public final class ProcessTable {
    private ProcessTable() {
    }

    /** Live processes whose command line contains every one of {@code parts}, each followed by its descendants. */
    public static List<ProcessHandle> treesOf(String... parts) {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                        .filter(line -> Arrays.stream(parts).allMatch(line::contains)).isPresent())
                .forEach(p -> {
                    found.add(p);
                    found.addAll(p.descendants().toList());
                });
        return found;
    }

    /** Those of {@code processes} still alive, described for an assertion message. */
    public static List<String> stillAlive(List<ProcessHandle> processes) {
        return processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }
}
