package io.mlopsbridge.library;

import static com.lesfurets.jenkins.unit.MethodSignature.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.jenkins.plugins.mlops.train.TrainModelStep;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A Jenkinsfile written against the plugin runs unchanged with the library: each var accepts every parameter the
 * plugin's step of the same name binds (its {@code @DataBoundConstructor} arguments and {@code @DataBoundSetter}
 * properties, read from the plugin's classes, so a parameter added to a step fails here until the var takes it).
 * The command line is not run: {@code sh} stops the build where the var would start it, with the command it built.
 */
public class PluginParameterNamesTest extends LibraryPipelineTest {

    /**
     * A realistic value for every parameter name the plugin's steps have. The command line never runs, so values it
     * would refuse together (an {@code alias} with {@code noAlias}) do not matter here.
     */
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("mlflowUrl", "'https://mlflow.acme.internal'"),
            Map.entry("mlflowCredentialsId", "'mlflow-login'"),
            Map.entry("releaseVersion", "'1.4.0'"),
            Map.entry("serviceAccount", "'pipeline-runner'"),
            Map.entry("pollInterval", "'10s'"),
            Map.entry("timeout", "'2h'"),
            // trainModel
            Map.entry("kubeflow", "'pipelines/fraud-training.yaml'"),
            Map.entry("parameters", "[n_estimators: 300, max_depth: 8]"),
            Map.entry("experiment", "'fraud-detection'"),
            Map.entry("pipelineName", "'fraud-training'"),
            Map.entry("runName", "'nightly-42'"),
            Map.entry("kubeflowUrl", "'https://kubeflow.acme.internal/pipeline'"),
            Map.entry("kubeflowUiUrl", "'https://kubeflow.acme.example/pipeline'"),
            Map.entry("kubeflowCredentialsId", "'kfp-token'"),
            Map.entry("kubeflowNamespace", "'team-fraud'"),
            // registerModel
            Map.entry("runId", "'8f3c0d6e2b4a4f5e9a1b7c3d2e1f0a9b'"),
            Map.entry("gate", "'auc >= 0.92'"),
            Map.entry("noAlias", "true"),
            Map.entry("championAlias", "'champion'"),
            Map.entry("artifactPath", "'model'"),
            Map.entry("modelUri", "'runs:/8f3c0d6e2b4a4f5e9a1b7c3d2e1f0a9b/model'"),
            Map.entry("datasets", "[transactions: 'sha256:9b74c9897bac770ffc029102a200c5de']"),
            Map.entry("tags", "[team: 'fraud']"),
            Map.entry("readyTimeout", "300"),
            Map.entry("unstableOnGateFailure", "true"),
            Map.entry("reportDir", "'reports/gate'"),
            // deployModel (model and alias are registerModel's too)
            Map.entry("model", "'fraud-detector'"),
            Map.entry("alias", "'candidate'"),
            Map.entry("version", "'7'"),
            Map.entry("target", "'kserve'"),
            Map.entry("namespace", "'models'"),
            Map.entry("serviceName", "'fraud-detector-svc'"),
            Map.entry("canary", "10"),
            Map.entry("smoke", "'smoke.json'"),
            Map.entry("smokeGate", "'error_rate == 0'"),
            Map.entry("smokeEndpoint", "'/v2/models/fraud-detector/infer'"),
            Map.entry("promoteAlias", "'champion'"),
            Map.entry("dryRun", "true"),
            Map.entry("storageUri", "'s3://models/fraud-detector/7'"),
            Map.entry("artifactsDestination", "'s3://mlflow-artifacts'"),
            Map.entry("deploymentMode", "'Serverless'"),
            Map.entry("image", "'registry.example.com/fraud-serving:1.4'"),
            Map.entry("replicas", "2"),
            Map.entry("cpu", "'500m:2'"),
            Map.entry("memory", "'2Gi'"),
            Map.entry("imageServesModel", "true"),
            Map.entry("envSecret", "'mlflow-credentials'"),
            Map.entry("clusterTrackingUri", "'http://mlflow.mlflow.svc.cluster.local:5000'"),
            Map.entry("kubeconfigCredentialsId", "'models-cluster'"),
            Map.entry("kubernetesServerUrl", "'https://k8s.acme.internal:6443'"),
            Map.entry("kubernetesCredentialsId", "'deployer-token'"),
            Map.entry("mlflowBin", "'/opt/mlflow/bin/mlflow'"),
            // checkDrift (version and model are deployModel's too)
            Map.entry("reference", "'data/train.csv'"),
            Map.entry("current", "'data/last-week.csv'"),
            Map.entry("profile", "'reports/reference-profile.json'"),
            Map.entry("method", "'psi'"),
            Map.entry("threshold", "0.2"),
            Map.entry("driftShare", "0.5"),
            Map.entry("maxBadRows", "100"),
            Map.entry("columns", "['amount', 'channel']"),
            Map.entry("exclude", "['transaction_id']"),
            Map.entry("delimiter", "';'"),
            Map.entry("quote", "\"'\""),
            Map.entry("numeric", "['instalments']"),
            Map.entry("categorical", "['mcc', 'postal_code']"),
            Map.entry("columnMethod", "[age: 'psi']"),
            Map.entry("columnThreshold", "[amount: 0.2]"),
            Map.entry("partitions", "4"),
            Map.entry("rule", "'amount.psi < 0.2'"),
            Map.entry("html", "'reports/drift.html'"),
            Map.entry("json", "'reports/drift.json'"),
            Map.entry("junit", "'reports/drift.xml'"),
            Map.entry("cooldown", "'24h'"),
            Map.entry("onDrift", "'unstable'"));

    /** Where {@code sh} stopped the build: the var got as far as starting the command line. */
    private static final class CommandLineReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandLineReached(String script) {
            super(script);
        }
    }

    @Before
    public void stopAtTheCommandLine() {
        Function<Object, Object> stop = args -> {
            throw new CommandLineReached(String.valueOf(((Map<?, ?>) args).get("script")));
        };
        getHelper().registerAllowedMethod(method("sh", Map.class), stop);
        credentials.add("mlflow-login", new JenkinsCredentials.UsernamePassword("ci-bot", "s3cr3t-mlflow"))
                .add("kfp-token", new JenkinsCredentials.SecretText("kfp-s3cr3t"))
                .add("models-cluster", new JenkinsCredentials.SecretFile("config", "apiVersion: v1\nkind: Config\n"))
                .add("deployer-token", new JenkinsCredentials.SecretText("kube-s3cr3t"));
    }

    /** The names Stapler binds for {@code step}: its data-bound constructor's arguments and setters. */
    static List<String> pluginParameters(Class<?> step) throws IntrospectionException {
        List<String> names = new ArrayList<>();
        for (Constructor<?> constructor : step.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter parameter : constructor.getParameters()) {
                    assertThat(parameter.isNamePresent()).as("mlops-jenkins compiled with -parameters").isTrue();
                    names.add(parameter.getName());
                }
            }
        }
        for (PropertyDescriptor property : Introspector.getBeanInfo(step).getPropertyDescriptors()) {
            Method setter = property.getWriteMethod();
            if (setter != null && setter.isAnnotationPresent(DataBoundSetter.class)) {
                names.add(property.getName());
            }
        }
        assertThat(names).as("parameters of " + step.getSimpleName()).isNotEmpty();
        return names;
    }

    /** {@code step(name: value, ...)} with each name, and the given trailing text (a block). */
    private static String call(String step, List<String> names, String block) {
        String arguments = names.stream().map(name -> {
            String value = VALUES.get(name);
            if (value == null) {
                fail("no sample value for the plugin's parameter '" + name + "' of " + step + ": add one to VALUES");
            }
            return name + ": " + value;
        }).collect(Collectors.joining(",\n    "));
        return step + "(" + arguments + ")" + block + "\n";
    }

    /** Runs the call and returns the command the var would have run; fails with the var's error if it stopped. */
    private String commandOf(String script) {
        try {
            runPipeline(script);
        } catch (CommandLineReached reached) {
            return reached.getMessage();
        } catch (PipelineFailure failure) {
            fail("the var refused the plugin's parameters: " + failure.getMessage() + "\nin\n" + script);
        }
        return fail("the var returned without starting the command line:\n" + script);
    }

    private void assertEveryPluginParameterAccepted(String step, Class<?> pluginStep, String block,
                                                    List<String> leftOut) throws IntrospectionException {
        List<String> names = new ArrayList<>(pluginParameters(pluginStep));
        assertThat(names).containsAll(leftOut);
        names.removeAll(leftOut);
        assertThat(commandOf(call(step, names, block))).contains("mlops-run.sh");
    }

    @Test
    public void trainModelTakesEveryParameterOfThePluginsStep() throws Exception {
        assertEveryPluginParameterAccepted("trainModel", TrainModelStep.class, "", List.of());
    }

    @Test
    public void trainModelsBlockFormTakesEveryParameterOfThePluginsStepButKubeflow() throws Exception {
        // The plugin refuses kubeflow: with a block ("takes kubeflow: or a block, not both"); the rest it accepts.
        assertEveryPluginParameterAccepted("trainModel", TrainModelStep.class, " { sh 'python train.py' }",
                List.of("kubeflow"));
    }

    @Test
    public void registerModelTakesEveryParameterOfThePluginsStep() throws Exception {
        assertEveryPluginParameterAccepted("registerModel", RegisterModelStep.class, "", List.of());
    }

    @Test
    public void deployModelTakesEveryParameterOfThePluginsStep() throws Exception {
        // version and alias exclude each other in both; each is taken in its own call.
        assertEveryPluginParameterAccepted("deployModel", DeployModelStep.class, "", List.of("version"));
        assertEveryPluginParameterAccepted("deployModel", DeployModelStep.class, "", List.of("alias"));
    }

    @Test
    public void checkDriftTakesEveryParameterOfThePluginsStep() throws Exception {
        assertEveryPluginParameterAccepted("checkDrift", CheckDriftStep.class, "", List.of());
    }

    @Test
    public void kubeflowNamespaceIsTheCommandLinesKfpNamespace() {
        assertThat(commandOf("trainModel(kubeflow: 'pipeline.yaml', kubeflowNamespace: 'team-fraud')"))
                .contains("'--kfp-namespace' 'team-fraud'");
    }

    @Test
    public void mlflowBinIsTheCommandLinesMlflowBin() {
        assertThat(commandOf("deployModel(model: 'fraud-detector', version: '7', target: 'local', "
                + "mlflowBin: '/opt/mlflow/bin/mlflow')"))
                .contains("'--mlflow-bin' '/opt/mlflow/bin/mlflow'");
    }

    @Test
    public void cpuAndMemoryAreTheCommandLinesCpuAndMemory() {
        assertThat(commandOf("deployModel(model: 'fraud-detector', version: '7', cpu: '500m:2', memory: '2Gi')"))
                .contains("'--cpu' '500m:2'").contains("'--memory' '2Gi'");
    }

    @Test
    public void theKubernetesTargetsServingParametersAreTheCommandLinesOptions() {
        assertThat(commandOf("deployModel(model: 'fraud-detector', version: '7', target: 'kubernetes', image:"
                + " 'registry.example.com/fraud-detector-model:7', imageServesModel: true, envSecret:"
                + " 'mlflow-credentials', clusterTrackingUri: 'http://mlflow.mlflow.svc.cluster.local:5000')"))
                .contains("'--image-serves-model'").contains("'--env-secret' 'mlflow-credentials'")
                .contains("'--cluster-tracking-uri' 'http://mlflow.mlflow.svc.cluster.local:5000'");
    }

    @Test
    public void readyTimeoutInSecondsIsTheCommandLinesReadyTimeout() {
        assertThat(commandOf("registerModel(model: 'fraud-detector', runId: 'r1', readyTimeout: 300)"))
                .contains("'--ready-timeout' '300'");
    }

    @Test
    public void aTabDelimiterReachesTheCommandLineAsTheCharacterNotAsABlankValue() {
        assertThat(commandOf("checkDrift(reference: 'data/train.csv', current: 'data/last-week.csv', "
                + "delimiter: '\\t', quote: '|')"))
                .contains("'--delimiter' '\t'").contains("'--quote' '|'");
    }

    @Test
    public void perColumnMapsReachTheCommandLineAsItsRepeatedColumnEqualsValueOptions() {
        assertThat(commandOf("checkDrift(reference: 'data/train.csv', current: 'data/last-week.csv', "
                + "columnMethod: [age: 'psi', amount: 'wasserstein'], columnThreshold: [amount: 0.2])"))
                .contains("'--column-method' 'age=psi' '--column-method' 'amount=wasserstein'")
                .contains("'--column-threshold' 'amount=0.2'");
    }

    @Test
    public void deployModelWithoutATargetDeploysToKserveAsThePluginsStepDoes() {
        assertThat(commandOf("deployModel(model: 'fraud-detector', alias: 'candidate')"))
                .contains("'--target' 'kserve'");
    }

    @Test
    public void everyPluginParameterHasASampleValueAndNoSampleIsStale() throws Exception {
        TreeSet<String> all = new TreeSet<>();
        for (Class<?> step : List.of(TrainModelStep.class, RegisterModelStep.class, DeployModelStep.class,
                CheckDriftStep.class)) {
            all.addAll(pluginParameters(step));
        }
        assertThat(new TreeSet<>(VALUES.keySet())).isEqualTo(all);
    }
}
