package io.mlopsbridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.InputNaming;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingBuildLogTest {
    private final List<String> lines = new ArrayList<>();
    private final BuildLog terminal = new BuildLog() {
        @Override
        public void info(String line) {
            lines.add("info " + line);
        }

        @Override
        public void warn(String line) {
            lines.add("warn " + line);
        }

        @Override
        public void relay(String line) {
            lines.add("relay " + line);
        }
    };

    @Test
    void masksEverySecretInInfoAndWarningLines() {
        BuildLog log = new MaskingBuildLog(terminal, SecretMasker.of(List.of("s3cr3t-token", "hunter22")));

        log.info("calling with s3cr3t-token");
        log.warn("password hunter22 rejected");

        assertThat(lines).containsExactly("info calling with ****", "warn password **** rejected");
    }

    @Test
    void masksEverySecretInATrainingScriptsRelayedLineAndKeepsItARelayedLine() {
        BuildLog log = new MaskingBuildLog(terminal, SecretMasker.of(List.of("s3cr3t-token")));

        log.relay("| downloading with token s3cr3t-token");

        assertThat(lines).containsExactly("relay | downloading with token ****");
    }

    @Test
    void namesInputsAsTheFrontEndCallsThemBeforeMasking() {
        InputName championAlias = InputName.of("championAlias");
        BuildLog jenkins = new MaskingBuildLog(terminal, SecretMasker.of(List.of("s3cr3t-token")),
                InputNaming.STEP_PARAMETERS);

        jenkins.warn("no version holds alias 'champion' (check " + championAlias + "; token s3cr3t-token)");
        new MaskingBuildLog(terminal, SecretMasker.none()).info("check " + championAlias);

        assertThat(lines).containsExactly("warn no version holds alias 'champion' (check championAlias; token ****)",
                "info check --champion-alias");
    }

    @Test
    void masksTheLongerOfTwoOverlappingSecretsWhole() {
        SecretMasker masker = SecretMasker.of(List.of("abc", "abcdef"));

        assertThat(masker.mask("x abcdef y abc")).isEqualTo("x **** y ****");
    }

    @Test
    void ignoresValuesTooShortToMaskSafely() {
        SecretMasker masker = SecretMasker.of(List.of("a", ""));

        assertThat(masker.mask("a build at 10:00")).isEqualTo("a build at 10:00");
    }
}
