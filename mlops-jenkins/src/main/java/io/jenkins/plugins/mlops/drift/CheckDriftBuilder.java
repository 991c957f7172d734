package io.jenkins.plugins.mlops.drift;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Builder;
import io.jenkins.plugins.mlops.MlopsBuilderDescriptor;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.mlopsbridge.drift.DriftInputNames;
import java.io.IOException;
import java.util.Objects;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The Freestyle form of {@code checkDrift}: the job page shows the step's own form (the same fields and help) plus
 * the columns to compare, to exclude and to declare numeric or categorical, and each column's own method and
 * threshold, which the step takes as lists and maps a form cannot edit; and the build compares the workspace's datasets on its agent with the same code, writes the same reports and sets the
 * build's result the same way ({@code onDrift}: fail, unstable or none).
 */
public final class CheckDriftBuilder extends Builder implements SimpleBuildStep {
    private final CheckDriftStep step;

    @DataBoundConstructor
    public CheckDriftBuilder(CheckDriftStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public CheckDriftStep getStep() {
        return step;
    }

    /*
     * columns, exclude, numeric and categorical are the step's lists, typed one name per line; columnMethod and
     * columnThreshold its maps, typed one COLUMN=VALUE per line. They are read from and written to the step itself, so
     * a list or map set in config.xml (or by Job DSL) is shown in the field and kept when the page is saved (the
     * step's own form, which has no list or map fields, binds a step without them).
     */

    /** The columns to compare, one per line (the step's {@code columns}). */
    public String getColumns() {
        return ColumnLines.format(step.getColumns());
    }

    @DataBoundSetter
    public void setColumns(String columns) {
        step.setColumns(ColumnLines.parse(columns));
    }

    /** The columns to leave out, one per line (the step's {@code exclude}). */
    public String getExclude() {
        return ColumnLines.format(step.getExclude());
    }

    @DataBoundSetter
    public void setExclude(String exclude) {
        step.setExclude(ColumnLines.parse(exclude));
    }

    /** The columns compared as numbers, one per line (the step's {@code numeric}). */
    public String getNumeric() {
        return ColumnLines.format(step.getNumeric());
    }

    @DataBoundSetter
    public void setNumeric(String numeric) {
        step.setNumeric(ColumnLines.parse(numeric));
    }

    /** The columns compared as categories, one per line (the step's {@code categorical}). */
    public String getCategorical() {
        return ColumnLines.format(step.getCategorical());
    }

    @DataBoundSetter
    public void setCategorical(String categorical) {
        step.setCategorical(ColumnLines.parse(categorical));
    }

    /** Each column's own method, one COLUMN=METHOD per line (the step's {@code columnMethod}). */
    public String getColumnMethod() {
        return ColumnOverrideLines.format(step.getColumnMethod());
    }

    @DataBoundSetter
    public void setColumnMethod(String columnMethod) {
        step.setColumnMethod(ColumnOverrideLines.parse(columnMethod, DriftInputNames.COLUMN_METHOD));
    }

    /** Each column's own threshold, one COLUMN=X per line (the step's {@code columnThreshold}). */
    public String getColumnThreshold() {
        return ColumnOverrideLines.format(step.getColumnThreshold());
    }

    @DataBoundSetter
    public void setColumnThreshold(String columnThreshold) {
        step.setColumnThreshold(ColumnOverrideLines.parse(columnThreshold, DriftInputNames.COLUMN_THRESHOLD));
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        CheckDriftRun.run(step, StepEnvironment.of(run, listener, env), workspace, run::setResult);
    }

    @Extension
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Check data drift (MLOps Bridge)";
        }
    }
}
