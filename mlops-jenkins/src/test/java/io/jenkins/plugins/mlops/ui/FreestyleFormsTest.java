package io.jenkins.plugins.mlops.ui;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.formFields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.deploy.DeployModelBuilder;
import io.jenkins.plugins.mlops.drift.CheckDriftBuilder;
import io.jenkins.plugins.mlops.harness.ConfigurationPage.FormField;
import io.jenkins.plugins.mlops.register.RegisterModelBuilder;
import io.jenkins.plugins.mlops.train.TrainModelBuilder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The Freestyle build steps' pages against their Pipeline steps: saving a job's configuration page binds a fresh
 * step from the fields on the page, so a step parameter with no field there (in the step's own form or the build
 * step's) is dropped from the job on every save, whatever config.xml, Job DSL or JCasC had set.
 */
class FreestyleFormsTest {
    @Test
    void everyParameterOfAStepHasAFieldOnItsFreestyleBuildStepsPage() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> builder : List.of(RegisterModelBuilder.class, TrainModelBuilder.class, DeployModelBuilder.class,
                CheckDriftBuilder.class)) {
            Class<?> step = builder.getMethod("getStep").getReturnType();
            Set<String> onThePage = Stream.concat(formFields(builder).stream(), formFields(step).stream())
                    .map(FormField::name).collect(Collectors.toSet());
            parameters(step).stream().filter(p -> !onThePage.contains(p))
                    .forEach(p -> missing.add(builder.getSimpleName() + ": " + step.getSimpleName() + "." + p));
        }
        assertThat(missing).as("step parameters a save of the Freestyle page drops").isEmpty();
    }

    private static Set<String> parameters(Class<?> step) {
        Set<String> parameters = new TreeSet<>();
        for (Method m : step.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                parameters.add(m.getName().substring(3, 4).toLowerCase(Locale.ROOT) + m.getName().substring(4));
            }
        }
        Arrays.stream(step.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class))
                .flatMap(c -> Arrays.stream(c.getParameters())).forEach(p -> parameters.add(p.getName()));
        return parameters;
    }
}
