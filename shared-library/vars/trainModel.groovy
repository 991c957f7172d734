import io.mlopsbridge.library.MlopsCli

/**
 * trainModel — the Jenkins plugin's step of the same name, in its two forms, run through `mlops train --json`:
 *
 *   trainModel(kubeflow: 'pipeline.yaml', parameters: [n_estimators: 300], experiment: 'fraud', timeout: '2h')
 *   trainModel(experiment: 'fraud') { sh 'python train.py' }
 *
 * Both return the CLI's training result as a map (status, mlflow_run_id, metrics, ...). The parameter names are the
 * plugin's; the library's old names kfpNamespace, kfpUrl, kfpCredentialsId and kfpUiUrl (now kubeflowNamespace,
 * kubeflowUrl, kubeflowCredentialsId, kubeflowUiUrl) still work.
 */
def call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this, 'trainModel', optionOf())
    args = cli.acceptOnly(args, ['kubeflow', 'parameters', 'experiment', 'timeout', 'releaseVersion', 'runName',
                                 'pipelineName', 'serviceAccount', 'kubeflowNamespace', 'pollInterval',
                                 'kubeflowUiUrl'],
                          [kfpNamespace: 'kubeflowNamespace', kfpUiUrl: 'kubeflowUiUrl'])
    cli.requireOneValueEach(args, ['parameters'], [])
    cli.require(args, 'kubeflow', "trainModel(kubeflow: 'pipeline.yaml', experiment: 'fraud-detection'), "
            + "or the block form trainModel(experiment: 'fraud-detection') { sh 'python train.py' }")
    if (args.parameters != null && !(args.parameters instanceof Map)) {
        error("trainModel: parameter 'parameters' must be a map, e.g. parameters: [n_estimators: 300]")
    }
    cli.requireKeysWithoutEquals(args, ['parameters'])
    List<String> command = ['train', '--json', cli.option('kubeflow'), String.valueOf(args.kubeflow)]
    command += cli.options(args + [timeout: timeoutText(args.timeout)],
            ['experiment', 'timeout', 'releaseVersion', 'runName', 'pipelineName', 'serviceAccount',
             'kubeflowNamespace', 'kubeflowUiUrl'])
    // pollInterval is taken so the plugin's Jenkinsfiles run unchanged; the command line has no such option and
    // looks at the run every 2 s, growing to 30 s while nothing changes.
    args.parameters?.each { name, value -> command += [cli.option('parameters'), "${name}=${value}" as String] }
    return cli.finish(cli.run(args, command), false, null)
}

/**
 * The block form: `mlops train` opens the MLflow run around the block. The CLI runs a command, not Pipeline steps,
 * so the library starts `mlops train -- mlops-block.sh` in the background; that command hands the run's variables
 * over and waits; the block runs with MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID, MLFLOW_TRACKING_URI and
 * MLOPS_RELEASE_VERSION set (and the MLflow credentials bound); then the command exits with the block's outcome
 * and `mlops train` closes the run FINISHED or FAILED and returns its metrics.
 */
def call(Map args, Closure body) {
    MlopsCli cli = new MlopsCli(this, 'trainModel', optionOf())
    // The Kubeflow form's parameters are taken and unused, as the plugin's block form does, so one set of
    // parameters can serve both forms.
    args = cli.acceptOnly(args, ['experiment', 'runName', 'releaseVersion', 'timeout', 'parameters', 'pipelineName',
                                 'serviceAccount', 'kubeflowNamespace', 'pollInterval', 'kubeflowUiUrl'],
                          [kfpNamespace: 'kubeflowNamespace', kfpUiUrl: 'kubeflowUiUrl'])
    cli.requireOneValueEach(args, ['parameters'], [])
    cli.require(args, 'experiment', "trainModel(experiment: 'fraud-detection') { sh 'python train.py' }")
    List<String> command = ['train', '--json', cli.option('experiment'), String.valueOf(args.experiment)]
    command += cli.options(args + [timeout: timeoutText(args.timeout)], ['runName', 'releaseVersion', 'timeout'])
    return cli.runAround(args, command, body)
}

/**
 * Each parameter passed as a command-line option, and the option: the command line is built from these, and its
 * errors name the parameter back (trainModel: timeout ..., not --timeout ...).
 */
@NonCPS
private static Map<String, String> optionOf() {
    return [kubeflow: '--kubeflow', parameters: '--param', experiment: '--experiment', timeout: '--timeout',
            releaseVersion: '--release-version', runName: '--run-name', pipelineName: '--pipeline-name',
            serviceAccount: '--service-account', kubeflowNamespace: '--kfp-namespace', kubeflowUiUrl: '--kfp-ui-url']
}

/** A number is minutes, as in Jenkins' own timeout step; text is the CLI's duration (90s, 30m, 2h, 1h30m). */
@NonCPS
private static String timeoutText(Object timeout) {
    return timeout instanceof Number ? "${timeout}m" : (timeout == null ? null : String.valueOf(timeout))
}
