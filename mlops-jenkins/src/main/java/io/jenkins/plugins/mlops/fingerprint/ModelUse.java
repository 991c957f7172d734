package io.jenkins.plugins.mlops.fingerprint;

/** What a build did to a model version, as its fingerprint page lists it. */
public enum ModelUse {
    REGISTERED("registered"),
    GATED("gated"),
    PROMOTED("promoted"),
    DEPLOYED("deployed"),
    DRIFT_CHECKED("drift checked");

    private final String verb;

    ModelUse(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }
}
