package io.mlopsbridge.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ModelIdentityTest {

    @Test
    void isFirst32HexOfSha256OverNulSeparatedFields() throws Exception {
        byte[] bytes = "http://mlflow:5000\u0000fraud\u00007".getBytes(StandardCharsets.UTF_8);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                .substring(0, 32);

        assertThat(ModelIdentity.of("http://mlflow:5000", "fraud", "7").hex()).isEqualTo(expected);
    }

    @Test
    void equivalentRegistryUrlsGiveTheSameIdentity() {
        assertThat(ModelIdentity.of("HTTP://MLflow:5000/", "fraud", "7"))
                .isEqualTo(ModelIdentity.of("http://mlflow:5000", "fraud", "7"));
    }

    @Test
    void fieldBoundariesMatter() {
        assertThat(ModelIdentity.of("http://m", "fraud1", "2"))
                .isNotEqualTo(ModelIdentity.of("http://m", "fraud", "12"));
    }
}
