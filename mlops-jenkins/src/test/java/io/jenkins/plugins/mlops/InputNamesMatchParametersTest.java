package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.deploy.DeployInputNames;
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

    @Test
    void deploysInputsAreParametersOfDeployModelExceptTheCommandLineOnes() throws Exception {
        Set<String> commandLineOnly = Set.of("deploymentMode", "cpu", "memory", "imageServesModel",
                "envSecret", "clusterTrackingUri", "inCluster");
        Set<String> step = propertiesOf(DeployModelStep.class);

        assertThat(parametersNamedBy(DeployInputNames.class)).isNotEmpty()
                .allSatisfy(p -> assertThat(step.contains(p) || commandLineOnly.contains(p)).as(p).isTrue())
                .containsAll(commandLineOnly);
        assertThat(commandLineOnly).doesNotContainAnyElementsOf(step);
    }
}
