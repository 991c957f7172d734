package io.jenkins.plugins.mlops.action;

import io.mlopsbridge.drift.ColumnDrift;
import io.mlopsbridge.drift.DriftResult;
import java.util.ArrayList;
import java.util.List;

/** A drift check of this build: the share, the drifted columns, the retrain decision, its reports in the build. */
public final class DriftRecord {
    private final String id;
    private final double driftShare;
    private final int columnCount;
    private final List<String> driftedColumns;
    private final boolean drifted;
    private final Boolean retrain;
    private final String retrainReason;
    private final String summary;
    private final String htmlReport;

    DriftRecord(String id, DriftResult result, String htmlReport) {
        this.id = id;
        this.driftShare = result.driftShare();
        this.columnCount = result.columns().size();
        // An ArrayList, not an immutable JDK list: XStream cannot write those on Java 17 (java.util is not open).
        this.driftedColumns = new ArrayList<>(result.columns().stream().filter(ColumnDrift::drifted)
                .map(ColumnDrift::column).toList());
        this.drifted = result.drifted();
        this.retrain = result.retrain() == null ? null : result.retrain().retrain();
        this.retrainReason = result.retrain() == null ? null : result.retrain().reason();
        this.summary = result.summary();
        this.htmlReport = htmlReport;
    }

    /** Names this check among the build's checks, in the report's URL ({@code mlops/drift/<id>/}). */
    public String getId() {
        return id;
    }

    public double getDriftShare() {
        return driftShare;
    }

    public int getColumnCount() {
        return columnCount;
    }

    public List<String> getDriftedColumns() {
        return List.copyOf(driftedColumns);
    }

    public boolean isDrifted() {
        return drifted;
    }

    /** Whether the retraining trigger fired; null when the check named no model. */
    public Boolean getRetrain() {
        return retrain;
    }

    public String getRetrainReason() {
        return retrainReason;
    }

    public String getSummary() {
        return summary;
    }

    /** The HTML report's file name inside the build's drift folder, or null when none was written. */
    public String getHtmlReport() {
        return htmlReport;
    }

    /** The report's address relative to the build's MLOps record ({@code drift/<id>/<file>}), or null without one. */
    public String getReportUrl() {
        return htmlReport == null ? null : "drift/" + MlflowLinks.encode(id) + "/" + MlflowLinks.encode(htmlReport);
    }
}
