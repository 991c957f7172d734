import io.mlopsbridge.library.MlopsCli

/**
 * deployModel(model:, version:|alias:, target:, namespace:, serviceName:, canary:, smoke:, smokeGate:,
 * promoteAlias:, dryRun:, ...) — the Jenkins plugin's step of the same name, with its parameter names (`name:`, the
 * library's old name for serviceName, still works), run through `mlops deploy --json` on the agent. Returns the same
 * map.
 */
def call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this, 'deployModel', optionOf())
    args = cli.acceptOnly(args, ['model', 'version', 'alias', 'target', 'namespace', 'serviceName', 'canary', 'smoke',
                                 'smokeGate', 'smokeEndpoint', 'promoteAlias', 'timeout', 'dryRun', 'releaseVersion',
                                 'storageUri', 'artifactsDestination', 'deploymentMode', 'serviceAccount', 'image',
                                 'replicas', 'cpu', 'memory', 'imageServesModel', 'envSecret', 'clusterTrackingUri',
                                 'kubernetesServerUrl', 'kubernetesCredentialsId', 'mlflowBin', 'pollInterval'],
                          [name: 'serviceName'])
    cli.require(args, 'model', "deployModel(model: 'fraud-detector', alias: 'candidate', target: 'kserve')")
    args = cli.withBooleans(args, ['dryRun', 'imageServesModel'])
    cli.requireOneValueEach(args, [], ['dryRun', 'imageServesModel'])
    if (!MlopsCli.given(args.target)) {
        args = args + [target: 'kserve'] // the plugin's default; the command line has none
    }
    if ((args.version == null) == (args.alias == null)) {
        error("deployModel: give either 'version' or 'alias', e.g. deployModel(model: '${args.model}', "
                + "alias: 'candidate', target: '${args.target}')")
    }
    List<String> command = ['deploy', '--json', cli.option('model'), String.valueOf(args.model)]
    command += cli.options(args, optionOf().keySet().findAll { it != 'model' } as List)
    // A kubeconfig credential is bound as $KUBECONFIG, which the command line reads like kubectl does; a
    // kubernetesCredentialsId token as $MLOPS_KUBE_TOKEN, the only place --kube-server takes it from.
    // pollInterval is taken so the plugin's Jenkinsfiles run unchanged; the command line has no such option and
    // looks at the rollout every 2 s, growing to 30 s while nothing changes.
    Map outcome = cli.run(args, command)
    return cli.finish(outcome, false, rolledBackLine(outcome.result))
}

/**
 * Each parameter passed as a command-line option, and the option: the command line is built from these, and its
 * errors name the parameter back (deployModel: storageUri ..., not --storage-uri ...).
 */
@NonCPS
private static Map<String, String> optionOf() {
    return [model: '--model', version: '--version', alias: '--alias', target: '--target', namespace: '--namespace',
            serviceName: '--name', canary: '--canary', smoke: '--smoke', smokeGate: '--smoke-gate',
            smokeEndpoint: '--smoke-endpoint', promoteAlias: '--promote-alias', timeout: '--timeout',
            dryRun: '--dry-run', releaseVersion: '--release', storageUri: '--storage-uri',
            artifactsDestination: '--artifacts-destination', deploymentMode: '--deployment-mode',
            serviceAccount: '--service-account', image: '--image', replicas: '--replicas', cpu: '--cpu',
            memory: '--memory', imageServesModel: '--image-serves-model', envSecret: '--env-secret',
            clusterTrackingUri: '--cluster-tracking-uri', kubernetesServerUrl: '--kube-server',
            mlflowBin: '--mlflow-bin']
}

/** "fraud-detector version 7 rolled back: smoke test failed: ..." for exit code 1 (the smoke gate failed). */
@NonCPS
private static String rolledBackLine(Map result) {
    if (result == null) {
        return 'smoke gate failed; the deployment was rolled back'
    }
    String why = result.rollout?.failure ?: 'smoke gate failed'
    return "${result.modelName} version ${result.version} rolled back: ${why}"
}
