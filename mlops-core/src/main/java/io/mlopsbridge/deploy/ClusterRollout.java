package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.SMOKE_ENDPOINT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.UrlSanitizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Rolls serving objects out and, when anything goes wrong, back to exactly what they were. Shaped as
 * submit → poll → cancel: {@link #submit} snapshots and writes, each {@link #poll} looks once and takes at most
 * one step (smoke test, promotion, rollback), {@link #cancel} rolls back. No call sleeps, and all state lives in
 * the rollout record in the cluster, so a poll may come from another process after a restart.
 *
 * <p>Rollback restores every object's spec, labels and annotations as they were, or deletes objects that did not
 * exist. A KServe canary that fails is first dropped the way KServe documents it ({@code canaryTrafficPercent: 0}
 * with the previous model, so all traffic returns to the previous revision at once); the exact previous spec is
 * written when that revision is ready. Writing it straight away would give the failed canary, still the newest
 * ready revision, all traffic until the restored revision starts.
 */
public final class ClusterRollout {
    private final KubernetesClient client;
    private final ClusterObjects objects;
    private final RolloutStore store;
    private final SmokeTest smokeTest;
    private final SmokeJudge judge;
    private final Clock clock;
    private final BuildLog log;

    public ClusterRollout(KubernetesClient client, SmokeTest smokeTest, SmokeJudge judge, Clock clock, BuildLog log) {
        this.client = Objects.requireNonNull(client, "client");
        this.objects = new ClusterObjects(client);
        this.store = new RolloutStore(client);
        this.smokeTest = Objects.requireNonNull(smokeTest, "smokeTest");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Records what is there now, then writes the plan's manifests. Returns the operation id to poll. When a write
     * fails halfway, what was already written is put back before the error is thrown: nothing is left half-applied.
     */
    public String submit(RolloutPlan plan) {
        Instant now = clock.instant();
        refuseConcurrent(plan, now);
        List<ObjectSnapshot> previous = new ArrayList<>();
        for (ObjectRef ref : plan.refs()) {
            previous.add(ObjectSnapshot.of(ref, objects.get(ref)));
        }
        RolloutRecord record = new RolloutRecord(UUID.randomUUID().toString(), plan.target(), plan.namespace(),
                plan.name().value(), RolloutPhase.ROLLING_OUT, now, now.plus(plan.timeout()), null, previous,
                new ArrayList<JsonNode>(plan.manifests()), plan.promotion(), plan.canaryPercent(),
                plan.mode() == null ? null : plan.mode().mode(), plan.smoke(), null, null, null, null,
                plan.metadata().modelName(), plan.metadata().modelVersion(), plan.rollbackTimeout());
        // The record goes first: a crash after the writes still leaves what is needed to restore.
        store.save(record);
        List<ObjectSnapshot> written = new ArrayList<>();
        try {
            for (int i = 0; i < plan.refs().size(); i++) {
                objects.write(plan.refs().get(i), plan.manifests().get(i));
                written.add(previous.get(i));
                log.info((previous.get(i).existed() ? "updated " : "created ") + plan.refs().get(i)
                        + " for " + plan.metadata().modelUri());
            }
        } catch (MlopsException e) {
            Collections.reverse(written);
            written.forEach(objects::restore);
            store.save(record.rollingBack(RolloutPhase.ROLLING_BACK, "applying failed: " + e.getMessage(), now)
                    .rolledBack("restored what had been written before the failure"));
            throw e;
        }
        return operationId(record);
    }

    /** Looks once and takes at most one step. */
    public RolloutProgress poll(String operationId) {
        RolloutRecord record = load(operationId);
        return switch (record.phase()) {
            case SUCCEEDED, ROLLED_BACK -> new RolloutProgress(record, "");
            case ROLLING_OUT, PROMOTING -> advance(record);
            case PINNING_PREVIOUS -> afterPinning(record);
            case ROLLING_BACK -> afterRestore(record);
        };
    }

    /**
     * Rolls back a rollout that has not ended (a cancelled build). Restores the previous spec straight away; the
     * restored version's readiness is not awaited.
     */
    public RolloutProgress cancel(String operationId) {
        RolloutRecord record = load(operationId);
        if (record.phase().terminal() || record.phase() == RolloutPhase.ROLLING_BACK) {
            return new RolloutProgress(record, "");
        }
        RolloutRecord rolledBack = restoreAll(record, "cancelled", clock.instant());
        rolledBack = rolledBack.phase().terminal() ? rolledBack
                : rolledBack.rolledBack("previous spec restored on cancel; its readiness was not awaited");
        store.save(rolledBack);
        return new RolloutProgress(rolledBack, "");
    }

    /**
     * Undoes a rollout that succeeded, when a step after it failed (moving the registry alias) or the release is
     * abandoned: the objects are put back as they were before it, and {@link #poll} then waits for them as for
     * any rollback.
     */
    public RolloutProgress revert(String operationId, String why) {
        RolloutRecord record = load(operationId);
        if (record.phase() != RolloutPhase.SUCCEEDED) {
            throw new IllegalStateException("only a succeeded rollout can be reverted, not one in " + record.phase());
        }
        log.warn(describe(operationId) + ": " + why + "; putting back the previous version");
        RolloutRecord next = restoreAll(record, why, clock.instant());
        store.save(next);
        return new RolloutProgress(next, "");
    }

    /** How log lines name a rollout, e.g. {@code rollout of InferenceService models/fraud-detector}. */
    public static String describe(String operationId) {
        String[] parts = parse(operationId);
        return "rollout of " + parts[0] + "/" + parts[1];
    }

    public static RolloutResult result(RolloutRecord record) {
        return RolloutResult.of(record);
    }

    private RolloutProgress advance(RolloutRecord record) {
        boolean promoting = record.phase() == RolloutPhase.PROMOTING;
        Integer expectedCanary = promoting ? null : record.canaryPercent();
        Readiness readiness = readiness(record, expectedCanary);
        Instant now = clock.instant();
        switch (readiness.state()) {
            case FAILED:
                return rollBack(record, "the new version failed: " + readiness.detail(), readiness);
            case PENDING:
                if (!now.isBefore(record.deadline())) {
                    return rollBack(record, "not ready within " + human(Duration.between(record.startedAt(),
                            record.deadline())) + ": " + readiness.detail(), readiness);
                }
                return new RolloutProgress(record, readiness.detail());
            default:
                break;
        }
        RolloutRecord next = record.withEndpoint(readiness.endpoint());
        if (!promoting && record.smoke() != null) {
            String endpoint = record.smoke().endpoint() != null ? record.smoke().endpoint() : readiness.endpoint();
            if (endpoint == null) {
                return rollBack(next, "the cluster reports no URL to smoke-test; pass the endpoint to test ("
                        + SMOKE_ENDPOINT + ")", readiness);
            }
            log.info(describe(operationId(record)) + ": smoke test against " + UrlSanitizer.sanitize(endpoint) + " ("
                    + record.smoke().requests().total() + " requests)");
            SmokeOutcome outcome = smokeTest.run(endpoint, record.smoke().modelName(), record.smoke().protocol(),
                    record.smoke().requests());
            SmokeReport report = judge.judge(record.smoke().gate(), outcome, UrlSanitizer.sanitize(endpoint));
            next = next.withSmokeReport(report);
            log.info(describe(operationId(record)) + ": smoke test: " + outcome.summary() + "; " + report.summary());
            outcome.errorSamples().forEach(e -> log.warn("smoke test error: " + e));
            if (!report.passed()) {
                return rollBack(next, "smoke test failed: " + report.summary(), readiness);
            }
        }
        if (!promoting && record.promotion() != null) {
            objects.write(record.refs().get(0), (ObjectNode) record.promotion());
            log.info(describe(operationId(record)) + ": canary at " + record.canaryPercent()
                    + "% is healthy; promoting it to all traffic");
            next = next.inPhase(RolloutPhase.PROMOTING);
            store.save(next);
            return new RolloutProgress(next, readiness.detail());
        }
        next = next.inPhase(RolloutPhase.SUCCEEDED);
        store.save(next);
        return new RolloutProgress(next, readiness.detail());
    }

    private RolloutProgress rollBack(RolloutRecord record, String why, Readiness seen) {
        log.warn(describe(operationId(record)) + ": " + why + "; rolling back");
        Instant now = clock.instant();
        RolloutRecord next;
        boolean canaryToDrop = record.target() == DeployTarget.KSERVE && record.canaryPercent() != null
                && record.phase() == RolloutPhase.ROLLING_OUT && record.primaryBefore().existed();
        if (canaryToDrop) {
            ObjectNode pinned = record.primaryBefore().object().orElseThrow();
            ((ObjectNode) pinned.with("spec").with("predictor")).put("canaryTrafficPercent", 0L);
            objects.write(record.refs().get(0), pinned);
            log.info(describe(operationId(record)) + ": canary dropped: all traffic back on the previous revision");
            next = record.rollingBack(RolloutPhase.PINNING_PREVIOUS, why, now.plus(record.rollbackTimeout()));
        } else {
            next = restoreAll(record, why, now);
        }
        store.save(next);
        return new RolloutProgress(next, seen.detail());
    }

    private RolloutProgress afterPinning(RolloutRecord record) {
        Readiness readiness = readiness(record, 0);
        boolean timedOut = !clock.instant().isBefore(record.rollbackDeadline());
        if (readiness.state() == Readiness.State.PENDING && !timedOut) {
            return new RolloutProgress(record, readiness.detail());
        }
        RolloutRecord next = restoreAll(record, record.failure(), clock.instant());
        store.save(next);
        return new RolloutProgress(next, readiness.detail());
    }

    private RolloutProgress afterRestore(RolloutRecord record) {
        Integer previousCanary = record.primaryBefore().object()
                .map(o -> o.path("spec").path("predictor").path("canaryTrafficPercent"))
                .filter(JsonNode::isNumber).map(JsonNode::asInt).orElse(null);
        Readiness readiness = readiness(record, previousCanary);
        boolean timedOut = !clock.instant().isBefore(record.rollbackDeadline());
        String note = switch (readiness.state()) {
            case READY -> "previous version restored and ready";
            case FAILED -> "previous spec restored, but it does not serve either: " + readiness.detail();
            case PENDING -> timedOut ? "previous spec restored; not ready after "
                    + human(record.rollbackTimeout()) + ": " + readiness.detail() : null;
        };
        if (note == null) {
            return new RolloutProgress(record, readiness.detail());
        }
        RolloutRecord next = record.rolledBack(note);
        String line = describe(operationId(record)) + ": rolled back: " + note;
        if (readiness.state() == Readiness.State.READY) {
            log.info(line);
        } else {
            log.warn(line);
        }
        store.save(next);
        return new RolloutProgress(next, readiness.detail());
    }

    /** Writes every previous object back (last first), or deletes what did not exist. */
    private RolloutRecord restoreAll(RolloutRecord record, String why, Instant now) {
        List<ObjectSnapshot> snapshots = new ArrayList<>(record.previous());
        Collections.reverse(snapshots);
        snapshots.forEach(objects::restore);
        RolloutRecord next = record.rollingBack(RolloutPhase.ROLLING_BACK, why, now.plus(record.rollbackTimeout()));
        if (!record.primaryBefore().existed()) {
            log.info(describe(operationId(record)) + ": deleted " + record.refs().get(0)
                    + ", which did not exist before");
            return next.rolledBack("deleted: it did not exist before this rollout");
        }
        log.info(describe(operationId(record)) + ": previous spec of " + record.refs().get(0) + " written back");
        return next;
    }

    private Readiness readiness(RolloutRecord record, Integer canaryPercent) {
        ObjectRef primary = record.refs().get(0);
        Optional<ObjectNode> object = objects.get(primary);
        if (record.target() == DeployTarget.KSERVE) {
            return InferenceServiceReadiness.check(object, canaryPercent);
        }
        List<JsonNode> pods = new ArrayList<>();
        object.map(o -> o.path("spec").path("template").path("metadata").path("labels")).filter(JsonNode::isObject)
                .ifPresent(labels -> pods.addAll(podsWith(record.namespace(), labels)));
        String endpoint = "http://" + record.name() + "." + record.namespace() + ".svc.cluster.local";
        return DeploymentReadiness.check(object, pods, endpoint);
    }

    private List<JsonNode> podsWith(String namespace, JsonNode labels) {
        Map<String, String> selector = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        try {
            return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                    .map(p -> (JsonNode) ClusterObjects.tree(p)).toList();
        } catch (KubernetesClientException e) {
            // Pod status only speeds up failure detection; without permission to list pods, wait for the deadline.
            return List.of();
        }
    }

    private void refuseConcurrent(RolloutPlan plan, Instant now) {
        Optional<RolloutRecord> last = store.read(plan.namespace(), plan.name().value());
        if (last.isEmpty() || last.get().phase().terminal()) {
            return;
        }
        RolloutRecord running = last.get();
        Instant givesUp = running.deadline().plus(running.rollbackTimeout() == null ? Duration.ZERO
                : running.rollbackTimeout());
        if (now.isBefore(givesUp)) {
            throw MlopsException.remote("deploy: a rollout of " + plan.name() + " (model version "
                            + running.modelVersion() + ", started " + running.startedAt() + ") is still in progress",
                    "wait for it to finish, or cancel it; its record is ConfigMap " + plan.namespace() + "/"
                            + RolloutStore.configMapName(plan.name().value()), "ROLLOUT_IN_PROGRESS", null);
        }
        log.warn("a rollout of " + plan.name() + " started " + running.startedAt() + " was abandoned in phase "
                + running.phase() + "; starting a new one from the current state");
    }

    private RolloutRecord load(String operationId) {
        String[] parts = parse(operationId);
        RolloutRecord record = store.read(parts[0], parts[1]).orElseThrow(() -> MlopsException.remote(
                describe(operationId) + ": no rollout record found", "the ConfigMap "
                        + RolloutStore.configMapName(parts[1]) + " was deleted", "NOT_FOUND", null));
        if (!record.id().equals(parts[2])) {
            throw MlopsException.remote(describe(operationId) + ": superseded by rollout " + record.id()
                    + " (model version " + record.modelVersion() + ")", "another deployment took over the service",
                    "SUPERSEDED", null);
        }
        return record;
    }

    static String operationId(RolloutRecord record) {
        return record.namespace() + "/" + record.name() + "/" + record.id();
    }

    private static String[] parse(String operationId) {
        String[] parts = operationId.split("/", 3);
        if (parts.length != 3) {
            throw MlopsException.input("rollout id: '" + operationId + "' is not namespace/name/id",
                    "pass the id printed when the rollout was submitted");
        }
        return parts;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
