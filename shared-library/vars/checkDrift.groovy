import io.mlopsbridge.library.MlopsCli

/**
 * checkDrift(reference:, current:, profile:, method:, rule:, model:, version:, html:, json:, junit:, onDrift:,
 * delimiter:, quote:, numeric:, categorical:, columnMethod:, columnThreshold:, partitions:) —
 * the Jenkins plugin's step of the same name, run through `mlops drift --json` on the agent, where the files are.
 * Returns the same map (drifted, driftShare, per-column scores, retrain).
 */
def call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this, 'checkDrift', optionOf())
    // version is taken so the plugin's Jenkinsfiles run unchanged; the plugin records the check on that model
    // version's Jenkins fingerprint, which a library cannot do, and the command line has no use for it.
    args = cli.acceptOnly(args, ['reference', 'current', 'profile', 'method', 'threshold', 'driftShare', 'rule',
                                 'columns', 'exclude', 'maxBadRows', 'model', 'version', 'cooldown', 'html', 'json',
                                 'junit', 'onDrift', 'delimiter', 'quote', 'numeric', 'categorical',
                                 'columnMethod', 'columnThreshold', 'partitions'], [:])
    cli.requireOneValueEach(args, ['columns', 'exclude', 'numeric', 'categorical', 'columnMethod', 'columnThreshold'],
            [])
    for (String name : ['columnMethod', 'columnThreshold']) {
        if (MlopsCli.given(args[name]) && !(args[name] instanceof Map)) {
            error("checkDrift: parameter '${name}' must be a map, e.g. ${name}: [amount: "
                    + (name == 'columnMethod' ? "'psi']" : '0.2]'))
        }
    }
    cli.require(args, 'reference', "checkDrift(reference: 'data/train.csv', current: 'data/last-week.csv')")
    if (args.current == null && args.profile == null) {
        error("checkDrift: parameter 'current' is required (or 'profile' to only save the reference profile), "
                + "e.g. checkDrift(reference: '${args.reference}', current: 'data/last-week.csv')")
    }
    cli.requireKeysWithoutEquals(args, ['columnMethod', 'columnThreshold'])
    String onDrift = args.onDrift == null ? 'fail' : String.valueOf(args.onDrift)
    if (!(onDrift in ['fail', 'unstable', 'none'])) {
        error("checkDrift: parameter 'onDrift' must be 'fail', 'unstable' or 'none', got '${onDrift}'")
    }
    // A json file is the command line's own --json FILE, so its check that no output replaces an input or another
    // output covers it too; the result is then read back from that file.
    String json = MlopsCli.given(args.json) ? String.valueOf(args.json) : '-'
    List<String> command = ['drift', cli.option('json'), json, cli.option('reference'), String.valueOf(args.reference)]
    command += cli.options(args, ['current', 'profile', 'method', 'threshold', 'driftShare', 'rule', 'maxBadRows',
                                  'model', 'cooldown', 'html', 'junit', 'partitions'])
    command += csvOptions(args, cli)
    command += entryOptions(args.columnMethod, cli.option('columnMethod'))
    command += entryOptions(args.columnThreshold, cli.option('columnThreshold'))
    command += cli.options([columns: listOption(args.columns), exclude: listOption(args.exclude),
                            numeric: listOption(args.numeric), categorical: listOption(args.categorical)],
                           ['columns', 'exclude', 'numeric', 'categorical'])
    Map outcome = cli.run(args, command)
    if (json != '-' && MlopsCli.given(args.current) && outcome.code in [0, 1]) {
        // A comparison ended (in a verdict): the command line wrote its result to the file, not to stdout.
        outcome = outcome + [result: cli.parseJson(readFile(file: json))]
    }
    if (outcome.code == 0 && outcome.result == null) {
        return [:] // only a profile was saved: there is no comparison to report
    }
    if (outcome.code == 1 && outcome.result != null && onDrift == 'none') {
        return outcome.result
    }
    return cli.finish(outcome, onDrift == 'unstable', driftLine(outcome.result))
}

/**
 * Each parameter passed as a command-line option, and the option: the command line is built from these, and its
 * errors name the parameter back (checkDrift: json ..., not --json ...).
 */
@NonCPS
private static Map<String, String> optionOf() {
    return [reference: '--reference', current: '--current', profile: '--profile-out', method: '--method',
            threshold: '--threshold', driftShare: '--drift-share', rule: '--rule', maxBadRows: '--max-bad-rows',
            model: '--model', cooldown: '--cooldown', html: '--html', json: '--json', junit: '--junit',
            partitions: '--partitions', delimiter: '--delimiter', quote: '--quote', columnMethod: '--column-method',
            columnThreshold: '--column-threshold', columns: '--columns', exclude: '--exclude', numeric: '--numeric',
            categorical: '--categorical']
}

/** --delimiter and --quote as given: a tab or a space is a character here, not a blank value to leave out. */
@NonCPS
private static List<String> csvOptions(Map args, MlopsCli cli) {
    List<String> options = []
    ['delimiter', 'quote'].each { String name ->
        if (args[name] != null && String.valueOf(args[name]) != '') {
            options << cli.option(name) << String.valueOf(args[name])
        }
    }
    return options
}

/** A map of column to value as the CLI's repeated COLUMN=VALUE option: [age: 'psi'] as --column-method age=psi. */
@NonCPS
private static List<String> entryOptions(Object value, String flag) {
    List<String> options = []
    if (value instanceof Map) {
        value.each { column, setting -> options << flag << "${column}=${setting}".toString() }
    }
    return options
}

@NonCPS
private static String listOption(Object value) {
    return value instanceof List ? value.join(',') : (value == null ? null : String.valueOf(value))
}

/** "data drifted: 2 of 4 columns (share 0.50): amount, age" from the result. */
@NonCPS
private static String driftLine(Map result) {
    if (result == null || !(result.columns instanceof List)) {
        return 'data drifted' // not a comparison: an error ending, whose own message is used instead
    }
    List<String> drifted = result.columns.findAll { it.drifted }.collect { it.column }
    String line = "data drifted: ${result.driftedCount} of ${result.columns.size()} columns " +
            "(share ${String.format(Locale.ROOT, '%.2f', result.driftShare as double)})"
    if (result.rule) {
        line += ", rule '${result.rule}' failed"
    }
    return drifted ? "${line}: ${drifted.join(', ')}" : line
}
