package io.jenkins.plugins.mlops.fingerprint;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Fingerprint;
import java.util.Date;
import jenkins.model.FingerprintFacet;

/**
 * One thing one build did to a model version ("fraud/main #128: deployed to kserve models/fraud-detector"),
 * persisted with the model's fingerprint and shown on its page, so "which builds touched fraud-detector v7?" has an
 * answer across jobs.
 */
public final class ModelFacet extends FingerprintFacet {
    private final String job;
    private final int build;
    private final ModelUse use;
    private final String detail;

    ModelFacet(@NonNull Fingerprint fingerprint, long timestamp, String job, int build, ModelUse use,
               String detail) {
        super(fingerprint, timestamp);
        this.job = job;
        this.build = build;
        this.use = use;
        this.detail = detail;
    }

    public String getJob() {
        return job;
    }

    /** The job's page relative to Jenkins' root URL; a job in folders is {@code job/team/job/fraud/}. */
    public String getJobUrl() {
        return "job/" + job.replace("/", "/job/") + "/";
    }

    public int getBuild() {
        return build;
    }

    public ModelUse getUse() {
        return use;
    }

    /** The use as a phrase, e.g. {@code deployed} */
    public String getVerb() {
        return use.verb();
    }

    /** What exactly happened, e.g. {@code to kserve models/fraud-detector, canary 10%}; may be empty. */
    public String getDetail() {
        return detail;
    }

    public Date getWhen() {
        return new Date(getTimestamp());
    }
}
