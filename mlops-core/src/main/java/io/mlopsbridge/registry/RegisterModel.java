package io.mlopsbridge.registry;

import static io.mlopsbridge.gate.GateInputNames.REPORT_DIR;
import static io.mlopsbridge.registry.RegistryInputNames.ALIAS;
import static io.mlopsbridge.registry.RegistryInputNames.BUILD_NUMBER;
import static io.mlopsbridge.registry.RegistryInputNames.CI_JOB;
import static io.mlopsbridge.registry.RegistryInputNames.RELEASE;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.Gate;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.gate.GateReportFiles;
import io.mlopsbridge.gate.GateReportWriter;
import io.mlopsbridge.gate.GateVerdict;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.Lineage;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.lineage.ReleaseVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowErrorCode;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.NewModelVersion;
import io.mlopsbridge.mlflow.RegisteredModel;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.Tag;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Registers a training run's model as a new version of a registered model, stamped with the build's lineage,
 * gated on its metrics (and the champion's), and aliased only when the gate passes.
 *
 * <p>Everything that can be wrong with the input (names, run, model location, expression, metrics) is checked
 * before the first write. Registration is idempotent per build: the version carries the build key
 * ({@code job#build}) from its create request on, so a retried or restarted registration finds it instead of
 * creating another, and a duplicate left by a retried request is removed.
 */
public final class RegisterModel {
    private final MlflowClient mlflow;
    private final BuildLog log;
    private final Clock clock;

    public RegisterModel(MlflowClient mlflow, BuildLog log) {
        this(mlflow, log, Clock.systemUTC());
    }

    public RegisterModel(MlflowClient mlflow, BuildLog log, Clock clock) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RegisterResult register(RegisterRequest request) {
        return register(request, Cancellation.none());
    }

    /**
     * Registers, honouring {@code cancellation}: its reads are cut off by a cancel and nothing new is written once
     * it is cancelled, but a write already sent is let finish, and the alias is either moved to the end or not at
     * all. A cancelled registration ends as {@link MlopsException#aborted} saying what exists: no version, or the
     * version created (kept, as running the same build again reuses it) with the alias not moved.
     */
    public RegisterResult register(RegisterRequest request, Cancellation cancellation) {
        Aborting abort = new Aborting(cancellation, "no version of " + request.modelName() + " was registered");
        abort.check();
        MlflowClient reads = mlflow.cancelledBy(cancellation);
        return abort.run(() -> execute(request, validate(request, reads), reads, abort));
    }

    /** Everything checked and looked up before the first write. */
    private record Plan(Run run, ModelSource source, Lineage lineage, GateExpression expression, Gate gate,
                        Optional<RegisteredModel> existingModel, Optional<ChampionMetrics> champion) {
    }

    private Plan validate(RegisterRequest request, MlflowClient reads) {
        String name = RegistryNames.requireModelName(request.modelName());
        RegistryNames.requireAlias(request.championAlias(), "champion alias");
        if (request.aliasOnPass() != null) {
            RegistryNames.requireAliasToMove(request.aliasOnPass(), ALIAS);
            if (request.aliasOnPass().equals(request.championAlias())) {
                throw MlopsException.input("registering straight onto the champion alias '"
                        + request.championAlias() + "' would skip promotion",
                        "register with " + ALIAS + " candidate and promote with 'mlops promote'");
            }
        }
        VersionTags.requireUserTags(request.tags());
        VersionTags.requireDatasetDigests(request.datasetDigests());
        RegistryNames.requireRunId(request.runId());
        // A given but empty gate (an unset $GATE) is a mistake, as in 'mlops gate': parse() refuses it.
        GateExpression expression = request.gateExpression() == null ? null
                : GateExpression.parse(request.gateExpression());
        if (request.reportDirectory() != null) {
            GateReportWriter.requireWritableDirectory(request.reportDirectory());
        }
        ReleaseVersion release = ReleaseVersion.resolve(request.releaseVersion(), request.build(), clock);
        request.build().buildKey().ifPresent(BuildKeyVersions::literal);

        Run run = reads.findRun(request.runId()).orElseThrow(() -> MlopsException.input(
                "run " + request.runId() + " not found on MLflow at " + mlflow.config().displayUri(),
                "check the run id of the training run and the tracking URI"));
        ModelSource source = new ModelSourceResolver(reads).resolve(run, request.artifactPath(),
                request.modelUri());

        Gate gate = Gate.withDefaults().withChampionAlias(request.championAlias());
        Optional<RegisteredModel> existingModel = reads.findRegisteredModel(name);
        Optional<ChampionMetrics> champion = Optional.empty();
        if (expression != null) {
            if (expression.readsChampion()) {
                champion = ChampionMetrics.lookupForGate(reads, name, existingModel, request.championAlias(), log);
            }
            Gate.requireMetrics(expression, run.data().metricValues(), champion.map(ChampionMetrics::metrics));
        }
        Lineage lineage = new Lineage(release, request.build(), run.runId(), request.datasetDigests());
        return new Plan(run, source, lineage, expression, gate, existingModel, champion);
    }

    /** Writes through the plain client (a write once sent is never cut off), reads through {@code reads}. */
    private RegisterResult execute(RegisterRequest request, Plan plan, MlflowClient reads, Aborting abort) {
        String name = request.modelName();
        String planned = plan.lineage().release().value();
        String buildKey = request.build().buildKey().orElse(null);
        abort.check();
        log.info("Registering " + name + " from run " + plan.run().runId() + " (release " + planned + ")");
        if (plan.existingModel().isEmpty()) {
            createRegisteredModel(name);
        }

        BuildKeyVersions byBuild = new BuildKeyVersions(reads, mlflow, log);
        Optional<ModelVersion> existing = buildKey == null ? Optional.empty() : byBuild.keepLowest(name, buildKey);
        boolean reused = existing.isPresent();
        ModelVersion version;
        String release = planned;
        if (reused) {
            version = existing.get();
            abort.leaves(stays(name, version.version(), request.aliasOnPass(), buildKey));
            requireSameRun(version, plan, buildKey);
            release = releaseOfReused(version, request, planned, buildKey);
            log.info("Build " + buildKey + " already registered " + name + " version " + version.version()
                    + (release.equals(planned) ? "" : " as release " + release) + "; reusing it");
        } else {
            if (buildKey == null) {
                log.warn(missingBuildKey(request.build()) + ": registering again will create another version");
            }
            abort.check();
            version = create(name, plan, request, buildKey, byBuild, abort);
            log.info("Created " + name + " version " + version.version());
        }

        if (!version.isReady()) {
            version = reads.awaitModelVersionReady(name, version.version(), request.readyTimeout());
        }
        // Each write below is begun only while not cancelled: nothing is written after a stop, and a rerun of the
        // same build reuses the version and writes what is missing.
        abort.check();
        Map<String, String> tags = new TreeMap<>(version.tagValues());
        String identity = ModelIdentity.of(mlflow.config().displayUri(), name, version.version()).hex();
        mlflow.setModelVersionTag(name, version.version(), LineageTags.MODEL_IDENTITY, identity);
        tags.put(LineageTags.MODEL_IDENTITY, identity);
        abort.check();
        mlflow.setRunTag(plan.run().runId(), LineageTags.RELEASE, release);

        GateVerdict verdict = null;
        GateReportFiles reports = null;
        if (plan.expression() != null) {
            verdict = plan.gate().evaluate(plan.expression(), plan.run().data().metricValues(),
                    plan.champion().map(ChampionMetrics::metrics));
            String outcome = verdict.passed() ? LineageTags.GATE_PASSED : LineageTags.GATE_REJECTED;
            abort.check();
            mlflow.setModelVersionTag(name, version.version(), LineageTags.GATE_EXPRESSION, verdict.expression());
            abort.check();
            mlflow.setModelVersionTag(name, version.version(), LineageTags.GATE_VERDICT, outcome);
            tags.put(LineageTags.GATE_EXPRESSION, verdict.expression());
            tags.put(LineageTags.GATE_VERDICT, outcome);
            log.info(verdict.summary());
            if (request.reportDirectory() != null) {
                abort.check();
                reports = writeReports(request.reportDirectory(), verdict, abort, name, version.version(), release);
                log.info("Gate report: " + reports.json() + ", " + reports.markdown());
            }
        }
        String aliasSet = null;
        boolean passed = verdict == null || verdict.passed();
        abort.commit(); // an alias move once begun is finished, even when a cancel comes meanwhile
        if (passed && request.aliasOnPass() != null) {
            mlflow.setAlias(name, request.aliasOnPass(), version.version());
            aliasSet = request.aliasOnPass();
            log.info("Alias " + aliasSet + " -> " + name + " version " + version.version());
        } else if (!passed) {
            log.warn(name + " version " + version.version() + " is registered but tagged "
                    + LineageTags.GATE_VERDICT + "=" + LineageTags.GATE_REJECTED
                    + (request.aliasOnPass() == null ? "" : "; alias " + request.aliasOnPass() + " not set"));
        }
        return new RegisterResult(name, version.version(), version.source(), plan.run().runId(), release, identity,
                buildKey, reused, verdict, championVersion(plan, request.championAlias()), aliasSet, tags, reports);
    }

    /**
     * The reports, checked writable before anything was written; a failure now (another process, a full disk) is
     * not an input error, for the version exists: it is reported as what it is, with what is left.
     */
    private static GateReportFiles writeReports(Path directory, GateVerdict verdict, Aborting abort,
                                                String name, String version, String release) {
        try {
            return GateReportWriter.writeTo(directory, verdict);
        } catch (MlopsException e) {
            throw MlopsException.incomplete(e.getMessage() + "; " + abort.whatIsLeft(),
                    "make the gate report writable where " + REPORT_DIR + " points, then register again", e)
                    .withFact("model", name).withFact("version", version).withFact("release", release);
        }
    }

    /**
     * The release a reused version carries, which stays its release: a retry derives its own (a later timestamp),
     * and reporting or tagging the run with that would make one build name two releases. A release given that
     * differs is refused, as another run is: one build registers one release.
     */
    private static String releaseOfReused(ModelVersion version, RegisterRequest request, String planned,
                                          String buildKey) {
        String carried = version.tagValues().get(LineageTags.RELEASE);
        if (carried == null || carried.equals(planned)) {
            return planned;
        }
        if (request.releaseVersion() != null && !request.releaseVersion().isBlank()) {
            throw MlopsException.input("build " + buildKey + " already registered " + version.name() + " version "
                    + version.version() + " as release " + carried + ", not " + planned,
                    "one build registers one release: give " + RELEASE + " " + carried + " or leave " + RELEASE
                            + " out to reuse the version, or run a new build for release " + planned);
        }
        return carried;
    }

    /**
     * The version that held the champion alias when the registration read the model, whether or not the gate
     * compared with it: the model read before any write already names its aliases, so this costs no call.
     */
    private static String championVersion(Plan plan, String championAlias) {
        return plan.champion().map(ChampionMetrics::version)
                .or(() -> plan.existingModel().flatMap(model -> model.aliasVersion(championAlias))).orElse(null);
    }

    /**
     * Creates the version with every lineage tag in the create request itself. When the answer is lost (the
     * server may have created it), looks it up by the build key instead of creating blindly again.
     */
    private ModelVersion create(String name, Plan plan, RegisterRequest registration, String buildKey,
                                BuildKeyVersions byBuild, Aborting abort) {
        Map<String, String> tags = new TreeMap<>(registration.tags());
        tags.putAll(plan.lineage().toTags());
        NewModelVersion request = new NewModelVersion(name, plan.source().source(), plan.source().runId(),
                plan.source().modelId(), Tag.fromMap(tags), null);
        ModelVersion created;
        try {
            created = mlflow.createModelVersion(request);
        } catch (MlopsException e) {
            if (buildKey == null || e.kind() != ErrorKind.REMOTE) {
                throw e;
            }
            log.warn("creating the version failed (" + e.getMessage() + "); checking whether the server made it");
            abort.leaves("the answer to creating a version of " + name + " was lost; running the same build again"
                    + " reuses the version if MLflow made it");
            return byBuild.keepLowest(name, buildKey).orElseThrow(() -> e);
        }
        abort.leaves(stays(name, created.version(), registration.aliasOnPass(), buildKey));
        if (buildKey == null) {
            return created;
        }
        // A retried create (ours or a parallel retry of the same build) may have made a second version.
        return byBuild.keepLowest(name, buildKey).orElseThrow();
    }

    /** What a registration stopped after its version exists leaves behind, for the aborted line. */
    private static String stays(String name, String version, String aliasOnPass, String buildKey) {
        return name + " version " + version + " stays registered"
                + (aliasOnPass == null ? "" : ", alias " + aliasOnPass + " not moved")
                + (buildKey == null ? "; registering again creates another version"
                : "; running the same build again reuses it");
    }

    /** Creates the registered model; a concurrent build creating it first is fine. */
    private void createRegisteredModel(String name) {
        try {
            mlflow.createRegisteredModel(name, null, List.of());
            log.info("Created registered model " + name);
        } catch (MlopsException e) {
            if (!MlflowErrorCode.isAlreadyExists(e)) {
                throw e;
            }
        }
    }

    /** Which half of the build key is missing: with one of the two given, saying both are unknown misleads. */
    private static String missingBuildKey(BuildInfo build) {
        if (build.ciJob() == null && build.buildNumber() == null) {
            return "no CI job and build number known";
        }
        return build.ciJob() == null ? "build number " + build.buildNumber() + " but no CI job known (" + CI_JOB + ")"
                : "CI job " + build.ciJob() + " but no build number known (" + BUILD_NUMBER + ")";
    }

    private static void requireSameRun(ModelVersion version, Plan plan, String buildKey) {
        if (version.runId() != null && !version.runId().isEmpty() && !version.runId().equals(plan.run().runId())) {
            throw MlopsException.input("build " + buildKey + " already registered " + version.name() + " version "
                    + version.version() + " from run " + version.runId() + ", not from run " + plan.run().runId(),
                    "one build registers one model version per model; run a new build to register another run");
        }
    }
}
