package io.mlopsbridge.library

import groovy.json.JsonSlurperClassic

/**
 * Runs the {@code mlops} command line on the agent for one call of a library var, and turns its ending into what
 * the Jenkins plugin's step would do: the parsed {@code --json} result as the returned map, exit code 1 (a failed
 * gate or drift verdict) as an error or UNSTABLE as the caller asked, anything else as an error with the CLI's
 * one-line message.
 *
 * <p>Secrets never pass through here: credentials are bound by id with {@code withCredentials} as the environment
 * variables the CLI reads, so neither the command line nor this object ever holds a secret value.
 *
 * <p>Serializable because a CPS-transformed var keeps it in the program state between steps.
 */
class MlopsCli implements Serializable {
    private static final long serialVersionUID = 1L

    /** Where the launcher lives among the library's resources. */
    static final String LAUNCHER = 'io/mlopsbridge/library/mlops-run.sh'
    /** The command `mlops train` runs for the block form of trainModel. */
    static final String BLOCK = 'io/mlopsbridge/library/mlops-block.sh'

    /**
     * Parameters every var accepts: where the servers are and the credentials to reach them, by id. The names are
     * the plugin's (its trainModel's kubeflowUrl, kubeflowCredentialsId; its deployModel's kubeconfigCredentialsId).
     */
    static final List<String> CONNECTION_PARAMETERS = ['mlflowUrl', 'mlflowCredentialsId', 'kubeflowUrl',
                                                       'kubeflowCredentialsId', 'kubeconfigCredentialsId']

    /** The library's own names from before it took the plugin's, still accepted by every var: old name → new. */
    static final Map<String, String> OLD_CONNECTION_NAMES = [kfpUrl: 'kubeflowUrl',
                                                             kfpCredentialsId: 'kubeflowCredentialsId']

    private final def steps
    private final String step
    private final Map<String, String> optionOf

    /**
     * @param steps the var's script, through which pipeline steps ({@code sh}, {@code withCredentials}) are called
     * @param step the var's name, for error lines
     * @param optionOf each parameter the var passes as a command-line option, and that option ({@code serviceName}
     *        → {@code --name}): the var builds its command line from it ({@link #option}, {@link #options}), and
     *        the command line's errors name the parameter back from it ({@link #inParameters})
     */
    MlopsCli(steps, String step, Map<String, String> optionOf) {
        this.steps = steps
        this.step = step
        this.optionOf = optionOf
    }

    /** The command-line option of {@code parameter}; failing on a parameter missing from the var's table. */
    @NonCPS
    String option(String parameter) {
        String option = optionOf[parameter]
        if (option == null) {
            throw new IllegalArgumentException("${step}: no command-line option for parameter '${parameter}'")
        }
        return option
    }

    /** {@link #options(Map, Map)} for the named parameters, with their options from the var's table. */
    @NonCPS
    List<String> options(Map args, List<String> parameters) {
        return options(args, parameters.collectEntries { [(it): option(it)] })
    }

    /**
     * The command line's one-line error with each option the var fills in written as its parameter: the
     * Jenkinsfile's author wrote {@code json:}, never {@code --json}. The plugin's step words the same error the
     * same way ({@code json data/train.csv is the reference file}), as the engine names each input by both names.
     */
    @NonCPS
    String inParameters(String message) {
        String named = message
        optionOf.each { String parameter, String option ->
            // Whole options only: --release is not the start of --release-version.
            // (\Q...\E rather than Pattern.quote, which Groovy did not find as a static call here.)
            named = named.replaceAll('(?<![\\w-])\\Q' + option + '\\E(?![\\w-])', parameter)
        }
        return named
    }

