package io.mlopsbridge.subset;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected declaration of the subset has exactly the signature upstream declares at the pinned
 * releases. The manifest ({@code upstream-signatures.txt}) is generated from the upstream sources by
 * {@code jenkins-api-subset/verify} (see the README); this test needs no network: it reads the subset's class files.
 */
class UpstreamSignaturesTest {
    private static final String API_ANNOTATIONS_HEADER = "# api-annotations:";

    @Test
    void everySubsetDeclarationHasItsUpstreamSignature() throws IOException, URISyntaxException {
        List<String> problems = new ManifestComparison(subsetLines(), manifest()).problems();

        assertThat(problems).as("subset declarations that differ from upstream (see jenkins-api-subset/README.md)")
                .isEmpty();
    }

    @Test
    void aGenericMethodIsReadWithItsTypeParametersGenericParametersAndThrows() throws Exception {
        assertThat(subsetLines()).contains("hudson.FilePath#act(hudson.FilePath$FileCallable) public <T> T"
                + " (hudson.FilePath$FileCallable<T>) throws java.io.IOException,java.lang.InterruptedException");
    }

    @Test
    void aNestedInterfaceIsReadAsStaticWithItsTypeParameterAndSuperinterfaces() throws Exception {
        assertThat(subsetLines()).contains("hudson.FilePath$FileCallable public static interface<T>"
                + " implements java.io.Serializable,org.jenkinsci.remoting.RoleSensitive");
    }

    @Test
    void nullnessAnnotationsAndConstantsArePartOfTheSignature() throws Exception {
        assertThat(subsetLines()).contains(
                "hudson.FilePath#child(java.lang.String) public hudson.FilePath (java.lang.String)"
                        + " @edu.umd.cs.findbugs.annotations.NonNull",
                "hudson.FilePath#serialVersionUID private static final long = 1L");
    }

    @Test
    void aChangedReturnTypeIsReportedAgainstTheManifest() {
        String upstream = "hudson.FilePath#exists() public boolean () throws java.io.IOException";
        String subset = "hudson.FilePath#exists() public java.lang.Boolean () throws java.io.IOException";

        List<String> problems = new ManifestComparison(List.of(subset), List.of(upstream)).problems();

        assertThat(problems).singleElement().asString().contains("subset:   " + subset, "upstream: " + upstream);
    }

    @Test
    void aDeclarationUpstreamDoesNotHaveIsReported() {
        String extra = "hudson.FilePath#delete() public void ()";

        List<String> problems = new ManifestComparison(List.of(extra), List.of("# header")).problems();

        assertThat(problems).singleElement().asString().contains("not in the upstream manifest", extra);
    }

    @Test
    void aSerialVersionUidUpstreamDeclaresIsRequired() {
        List<String> subset = List.of("hudson.EnvVars public class extends java.util.TreeMap<java.lang.String,"
                + "java.lang.String>");
        List<String> manifest = List.of(subset.get(0),
                "hudson.EnvVars#serialVersionUID private static final long = 4320331661987259022L");

        assertThat(new ManifestComparison(subset, manifest).problems()).singleElement().asString()
                .contains("hudson.EnvVars#serialVersionUID");
    }

    private static List<String> subsetLines() throws URISyntaxException, IOException {
        Path classes = Path.of(FilePath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ClassFileSignatures.of(classes, apiAnnotations(manifest()));
    }

    /** The annotations the generator counts as part of a signature, from the manifest's header. */
    private static Set<String> apiAnnotations(List<String> manifest) {
        String header = manifest.stream().filter(l -> l.startsWith(API_ANNOTATIONS_HEADER)).findFirst()
                .orElseThrow(() -> new AssertionError("the manifest has no '" + API_ANNOTATIONS_HEADER + "' line"));
        return Set.of(header.substring(API_ANNOTATIONS_HEADER.length()).trim().split(" "));
    }

    private static List<String> manifest() throws IOException {
        try (InputStream in = UpstreamSignaturesTest.class.getResourceAsStream("/upstream-signatures.txt")) {
            assertThat(in).as("upstream-signatures.txt on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
