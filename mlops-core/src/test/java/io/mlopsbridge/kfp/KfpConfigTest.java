package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubeflow server's address as given, checked before any request. */
class KfpConfigTest {

    @Test
    void aUrlWithAUserNameNamesTheTokenInputOfEachFrontEnd() {
        MlopsException e = catchThrowableOfType(MlopsException.class,
                () -> KfpConfig.of("https://admin:hunter2@kfp.example.com"));

        assertThat(e.hint()).hasValue("remove them and pass the token with --kfp-token-file or $KFP_TOKEN");
        assertThat(e.oneLine(InputNaming.STEP_PARAMETERS)).contains("pass the token with kubeflowCredentialsId")
                .doesNotContain("$KFP_TOKEN").doesNotContain("hunter2");
    }

    @Test
    void linksForPeopleCarryNoCredentialsFromTheUiUrl() {
        KfpConfig config = KfpConfig.of("https://kfp.example.com").withUiUrl("https://kfp.example.com/?token=KfpQ888");

        assertThat(config.runUrl("5b1c")).isEqualTo("https://kfp.example.com/#/runs/details/5b1c");
        assertThat(config.pipelineVersionUrl("p1", "v2"))
                .isEqualTo("https://kfp.example.com/#/pipelines/details/p1/version/v2");
    }

    @Test
    void aTokenFileThatDoesNotExistSaysSo(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-token");
        KfpConfig config = KfpConfig.of("https://kfp.example.com").withTokenFile(missing);

        MlopsException e = catchThrowableOfType(MlopsException.class, () -> config.credentials().authorizationHeader());

        assertThat(e.getMessage()).isEqualTo("KFP token file " + missing + " cannot be read: it does not exist");
    }

    @Test
    void aTokenFileThatIsNotTextSaysSoInsteadOfTheDecodersWords(@TempDir Path dir) throws IOException {
        // E.g. a keystore or a gzipped secret given where the service-account token file belongs.
        Path binary = Files.write(dir.resolve("token"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01});
        KfpConfig config = KfpConfig.of("https://kfp.example.com").withTokenFile(binary);

        MlopsException e = catchThrowableOfType(MlopsException.class, () -> config.credentials().authorizationHeader());

        assertThat(e.getMessage()).isEqualTo("KFP token file " + binary + " is not text: it is not UTF-8");
    }
}