    /**
     * Fails with one line naming the first parameter that is neither one of {@code known} (plus the connection
     * ones) nor an old name in {@code oldNames} (old name → the plugin's name; plus the old connection names), or
     * when a parameter is given under both its old and its new name. Returns the parameters with old names
     * replaced by the plugin's, so the var reads only those.
     */
    Map acceptOnly(Map args, List<String> known, Map<String, String> oldNames) {
        List<String> all = known + CONNECTION_PARAMETERS
        Map<String, String> old = OLD_CONNECTION_NAMES + oldNames
        for (String name : args.keySet()) {
            if (!all.contains(name) && !old.containsKey(name)) {
                steps.error("${step}: unknown parameter '${name}'; known parameters: ${all.join(', ')}; "
                        + "old names still taken: ${oldNamesText(old)}")
            }
        }
        String twice = givenTwice(args, old)
        if (twice != null) {
            steps.error("${step}: give '${old[twice]}' or its old name '${twice}', not both")
        }
        return withNewNames(args, old)
    }

    /** The old name of the first parameter given under both its old and its new name, else null. */
    @NonCPS
    private static String givenTwice(Map args, Map<String, String> oldNames) {
        return oldNames.find { o, n -> given(args[o]) && given(args[n]) }?.key
    }

    /** "kfpUrl (now kubeflowUrl), ..." */
    @NonCPS
    private static String oldNamesText(Map<String, String> oldNames) {
        return oldNames.collect { o, n -> "${o} (now ${n})" }.join(', ')
    }

    @NonCPS
    private static Map withNewNames(Map args, Map<String, String> oldNames) {
        Map renamed = new LinkedHashMap()
        args.each { name, value ->
            String newName = oldNames[name]
            if (newName == null) {
                renamed.put(name, value)
            } else if (given(value) || !renamed.containsKey(newName)) {
                renamed.put(newName, value)
            }
        }
        return renamed
    }

    /** Null and a blank string are "not given", as in the plugin's steps. */
    @NonCPS
    static boolean given(Object value) {
        return value != null && !(value instanceof CharSequence && value.toString().trim().isEmpty())
    }

    /**
     * Fails with one line naming the first parameter given a value of a kind it cannot take: a list or map where one
     * value goes (its text, {@code [a, b]}, would reach the command line as one file or name), or true/false where a
     * value goes (a bare option would take the next option as its value). {@code multiValued} take lists or maps,
     * {@code switches} true or false. The value is not repeated: a URL in it may carry a password.
     */
    void requireOneValueEach(Map args, List<String> multiValued, List<String> switches) {
        for (String name : args.keySet()) {
            def value = args[name]
            if (!(name in multiValued) && (value instanceof Map || value instanceof Collection
                    || value?.getClass()?.isArray())) {
                steps.error("${step}: parameter '${name}' takes one value, got a "
                        + (value instanceof Map ? "map of ${value.size()}" : "list of ${value.size()}"))
            }
            if (!(name in switches) && value instanceof Boolean) {
                steps.error("${step}: parameter '${name}' takes a value, not true or false")
            }
        }
    }

    /** Fails with one line when a mandatory parameter is missing or blank. */
    void require(Map args, String name, String example) {
        if (args[name] == null || String.valueOf(args[name]).trim().isEmpty()) {
            steps.error("${step}: parameter '${name}' is required, e.g. ${example}")
        }
    }

