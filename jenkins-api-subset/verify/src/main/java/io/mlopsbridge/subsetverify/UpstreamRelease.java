package io.mlopsbridge.subsetverify;

/**
 * One upstream repository at the exact commit of the release the subset mirrors. {@code commit} is a tag where the
 * mirror has one, otherwise the commit the release was built from (see the subset README for how it was found).
 */
record UpstreamRelease(String repo, String artifact, String version, String commit, String sourceRoot) {}
