package io.jenkins.plugins.mlops.action;

import io.mlopsbridge.gate.GateVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * A model version this build registered or used: its name, version, the alias moves the build made, its gate
 * report clause by clause, and links to it in MLflow and to its Jenkins fingerprint.
 */
public final class ModelRecord {
    private final String name;
    private final String version;
    private final String identity;
    private final String mlflowLink;
    private final List<String> aliasMoves = new ArrayList<>();
    private final List<GateClauseRecord> gateClauses = new ArrayList<>();
    private String gateSummary;
    private boolean gatePassed = true;

    ModelRecord(String name, String version, String identity, String mlflowLink) {
        this.name = name;
        this.version = version;
        this.identity = identity;
        this.mlflowLink = mlflowLink;
    }

    void gate(GateVerdict verdict) {
        gateSummary = verdict.summary();
        gatePassed = verdict.passed();
        gateClauses.clear();
        verdict.clauses().forEach(c -> gateClauses.add(new GateClauseRecord(c)));
    }

    void aliasMoved(String alias, String previousVersion) {
        String move = alias + ": " + (previousVersion == null ? "(none)" : "v" + previousVersion) + " → v" + version;
        if (!aliasMoves.contains(move)) {
            aliasMoves.add(move);
        }
    }

    boolean is(String modelName, String modelVersion) {
        return name.equals(modelName) && version.equals(modelVersion);
    }

    public String getName() {
        return name;
    }

    public String getVersion() {
        return version;
    }

    /** The 32-hex model identity, which is also the model's Jenkins fingerprint id. */
    public String getIdentity() {
        return identity;
    }

    /** The fingerprint page, relative to Jenkins' root URL. */
    public String getFingerprintUrl() {
        return "fingerprint/" + identity + "/";
    }

    public String getMlflowLink() {
        return mlflowLink;
    }

    public List<String> getAliasMoves() {
        return List.copyOf(aliasMoves);
    }

    public List<GateClauseRecord> getGateClauses() {
        return List.copyOf(gateClauses);
    }

    /** The gate's one-line summary, or null when no gate ran. */
    public String getGateSummary() {
        return gateSummary;
    }

    public boolean isGatePassed() {
        return gatePassed;
    }
}