    /**
     * Returns the parameters with each of {@code names} given as the text 'true' or 'false' (any case, as a
     * Jenkinsfile's params often are) turned into the boolean, as the plugin's steps take them; fails with one line
     * naming the parameter when it is any other text or type.
     */
    Map withBooleans(Map args, List<String> names) {
        Map coerced = new LinkedHashMap(args)
        for (String name : names) {
            def value = args[name]
            if (given(value) && !(value instanceof Boolean)) {
                String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT)
                if (!(text in ['true', 'false'])) {
                    steps.error("${step}: parameter '${name}' must be true or false, got '${value}'")
                }
                coerced.put(name, text == 'true')
            }
        }
        return coerced
    }

    /**
     * Fails with one line when a map parameter passed as the CLI's repeated KEY=VALUE option has a key containing
     * '=': the command line splits at the first '=', so the entry would silently become another key and value.
     */
    void requireKeysWithoutEquals(Map args, List<String> names) {
        for (String name : names) {
            String key = keyWithEquals(args[name])
            if (key != null) {
                steps.error("${step}: parameter '${name}' has the key '${key}', which contains '=': the command line "
                        + "would read it as key '${key.substring(0, key.indexOf('='))}'; use a key without '='")
            }
        }
    }

    @NonCPS
    private static String keyWithEquals(Object value) {
        return value instanceof Map ? value.keySet().collect { String.valueOf(it) }.find { it.contains('=') } : null
    }

    /**
     * Turns the parameters named in {@code flags} (parameter → CLI option) into command-line arguments: a
     * {@code true} boolean becomes the bare option, {@code false}, null and a blank string are left out (a
     * Jenkinsfile's {@code ''} means "not given", as in the plugin's steps; the CLI refuses an option given empty),
     * anything else is {@code option value}.
     */
    @NonCPS
    static List<String> options(Map args, Map<String, String> flags) {
        List<String> command = []
        flags.each { String name, String flag ->
            def value = args[name]
            if (value instanceof Boolean) {
                if (value) {
                    command << flag
                }
            } else if (given(value)) {
                command << flag << String.valueOf(value)
            }
        }
        return command
    }

    /**
     * Runs {@code mlops <arguments>} with the caller's connection parameters and credentials and returns
     * {@code [code: exit code, result: the parsed JSON object or null, message: the one-line error or null]}.
     * The CLI's progress lines go to the build log as they come.
     */
    Map run(Map args, List<String> arguments) {
        return withServersOf(args) {
            withCredentialsOf(args) {
                execute(arguments)
            }
        }
    }

    /**
     * Runs {@code body} with the server URLs the parameters give as the environment variables the CLI reads them
     * from, not as arguments: Jenkins traces each {@code sh} command line into the build log and the agent's process
     * list shows it, and a URL may carry a user and password.
     */
    private def withServersOf(Map args, Closure body) {
        List<String> variables = []
        if (given(args.mlflowUrl)) {
            variables << "MLFLOW_TRACKING_URI=${args.mlflowUrl}".toString()
        }
        if (given(args.kubeflowUrl)) {
            variables << "KFP_URL=${args.kubeflowUrl}".toString()
        }
        return variables ? steps.withEnv(variables) { body() } : body()
    }

    private Map execute(List<String> arguments) {
        String dir = workDir()
        String id = UUID.randomUUID().toString()
        String resultFile = "${dir}/${id}.out"
        String errorFile = "${dir}/${id}.err"
        int code = steps.sh(script: launcherCommand(dir, resultFile, errorFile, arguments), returnStatus: true) as int
        Map outcome = collect(code, resultFile, errorFile)
        steps.sh(script: "rm -f ${quote(resultFile)} ${quote(errorFile)}", returnStatus: true)
        return outcome
    }

    /**
     * Runs {@code body} inside {@code mlops train <arguments> -- mlops-block.sh}: the command line opens the MLflow
     * run and starts the block script, which hands the run's variables over and waits; the body runs with them
     * set; the block script then exits with the body's outcome, so the command line closes the run FINISHED or
     * FAILED. Returns the training result map; a failed body is rethrown after the run is closed.
     */
    Map runAround(Map args, List<String> arguments, Closure body) {
        // The credentials are bound around the body too, so only the one the run needs: a block that trains has no
        // use for a Kubeflow or Kubernetes token a shared parameter map happens to carry.
        return withServersOf([mlflowUrl: args.mlflowUrl]) {
            withCredentialsOf([mlflowCredentialsId: args.mlflowCredentialsId]) {
                aroundBody(arguments, body)
            }
        }
    }

    private Map aroundBody(List<String> arguments, Closure body) {
        String dir = workDir()
        String handshake = "${dir}/${UUID.randomUUID()}"
        String block = "${dir}/mlops-block.sh"
        steps.writeFile(file: block, text: steps.libraryResource(BLOCK))
        steps.writeFile(file: "${handshake}/started", text: '')
        String launch = launcherCommand(dir, "${handshake}/out", "${handshake}/err",
                arguments + ['--', 'sh', block, handshake])
        // Started in the background so that it outlives this sh step; the cookie keeps Jenkins' process-tree
        // killer from ending it when the step returns.
        steps.sh(script: "(JENKINS_NODE_COOKIE=mlops-train-block; export JENKINS_NODE_COOKIE; ${launch} " +
                ">${quote(handshake + '/log')} 2>&1; echo \$? >${quote(handshake + '/exit')}) >/dev/null 2>&1 &",
                returnStatus: true)
        String runEnv = "${handshake}/run.env"
        String exit = "${handshake}/exit"
        boolean blockRan = false
        Throwable failure = null
        // From here on the background command line is told an outcome whatever happens, an abort while waiting for
        // the run included: else it would keep the MLflow run RUNNING until its timeout (2 h by default).
        try {
            steps.sh(script: "while [ ! -f ${quote(runEnv)} ] && [ ! -f ${quote(exit)} ]; do sleep 0.2; done",
                    returnStatus: true)
            if (steps.fileExists(runEnv)) { // else the command line stopped before the block could run
                List<String> runVariables = steps.readFile(file: runEnv).readLines().findAll { !it.endsWith('=') }
                blockRan = true
                steps.withEnv(runVariables) {
                    body()
                }
            }
        } catch (Throwable t) {
            failure = t
        }
        steps.writeFile(file: "${handshake}/outcome", text: blockRan && failure == null ? '0' : '1')
        steps.sh(script: "while [ ! -f ${quote(exit)} ]; do sleep 0.2; done", returnStatus: true)
        Map outcome = ended(handshake)
        if (failure != null) {
            throw failure
        }
        return finish(outcome, false, null)
    }

    /** The outcome of a background command line: its exit code, result and error files; its log into the build's. */
    private Map ended(String handshake) {
        int code = steps.readFile(file: "${handshake}/exit").trim() as int
        steps.echo(steps.readFile(file: "${handshake}/log"))
        Map outcome = collect(code, "${handshake}/out", "${handshake}/err")
        steps.sh(script: "rm -rf ${quote(handshake)}", returnStatus: true)
        return outcome
    }

    private String workDir() {
        String dir = "${steps.pwd(tmp: true)}/mlops-bridge"
        steps.writeFile(file: "${dir}/mlops-run.sh", text: steps.libraryResource(LAUNCHER))
        return dir
    }

    @NonCPS
    private static String launcherCommand(String dir, String resultFile, String errorFile, List<String> arguments) {
        return (['sh', "${dir}/mlops-run.sh" as String, resultFile, errorFile] + arguments).collect { quote(it) }
                .join(' ')
    }

    private Map collect(int code, String resultFile, String errorFile) {
        String stdout = readIfThere(resultFile)
        String stderr = readIfThere(errorFile)
        Map result = null
        if (stdout.trim().startsWith('{')) {
            try {
                result = parseJson(stdout)
            } catch (Exception ignored) { // cut off, e.g. by a crash: the parser's own message says nothing useful
                steps.error("${step}: the command line's output was not valid JSON (exit code ${code})"
                        + (stderr.trim() ? ": ${stderr.trim().readLines().last()}" : ''))
            }
        }
        return [code: code, result: result, message: code == 0 ? null : errorLine(code, result, stderr)]
    }

    private String readIfThere(String file) {
        return steps.fileExists(file) ? steps.readFile(file: file) : ''
    }

    /**
     * The one-line error: the {@code error.message} of the CLI's JSON ending when it printed one, else its
     * {@code error:} line on stderr.
     */
    @NonCPS
    private static String errorLine(int code, Map result, String stderr) {
        if (result?.error instanceof Map && result.error.message) {
            return String.valueOf(result.error.message)
        }
        String line = stderr.readLines().find { it.startsWith('error: ') }
        if (line != null) {
            return line.substring('error: '.length())
        }
        return "mlops exited with code ${code}" + (stderr.trim() ? ": ${stderr.trim().readLines().last()}" : '')
    }

    /**
     * Ends a call whose result is final: returns the result map on exit 0; on exit 1 (a verdict failed) marks the
     * build UNSTABLE and returns the map when {@code unstable}, else fails with {@code verdictLine}; fails with the
     * CLI's one-line message on any other code.
     */
    Map finish(Map outcome, boolean unstable, String verdictLine) {
        if (outcome.code == 0) {
            return outcome.result
        }
        if (outcome.code == 1 && outcome.result != null) {
            if (unstable) {
                steps.unstable("${step}: ${verdictLine}")
                return outcome.result
            }
            steps.error("${step}: ${verdictLine}")
        }
        steps.error("${step}: ${inParameters(outcome.message)}")
        return null
    }

    /** Runs {@code body} with every credential the parameters name bound as the CLI's environment variables. */
    def withCredentialsOf(Map args, Closure body) {
        Closure withKube = !given(args.kubeconfigCredentialsId) ? body : {
            steps.withCredentials([steps.file(credentialsId: args.kubeconfigCredentialsId, variable: 'KUBECONFIG')]) {
                body()
            }
        }
        // The token for --kube-server (deployModel's kubernetesServerUrl); the CLI takes it only from this variable.
        Closure withKubeToken = !given(args.kubernetesCredentialsId) ? withKube : {
            steps.withCredentials([steps.string(credentialsId: args.kubernetesCredentialsId,
                    variable: 'MLOPS_KUBE_TOKEN')]) {
                withKube()
            }
        }
        Closure withKfp = !given(args.kubeflowCredentialsId) ? withKubeToken : {
            steps.withCredentials([steps.string(credentialsId: args.kubeflowCredentialsId, variable: 'KFP_TOKEN')]) {
                withKubeToken()
            }
        }
        return !given(args.mlflowCredentialsId) ? withKfp() : withMlflowCredentials(args.mlflowCredentialsId, withKfp)
    }

    /**
     * An MLflow credential is a username with password (basic auth) or a secret text (bearer token). The library
     * cannot look a credential's type up, so it binds it as username/password and, when Jenkins refuses that
     * before the body starts (the id names a secret text), as a token.
     */
    private def withMlflowCredentials(String id, Closure body) {
        boolean started = false
        try {
            return steps.withCredentials([steps.usernamePassword(credentialsId: id,
                    usernameVariable: 'MLFLOW_TRACKING_USERNAME', passwordVariable: 'MLFLOW_TRACKING_PASSWORD')]) {
                started = true
                body()
            }
        } catch (Exception e) {
            if (started) {
                throw e
            }
        }
        return steps.withCredentials([steps.string(credentialsId: id, variable: 'MLFLOW_TRACKING_TOKEN')]) {
            body()
        }
    }

    /**
     * Parses the CLI's JSON into plain maps, lists, strings, numbers and booleans: with pipeline-utility-steps'
     * {@code readJSON} when the controller has it, else with Groovy's parser.
     */
    Map parseJson(String text) {
        try {
            return steps.readJSON(text: text, returnPojo: true) as Map
        } catch (NoSuchMethodError | MissingMethodException ignored) {
            return parseWithGroovy(text)
        }
    }

    @NonCPS
    private static Map parseWithGroovy(String text) {
        // JsonSlurperClassic gives LinkedHashMap and ArrayList, which survive a restart; JsonSlurper's lazy maps do not.
        return plain(new JsonSlurperClassic().parseText(text)) as Map
    }

    /** Decimals as doubles, as the plugin's steps return them. */
    @NonCPS
    private static Object plain(Object value) {
        if (value instanceof Map) {
            Map copy = new LinkedHashMap()
            value.each { k, v -> copy.put(k, plain(v)) }
            return copy
        }
        if (value instanceof List) {
            return value.collect { plain(it) }
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).doubleValue()
        }
        return value
    }

    /** One shell word, single-quoted, so expressions like {@code auc >= 0.9 && f1 > 0.8} reach the CLI intact. */
    @NonCPS
    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'"
    }
}
