package io.mlopsbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An input named in a message reads as the front end showing it calls that input. */
class InputNameTest {
    private static final InputName SERVICE_NAME = InputName.of("serviceName", "--name");
    private static final InputName CHAMPION_ALIAS = InputName.of("championAlias");

    private static MlopsException badServiceName() {
        return MlopsException.input("service name: 'Fraud_Detector' is not a valid Kubernetes service name",
                "pass " + SERVICE_NAME + " with a DNS label such as fraud-detector");
    }

    @Test
    void anOptionIsDerivedFromTheParameterInKebabCase() {
        assertThat(CHAMPION_ALIAS.option()).isEqualTo("--champion-alias");
        assertThat(InputName.of("kubeflowUrl").option()).isEqualTo("--kubeflow-url");
        assertThat(InputName.of("canary").option()).isEqualTo("--canary");
    }

    @Test
    void theCommandLineSeesItsOptions() {
        assertThat(badServiceName().oneLine()).isEqualTo("service name: 'Fraud_Detector' is not a valid Kubernetes"
                + " service name (pass --name with a DNS label such as fraud-detector)");
        assertThat(badServiceName().hint()).hasValue("pass --name with a DNS label such as fraud-detector");
    }

    @Test
    void aStepSeesItsParameters() {
        assertThat(badServiceName().oneLine(InputNaming.STEP_PARAMETERS)).isEqualTo("service name: 'Fraud_Detector'"
                + " is not a valid Kubernetes service name (pass serviceName with a DNS label such as fraud-detector)");
    }

    @Test
    void theMessageAloneNamesTheOptionToo() {
        MlopsException e = MlopsException.input(CHAMPION_ALIAS + " 'Champion' is not a valid alias", null);
        assertThat(e.getMessage()).isEqualTo("--champion-alias 'Champion' is not a valid alias");
        assertThat(e).hasToString(MlopsException.class.getName() + ": --champion-alias 'Champion' is not a valid alias");
        assertThat(e.oneLine(InputNaming.STEP_PARAMETERS)).isEqualTo("championAlias 'Champion' is not a valid alias");
    }

    @Test
    void aWordingShowsEachFrontEndItsOwnText() {
        String hint = "e.g. " + InputName.wording("tags: [team: 'fraud']", "--tag team=fraud");
        assertThat(InputNaming.CLI_OPTIONS.render(hint)).isEqualTo("e.g. --tag team=fraud");
        assertThat(InputNaming.STEP_PARAMETERS.render(hint)).isEqualTo("e.g. tags: [team: 'fraud']");
    }

    @Test
    void textWithoutInputsIsLeftAsItIs() {
        String text = "deploy: rollout of models/fraud-detector rolled back (--env-manager local)";
        assertThat(InputNaming.STEP_PARAMETERS.render(text)).isSameAs(text);
        assertThat(InputNaming.CLI_OPTIONS.render(null)).isNull();
    }
}
