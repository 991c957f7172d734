package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.deploy.DeployInputNames;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.gate.GateInputNames;
import io.mlopsbridge.kfp.KfpInputNames;
import io.mlopsbridge.mlflow.MlflowInputNames;
import io.mlopsbridge.registry.RegistryInputNames;
import io.mlopsbridge.train.TrainInputNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every input an engine message can name is an option of the command the user ran, so following a hint never leads
 * to "Unknown option".
 */
class InputNamesMatchOptionsTest {

    static List<InputName> inputsOf(Class<?> names) throws IllegalAccessException {
        List<InputName> inputs = new ArrayList<>();
        for (Field field : names.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == InputName.class) {
                inputs.add((InputName) field.get(null));
            }
        }
        return inputs;
    }

    private static Set<String> optionsOf(String command) {
        return MlopsCommand.commandLine().getSubcommands().get(command).getCommandSpec().optionsMap().keySet();
    }

    @Test
    void deploysInputsAreOptionsOfMlopsDeploy() throws Exception {
        assertThat(inputsOf(DeployInputNames.class)).isNotEmpty().extracting(InputName::option)
                .allSatisfy(option -> assertThat(optionsOf("deploy")).contains(option));
    }

    @Test
    void driftsInputsAreOptionsOfMlopsDrift() throws Exception {
        assertThat(inputsOf(DriftInputNames.class)).isNotEmpty().extracting(InputName::option)
                .allSatisfy(option -> assertThat(optionsOf("drift")).contains(option));
    }

    @Test
    void trainingsInputsAndItsKubeflowServersAreOptionsOfMlopsTrain() throws Exception {
        List<InputName> inputs = new ArrayList<>(inputsOf(TrainInputNames.class));
        inputs.addAll(inputsOf(KfpInputNames.class));
        assertThat(inputs).isNotEmpty().extracting(InputName::option)
                .allSatisfy(option -> assertThat(optionsOf("train")).contains(option));
    }

    @Test
    void registrysInputsAreOptionsOfMlopsRegisterPromoteOrRollback() throws Exception {
        Set<String> options = new HashSet<>(optionsOf("register"));
        options.addAll(optionsOf("promote"));
        options.addAll(optionsOf("rollback"));
        assertThat(inputsOf(RegistryInputNames.class)).isNotEmpty().extracting(InputName::option)
                .allSatisfy(option -> assertThat(options).contains(option));
    }

    @Test
    void theGateReportDirectoryIsAnOptionOfMlopsGateAndMlopsRegister() throws Exception {
        assertThat(inputsOf(GateInputNames.class)).isNotEmpty().extracting(InputName::option)
                .allSatisfy(option -> assertThat(optionsOf("gate")).contains(option))
                .allSatisfy(option -> assertThat(optionsOf("register")).contains(option));
    }

    @Test
    void theMlflowServerIsAnOptionOfEveryCommandThatTalksToMlflow() throws Exception {
        for (String command : List.of("register", "promote", "rollback", "gate", "deploy", "train", "drift")) {
            assertThat(inputsOf(MlflowInputNames.class)).isNotEmpty().extracting(InputName::option)
                    .allSatisfy(option -> assertThat(optionsOf(command)).as(command).contains(option));
        }
    }
}
