package io.mlopsbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;

/** A bearer token that an HTTP header cannot carry is the user's input error, named by where it came from. */
class BearerCredentialsTest {
    @Test
    void aTokenWithALineBreakInsideIsAnInputErrorNamingItsSourceNotItsValue() {
        Credentials token = Credentials.bearer("eyJhbGciOiJSUzI1NiJ9.c2VjcmV0\nc2Vjb25kLWxpbmU", "MLFLOW_TRACKING_TOKEN");

        MlopsException e = catchThrowableOfType(token::authorizationHeader, MlopsException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(e.getMessage()).contains("MLFLOW_TRACKING_TOKEN").contains("line break")
                .doesNotContain("c2VjcmV0").doesNotContain("c2Vjb25kLWxpbmU");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).isNotBlank());
    }

    @Test
    void aTokenWithANonAsciiCharacterIsAnInputErrorNamingItsSource() {
        Credentials token = Credentials.bearer("t\u00f6k\u00e9n-4a7f", "KFP_TOKEN");

        MlopsException e = catchThrowableOfType(token::authorizationHeader, MlopsException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(e.getMessage()).contains("KFP_TOKEN").doesNotContain("4a7f");
    }

    @Test
    void aTokenCopiedWithItsBearerSchemeIsAnInputErrorSayingToGiveTheTokenAlone() {
        // Copied from an "Authorization: Bearer …" header, it would be sent as "Bearer Bearer …" and refused (401).
        Credentials token = Credentials.bearer("Bearer eyJhbGciOiJSUzI1NiJ9.c2VjcmV0\n", "KFP token file");

        MlopsException e = catchThrowableOfType(token::authorizationHeader, MlopsException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(e.getMessage()).isEqualTo("KFP token file starts with 'Bearer ', which is added when it is sent");
        assertThat(e.hint()).hasValue("set it to the token alone, without 'Bearer '");
    }

    @Test
    void aTrailingNewlineAsFromATokenFileIsNotPartOfTheToken() {
        assertThat(Credentials.bearer("eyJhbGciOiJSUzI1NiJ9.c2VjcmV0\n", "KFP token file").authorizationHeader())
                .isEqualTo("Bearer eyJhbGciOiJSUzI1NiJ9.c2VjcmV0");
    }
}
