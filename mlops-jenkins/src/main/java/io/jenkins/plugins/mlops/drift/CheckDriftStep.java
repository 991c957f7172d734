package io.jenkins.plugins.mlops.drift;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.mlops.MlflowStep;
import io.jenkins.plugins.mlops.MlflowStepDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
import io.jenkins.plugins.mlops.config.JobForms;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.drift.ColumnOverride;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.RetrainTrigger;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.DriftMethod;
import io.mlopsbridge.drift.ModelProfiles;
import io.mlopsbridge.drift.input.CsvFormat;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.function.BiFunction;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code checkDrift(reference: 'data/train.csv', current: 'data/last-week.csv', model: 'fraud')}: compares two
 * datasets on the agent that holds them, writes the reports into the workspace and returns the CLI's
 * {@code mlops drift --json} result (with {@code drifted}, {@code driftShare}, per-column scores and, with a model,
 * the cooldown-guarded {@code retrain} decision) so a Jenkinsfile can {@code build job: 'retrain'}. Without
 * {@code current}, {@code checkDrift(reference: 'data/train.csv', profile: 'profiles/train.json')} only profiles the
 * reference and saves its profile, as {@code mlops drift --profile-out} without {@code --current} does. Either
 * {@code reference} or {@code profile} may be a model version in MLflow ({@code models:/fraud-detector@champion}),
 * talked to from the controller ({@link ModelVersionProfiles}).
 */
public final class CheckDriftStep extends MlflowStep {
    /** What a drifted dataset does to the build. */
    enum OnDrift { FAIL, UNSTABLE, NONE }

    private final String reference;
    // Optional, as --current is: a build that only saves the reference's profile (for later builds to compare
    // against without the training data) gives none. Freestyle jobs saved when it was required still load: XStream
    // reads the field by name.
    private String current;
    private String profile;
    private String method = "auto";
    private Double threshold;
    private Long maxBadRows;
    private Double driftShare;
    private List<String> columns = List.of();
    private List<String> exclude = List.of();
    private String rule;
    private String html;
    private String json;
    private String junit;
    private String model;
    private String version;
    private String cooldown;
    private String onDrift = "fail";
    private String delimiter;
    private String quote;
    private List<String> numeric = List.of();
    private List<String> categorical = List.of();
    private Map<String, String> columnMethod = Map.of();
    private Map<String, String> columnThreshold = Map.of();
    private Integer partitions;

    @DataBoundConstructor
    public CheckDriftStep(String reference) {
        this.reference = StepArguments.required(reference, "reference", "checkDrift(reference: 'data/train.csv', "
                + "current: ...) (a CSV, Parquet or saved profile in the workspace, or models:/NAME/VERSION)");
    }

    /** A comparison of {@code current} with {@code reference}, for Java callers; Jenkins binds the one above. */
    public CheckDriftStep(String reference, String current) {
        this(reference);
        setCurrent(current);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new CheckDriftExecution(context, this);
    }

    /**
     * The arguments the agent gets. Refuses a step that gives neither {@code current} nor {@code profile} (nothing to
     * compare, nothing to save), and outputs that would overwrite the data or each other ({@link OutputFiles}), when
     * the check starts, before anything is read: the parameters are set independently while the step is bound, so
     * binding cannot tell. So is a {@code cooldown} without a {@code model}, which would do nothing.
     */
    DriftSpec spec() {
        if (current == null && profile == null) {
            throw MlopsException.input("current or profile is required: current, the data to compare with the "
                    + "reference, or profile, where to save the reference's profile without comparing",
                    "e.g. current: 'data/last-week.csv', or profile: 'profiles/train.json'");
        }
        OutputFiles.requireApart(this);
        RetrainTrigger.requireModelForCooldown(cooldown, model);
        return new DriftSpec(reference, current, profile, method, threshold, driftShare, getColumns(), getExclude(),
                rule, html, junit, maxBadRows, delimiter, quote, getNumeric(), getCategorical(),
                entries(getColumnMethod()), entries(getColumnThreshold()), partitions, false, json);
    }

    public String getReference() {
        return reference;
    }

    /** The data to compare with the reference; none to only save the reference's {@code profile}. */
    public String getCurrent() {
        return current;
    }

    @DataBoundSetter
    public void setCurrent(String current) {
        this.current = StepArguments.optional(current);
    }

    /**
     * The parameters given that only a comparison uses (its reports, verdict and retraining), in the order of the
     * step's reference: accepted without {@code current}, as {@code mlops drift} accepts their options without
     * {@code --current}, and named in the console because they do nothing then.
     */
    List<String> unusedWithoutCurrent() {
        String[] names = {"rule", "html", "json", "junit", "model", "version", "cooldown", "onDrift"};
        Object[] values = {rule, html, json, junit, model, version, cooldown,
            onDriftChoice() == OnDrift.FAIL ? null : onDrift};
        return IntStream.range(0, names.length).filter(i -> values[i] != null).mapToObj(i -> names[i]).toList();
    }

