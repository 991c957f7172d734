import io.mlopsbridge.library.MlopsCli

/**
 * registerModel(model:, runId:, gate:, alias:|noAlias:, releaseVersion:, datasets:, tags:, readyTimeout:,
 * unstableOnGateFailure:) — the Jenkins plugin's step of the same name, run through `mlops register --json` on the
 * agent. Returns the same map.
 */
def call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this, 'registerModel', optionOf())
    args = cli.acceptOnly(args, ['model', 'runId', 'gate', 'alias', 'noAlias', 'championAlias', 'releaseVersion',
                                 'artifactPath', 'modelUri', 'datasets', 'tags', 'readyTimeout', 'reportDir',
                                 'unstableOnGateFailure'], [:])
    cli.require(args, 'model', "registerModel(model: 'fraud-detector', runId: env.RUN_ID)")
    cli.require(args, 'runId', "registerModel(model: '${args.model}', runId: env.RUN_ID)")
    args = cli.withBooleans(args, ['noAlias', 'unstableOnGateFailure'])
    cli.requireOneValueEach(args, ['tags', 'datasets'], ['noAlias', 'unstableOnGateFailure'])
    if (args.tags != null && !(args.tags instanceof Map)) {
        error("registerModel: parameter 'tags' must be a map, e.g. tags: [team: 'fraud']")
    }
    if (args.datasets != null && !(args.datasets instanceof Map)) {
        error("registerModel: parameter 'datasets' must be a map of dataset name to digest, "
                + "e.g. datasets: [transactions: 'sha256:9b74c989...']")
    }
    cli.requireKeysWithoutEquals(args, ['tags', 'datasets'])
    List<String> command = ['register', '--json', cli.option('model'), args.model as String, cli.option('runId'),
                            args.runId as String]
    // readyTimeout is seconds in the plugin; the command line reads a plain number as seconds too.
    command += cli.options(args, ['gate', 'alias', 'noAlias', 'championAlias', 'readyTimeout', 'releaseVersion',
                                  'artifactPath', 'modelUri', 'reportDir'])
    args.datasets?.each { name, digest -> command += [cli.option('datasets'), "${name}=${digest}" as String] }
    args.tags?.each { key, value -> command += [cli.option('tags'), "${key}=${value}" as String] }
    Map outcome = cli.run(args, command)
    return cli.finish(outcome, args.unstableOnGateFailure == true, gateLine(outcome.result))
}

/**
 * Each parameter passed as a command-line option, and the option: the command line is built from these, and its
 * errors name the parameter back (registerModel: readyTimeout ..., not --ready-timeout ...).
 */
@NonCPS
private static Map<String, String> optionOf() {
    return [model: '--model', runId: '--run-id', gate: '--gate', alias: '--alias', noAlias: '--no-alias',
            championAlias: '--champion-alias', readyTimeout: '--ready-timeout', releaseVersion: '--release',
            artifactPath: '--artifact-path', modelUri: '--model-uri', reportDir: '--report-dir',
            datasets: '--dataset-digest', tags: '--tag']
}

/** "gate failed for fraud-detector version 7: auc >= 0.95 (auc = 0.93)" from the result's gate report. */
@NonCPS
private static String gateLine(Map result) {
    if (result == null || !(result.gate instanceof Map)) {
        return 'gate failed'
    }
    List<String> failed = result.gate.clauses.findAll { !it.passed }.collect { clause ->
        String values = clause.values.collect { k, v -> "${k} = ${v}" }.join(', ')
        values ? "${clause.text} (${values})" : clause.text
    }
    return "gate failed for ${result.model} version ${result.version}: ${failed.join('; ')}"
}
