package io.mlopsbridge.subsetverify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares every public/protected declaration of jenkins-api-subset with the same declaration in the upstream
 * sources at the pinned releases, prints each difference, and with {@code write} regenerates the manifest
 * ({@code src/test/resources/upstream-signatures.txt}) from upstream's side. Run from the repository root:
 * {@code VerifySubset <mirrors-dir> [write]}; exits 1 when the subset differs from upstream.
 */
public final class VerifySubset {
    /** The releases bom-2.541.x (6783.v88c6c30f4b_db_) and Jenkins 2.541.3 pin; see the subset README. */
    static final List<UpstreamRelease> RELEASES = List.of(
            new UpstreamRelease("jenkinsci/jenkins", "org.jenkins-ci.main:jenkins-core", "2.541.3",
                    "jenkins-2.541.3", "core/src/main/java"),
            new UpstreamRelease("jenkinsci/stapler", "org.kohsuke.stapler:stapler", "2050.v425108fd5089",
                    "2050.v425108fd5089", "core/src/main/java"),
            new UpstreamRelease("jenkinsci/remoting", "org.jenkins-ci.main:remoting", "3352.v17a_fb_4b_2773f",
                    "3352.v17a_fb_4b_2773f", "src/main/java"),
            new UpstreamRelease("jenkinsci/lib-access-modifier", "org.kohsuke:access-modifier-annotation", "1.35",
                    "access-modifier-1.35", "access-modifier-annotation/src/main/java"),
            new UpstreamRelease("jenkinsci/lib-symbol-annotation", "org.jenkins-ci:symbol-annotation", "1.25",
                    "symbol-annotation-1.25", "src/main/java"),
            // 724.v538c2362b_dfb_ is commit 538c2362bdfb, absent from the mirror: read at master 0773c3c (716
            // commits); the README says why the 8 later commits cannot change these declarations.
            new UpstreamRelease("jenkinsci/workflow-step-api-plugin",
                    "org.jenkins-ci.plugins.workflow:workflow-step-api", "724.v538c2362b_dfb_",
                    "0773c3c68734763741f08807407123c17a546ea2", "src/main/java"),
            // 1506.v948b_b_b_7dec44 is commit 948bbb7dec44, absent from the mirror: read at master d96751bc
            // (1504 commits); see the README.
            new UpstreamRelease("jenkinsci/credentials-plugin", "org.jenkins-ci.plugins:credentials",
                    "1506.v948b_b_b_7dec44", "d96751bcc06de7da229c321370456ea1cf7ca4ac", "src/main/java"),
            new UpstreamRelease("jenkinsci/plain-credentials-plugin", "org.jenkins-ci.plugins:plain-credentials",
                    "199.v9f8e1f741799", "199.v9f8e1f741799", "src/main/java"));

    /** The subset's sources; {@code -Dsubset.sources=DIR} checks another copy (e.g. a branch exported with git). */
    static final Path SUBSET_SOURCES = Path.of(System.getProperty("subset.sources", "jenkins-api-subset/src/main/java"));
    static final Path MANIFEST = Path.of("jenkins-api-subset/src/test/resources/upstream-signatures.txt");

    private VerifySubset() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: VerifySubset <mirrors-dir> [write]  (mirrors-dir holds <owner>+<name>/repo)");
            System.exit(2);
        }
        Path mirrors = Path.of(args[0]);
        boolean write = args.length > 1 && args[1].equals("write");
        DirectorySourceTree subsetTree = new DirectorySourceTree(SUBSET_SOURCES);
        GitSourceTree upstreamTree = new GitSourceTree(mirrors, RELEASES);
        SourceSignatures subset = new SourceSignatures(new TypeUniverse(subsetTree));
        SourceSignatures upstream = new SourceSignatures(new TypeUniverse(upstreamTree));

        TreeSet<String> manifest = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String topLevel : subsetTree.topLevelNames()) {
            List<Declaration> ours = subset.of(topLevel);
            if (upstreamTree.source(topLevel).isEmpty()) {
                problems.add("NOT UPSTREAM " + topLevel + " (no such file in any pinned release)");
                continue;
            }
            Map<String, Declaration> theirs = new LinkedHashMap<>();
            upstream.of(topLevel).forEach(d -> theirs.put(d.key(), d));
            List<String> ourKeys = ours.stream().map(Declaration::key).toList();
            for (Declaration d : ours) {
                Declaration match = theirs.get(d.key());
                if (match == null) {
                    String name = d.key().contains("(") ? d.key().substring(0, d.key().indexOf('(') + 1) : d.key();
                    List<String> candidates = theirs.values().stream()
                            .filter(t -> t.key().startsWith(name)).map(Declaration::line).toList();
                    problems.add("MISSING UPSTREAM " + d.line() + "\n    upstream has: "
                            + (candidates.isEmpty() ? "nothing of that name" : String.join("\n      ", candidates))
                            + "\n    in " + upstreamTree.origin(topLevel));
                    continue;
                }
                manifest.add(match.line());
                if (!match.signature().equals(d.signature())) {
                    problems.add("DIFFERS " + d.key() + "\n    subset:   " + d.signature() + "\n    upstream: "
                            + match.signature() + "\n    in " + upstreamTree.origin(topLevel));
                }
            }
            // Upstream's serialVersionUID of a type the subset declares belongs to that type's serialized form.
            for (Declaration t : theirs.values()) {
                Optional<String> owner = t.key().endsWith("#serialVersionUID")
                        ? Optional.of(t.key().substring(0, t.key().indexOf('#')))
                        : Optional.empty();
                if (owner.isPresent() && ourKeys.contains(owner.get())) {
                    manifest.add(t.line());
                    if (!ourKeys.contains(t.key())) {
                        problems.add("MISSING IN SUBSET " + t.line());
                    }
                }
            }
        }
        problems.forEach(System.out::println);
        System.out.println(problems.size() + " difference(s) between the subset and upstream; "
                + manifest.size() + " manifest line(s)");
        if (write) {
            List<String> lines = new ArrayList<>();
            lines.add("# Upstream signatures of every public/protected declaration in jenkins-api-subset (plus");
            lines.add("# serialVersionUID). Generated by jenkins-api-subset/verify (see jenkins-api-subset/README.md);");
            lines.add("# do not edit. Read from:");
            for (UpstreamRelease r : RELEASES) {
                lines.add("#   " + r.artifact() + ":" + r.version() + " = " + r.repo() + "@" + r.commit());
            }
            lines.add("# api-annotations: " + String.join(" ", new TreeSet<>(ConstantValues.API_ANNOTATIONS)));
            lines.addAll(manifest);
            Files.createDirectories(MANIFEST.getParent());
            Files.write(MANIFEST, lines);
            System.out.println("wrote " + MANIFEST);
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
