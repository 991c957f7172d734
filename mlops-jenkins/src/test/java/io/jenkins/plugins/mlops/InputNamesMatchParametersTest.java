package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.jenkins.plugins.mlops.train.TrainModelStep;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.deploy.DeployInputNames;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.gate.GateInputNames;
import io.mlopsbridge.kfp.KfpInputNames;
import io.mlopsbridge.mlflow.MlflowInputNames;
import io.mlopsbridge.registry.RegistryInputNames;
import io.mlopsbridge.train.TrainInputNames;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every input an engine message can name is a parameter of the step that runs the operation, so a Jenkins user
 * told to fix {@code serviceName} finds that field; the few inputs only the command line has are listed here.
 */
class InputNamesMatchParametersTest {

    private static List<String> parametersNamedBy(Class<?> names) throws IllegalAccessException {
        List<String> parameters = new ArrayList<>();
        for (Field field : names.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == InputName.class) {
                parameters.add(((InputName) field.get(null)).parameter());
            }
        }
        return parameters;
    }

    private static Set<String> propertiesOf(Class<?> step) throws IntrospectionException {
        return Arrays.stream(Introspector.getBeanInfo(step).getPropertyDescriptors()).map(PropertyDescriptor::getName)
                .collect(Collectors.toSet());
    }

    /** Each input is a parameter of {@code step}, or one of {@code commandLineOnly}, which the step does not have. */
    private static void assertNamedAsParametersOf(Class<?> step, List<String> parameters, Set<String> commandLineOnly)
            throws IntrospectionException {
        Set<String> properties = propertiesOf(step);
        assertThat(parameters).isNotEmpty()
                .allSatisfy(p -> assertThat(properties.contains(p) || commandLineOnly.contains(p)).as(p).isTrue())
                .containsAll(commandLineOnly);
        assertThat(commandLineOnly).doesNotContainAnyElementsOf(properties);
    }

    @Test
    void deploysInputsAreParametersOfDeployModelExceptTheCommandLineOnes() throws Exception {
        assertNamedAsParametersOf(DeployModelStep.class, parametersNamedBy(DeployInputNames.class), Set.of(
                "inCluster"));
    }

    @Test
    void driftsInputsAreParametersOfCheckDriftExceptTheCommandLineOnes() throws Exception {
        assertNamedAsParametersOf(CheckDriftStep.class, parametersNamedBy(DriftInputNames.class), Set.of());
    }

    @Test
    void trainingsInputsAreParametersOfTrainModelExceptTheCommandLineOnes() throws Exception {
        List<String> parameters = new ArrayList<>(parametersNamedBy(TrainInputNames.class));
        parameters.addAll(parametersNamedBy(KfpInputNames.class));
        assertNamedAsParametersOf(TrainModelStep.class, parameters, Set.of());
    }

    @Test
    void registrysInputsAreParametersOfRegisterModelExceptTheCommandLineOnes() throws Exception {
        // Promote and rollback have no step; the build's coordinates come from the build.
        assertNamedAsParametersOf(RegisterModelStep.class, parametersNamedBy(RegistryInputNames.class), Set.of(
                "ciJob", "buildNumber", "version", "fromAlias", "allowRejected"));
    }

    @Test
    void theGateReportDirectoryIsAParameterOfRegisterModel() throws Exception {
        assertNamedAsParametersOf(RegisterModelStep.class, parametersNamedBy(GateInputNames.class), Set.of());
    }

    @Test
    void theMlflowServerIsAParameterOfEveryMlflowStep() throws Exception {
        assertNamedAsParametersOf(MlflowStep.class, parametersNamedBy(MlflowInputNames.class), Set.of());
    }
}
