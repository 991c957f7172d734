package io.mlopsbridge.lineage;

/**
 * Tag keys written on model versions (and, for the release, on the training run). The git keys are MLflow's own,
 * so MLflow's UI links the commit; the rest live under {@code mlops.}.
 */
public final class LineageTags {
    public static final String RELEASE = "mlops.release";
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    public static final String GIT_REPO_URL = "mlflow.source.git.repoURL";
    public static final String CI_JOB = "mlops.ci.job";
    public static final String CI_BUILD_NUMBER = "mlops.ci.build_number";
    public static final String CI_BUILD_URL = "mlops.ci.build_url";
    public static final String TRAINING_RUN_ID = "mlops.training_run_id";
    /** Followed by the dataset name and {@code .digest}: {@code mlops.dataset.<name>.digest}. */
    public static final String DATASET_PREFIX = "mlops.dataset.";
    public static final String REGISTERED_BY = "mlops.registered_by";
    /** {@code <job>#<build number>}; finds the version a build already registered (idempotent registration). */
    public static final String BUILD_KEY = "mlops.build_key";
    /** The 32-hex {@link ModelIdentity}, used as the Jenkins fingerprint. */
    public static final String MODEL_IDENTITY = "mlops.model_identity";

    public static final String GATE_VERDICT = "mlops.gate.verdict";
    public static final String GATE_EXPRESSION = "mlops.gate.expression";
    public static final String GATE_PASSED = "passed";
    public static final String GATE_REJECTED = "rejected";

    public static final String PROMOTED_FROM = "mlops.promoted_from";
    public static final String PROMOTED_BY = "mlops.promoted_by";
    public static final String PROMOTED_AT = "mlops.promoted_at";
    public static final String PROMOTED_BUILD = "mlops.promoted_build";
    public static final String ROLLED_BACK_FROM = "mlops.rolled_back_from";

    private LineageTags() {
    }

    public static String datasetDigest(String datasetName) {
        return DATASET_PREFIX + datasetName + ".digest";
    }
}