    /** Save the reference's profile here (workspace-relative), to compare later runs against it cheaply. */
    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        String value = StepArguments.optional(profile);
        // A model version is no workspace file; a file must stay inside the workspace, as the reports must.
        this.profile = value == null || ModelProfiles.isModelUri(value) ? value
                : OutputFiles.Kind.PROFILE.bound(value);
    }

    /** {@code auto} (Evidently's choice per column) or a method such as {@code psi}, {@code ks}, {@code wasserstein}. */
    public String getMethod() {
        return method;
    }

    @DataBoundSetter
    public void setMethod(String method) {
        String m = StepArguments.optional(method);
        // Checked as the step is bound, not first on the agent, by the engine's own parser; kept as the engine names it.
        this.method = m == null ? "auto" : StepArguments.checked(() -> DriftMethod.parse(m).id());
    }

    public Double getThreshold() {
        return threshold;
    }

    @DataBoundSetter
    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    /** Share of drifted columns at which the dataset has drifted (default 0.5). */
    public Double getDriftShare() {
        return driftShare;
    }

    @DataBoundSetter
    public void setDriftShare(Double driftShare) {
        this.driftShare = driftShare;
    }

    /** Bad rows (wrong field count, unterminated quote) skipped per file before the check fails (default 100). */
    public Long getMaxBadRows() {
        return maxBadRows;
    }

    @DataBoundSetter
    public void setMaxBadRows(Long maxBadRows) {
        this.maxBadRows = maxBadRows == null ? null
                : StepArguments.atLeastZero(maxBadRows, "maxBadRows", "maxBadRows: 100");
    }

    public List<String> getColumns() {
        return columns == null ? List.of() : columns; // null in a job saved before the field existed
    }

    @DataBoundSetter
    public void setColumns(List<String> columns) {
        this.columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** Columns left out of the comparison (ids, timestamps), e.g. {@code exclude: ['transaction_id']}. */
    public List<String> getExclude() {
        return exclude == null ? List.of() : exclude; // null in a job saved before the field existed
    }

    @DataBoundSetter
    public void setExclude(List<String> exclude) {
        this.exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Columns compared as numbers whatever they look like, e.g. {@code numeric: ['hour']}. */
    public List<String> getNumeric() {
        return numeric == null ? List.of() : numeric; // null in a job saved before the field existed
    }

    @DataBoundSetter
    public void setNumeric(List<String> numeric) {
        this.numeric = numeric == null ? List.of() : List.copyOf(numeric);
    }

    /** Columns compared as categories although they look numeric (codes), e.g. {@code categorical: ['mcc']}. */
    public List<String> getCategorical() {
        return categorical == null ? List.of() : categorical; // null in a job saved before the field existed
    }

    @DataBoundSetter
    public void setCategorical(List<String> categorical) {
        this.categorical = categorical == null ? List.of() : List.copyOf(categorical);
    }

    /** Each column's own method, e.g. {@code columnMethod: [age: 'psi']} (as {@code --column-method age=psi}). */
    public Map<String, String> getColumnMethod() {
        return columnMethod == null ? Map.of() : columnMethod; // null in a job saved before the field existed
    }

    @DataBoundSetter
    public void setColumnMethod(Map<String, String> columnMethod) {
        this.columnMethod = overrides(columnMethod, ColumnOverride::method);
    }

    /** Each column's own threshold, e.g. {@code columnThreshold: [amount: 0.2]} (as {@code --column-threshold}). */
    public Map<String, String> getColumnThreshold() {
        return columnThreshold == null ? Map.of() : columnThreshold;
    }

    @DataBoundSetter
    public void setColumnThreshold(Map<String, String> columnThreshold) {
        this.columnThreshold = overrides(columnThreshold, ColumnOverride::threshold);
    }

    /**
     * A Jenkinsfile's map of column to value, each entry checked as the step is bound by the engine's own parser of
     * the command line's entries ({@code apply} to a default check), and kept as text: a Groovy map literal holds
     * numbers ({@code [amount: 0.2]}) whatever the declared type.
     */
    private static Map<String, String> overrides(Map<String, String> given,
                                                 BiFunction<ColumnOverride, DriftCheck, DriftCheck> apply) {
        Map<String, String> text = new LinkedHashMap<>();
        if (given != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) given).entrySet()) {
                ColumnOverride override = new ColumnOverride(String.valueOf(entry.getKey()),
                        String.valueOf(entry.getValue()));
                StepArguments.checked(() -> apply.apply(override, DriftCheck.withDefaults()));
                text.put(override.column(), override.value());
            }
        }
        return text;
    }

    /** The command line's COLUMN=VALUE entries of a map of column to value. */
    private static List<String> entries(Map<String, String> overrides) {
        return overrides.entrySet().stream().map(e -> new ColumnOverride(e.getKey(), e.getValue()).entry()).toList();
    }

    /**
     * Parts a large CSV file is cut into at line breaks and profiled in parallel (as {@code mlops drift --partitions});
     * 1 reads it in one pass; unset (or 0), the command line's automatic choice.
     */
    public Integer getPartitions() {
        return partitions;
    }

    @DataBoundSetter
    public void setPartitions(Integer partitions) {
        this.partitions = partitions == null ? null
                : (int) StepArguments.atLeastZero(partitions, "partitions", "partitions: 4");
    }

    /** A gate expression describing acceptable data, e.g. {@code drift_share <= 0.3 && psi.amount < 0.25}. */
    public String getRule() {
        return rule;
    }

    @DataBoundSetter
    public void setRule(String rule) {
        this.rule = StepArguments.optional(rule);
    }

    public String getHtml() {
        return html;
    }

    @DataBoundSetter
    public void setHtml(String html) {
        this.html = OutputFiles.Kind.HTML.bound(html);
    }

    public String getJson() {
        return json;
    }

    @DataBoundSetter
    public void setJson(String json) {
        this.json = OutputFiles.Kind.JSON.bound(json);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = OutputFiles.Kind.JUNIT.bound(junit);
    }

    /** Registered model whose retraining this drift may trigger (needs MLflow). */
    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = StepArguments.optional(model);
    }

    /** The version of {@code model} this data is served by; with it, the check is on that version's fingerprint. */
    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = StepArguments.optional(version);
    }

    /** Least time between two retraining triggers of the model (default 24h). */
    public String getCooldown() {
        return cooldown;
    }

    @DataBoundSetter
    public void setCooldown(String cooldown) {
        this.cooldown = StepArguments.duration(cooldown, "cooldown", "cooldown: '24h'");
    }

    /** {@code fail} (default), {@code unstable} or {@code none}. */
    public String getOnDrift() {
        return onDrift;
    }

    @DataBoundSetter
    public void setOnDrift(String onDrift) {
        String value = StepArguments.optional(onDrift);
        try {
            OnDrift.valueOf(value == null ? "FAIL" : value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("onDrift must be 'fail', 'unstable' or 'none', got '" + onDrift + "'");
        }
        this.onDrift = value == null ? "fail" : value.toLowerCase(Locale.ROOT);
    }

    /** The CSV field separator, one character ({@code \t} or {@code tab} for a tab); default {@code ,}. */
    public String getDelimiter() {
        return delimiter;
    }

    @DataBoundSetter
    public void setDelimiter(String delimiter) {
        this.delimiter = csvCharacter(delimiter, DriftInputNames.DELIMITER);
    }

    /** The CSV quote character; default {@code "}. */
    public String getQuote() {
        return quote;
    }

    @DataBoundSetter
    public void setQuote(String quote) {
        this.quote = csvCharacter(quote, DriftInputNames.QUOTE);
    }

    /**
     * Checked as the step is bound by the command line's own parser, and kept as given (the agent parses it again).
     * Not stripped: a tab or a space is a delimiter, so only an empty value means "not given".
     */
    private static String csvCharacter(String text, InputName input) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        StepArguments.checked(() -> CsvFormat.character(text, input));
        return text;
    }

    OnDrift onDriftChoice() {
        return OnDrift.valueOf(onDrift.toUpperCase(Locale.ROOT));
    }

    @Extension
    public static final class DescriptorImpl extends MlflowStepDescriptor {
        @Override
        public String getFunctionName() {
            return "checkDrift";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Check two datasets for drift on the agent, and decide on retraining";
        }

        /** Inside {@code node}: the files are in the agent's workspace. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FilePath.class);
        }

        // Form methods of the Snippet Generator and the Freestyle form (config.jelly); see JobForms.

        /** The drift tests the engine knows, {@code auto} first. */
        public ListBoxModel doFillMethodItems() {
            return JobForms.choices(Arrays.stream(DriftMethod.values()).map(DriftMethod::id).toList());
        }

        public ListBoxModel doFillOnDriftItems() {
            return JobForms.choices(Arrays.stream(OnDrift.values())
                    .map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
        }

        @POST
        public FormValidation doCheckThreshold(@QueryParameter String value) {
            return JobForms.decimalAbove(value, 0, 100, "threshold");
        }

        @POST
        public FormValidation doCheckMaxBadRows(@QueryParameter String value) {
            return JobForms.integerIn(value, 0, Integer.MAX_VALUE, "maxBadRows");
        }

        @POST
        public FormValidation doCheckDriftShare(@QueryParameter String value) {
            return JobForms.decimalAbove(value, 0, 1, "driftShare");
        }

        @POST
        public FormValidation doCheckPartitions(@QueryParameter String value) {
            return JobForms.integerIn(value, 0, Integer.MAX_VALUE, "partitions");
        }

        @POST
        public FormValidation doCheckDelimiter(@QueryParameter String value) {
            return JobForms.asTyped(() -> csvCharacter(value, DriftInputNames.DELIMITER));
        }

        @POST
        public FormValidation doCheckQuote(@QueryParameter String value) {
            return JobForms.asTyped(() -> csvCharacter(value, DriftInputNames.QUOTE));
        }
    }
}
