package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The form methods a step's or build step's configuration shares (Snippet Generator, job page): its credential
 * pickers, its dropdowns of closed sets and its number checks. A picker lists credentials only to someone who may configure the job (or, outside a
 * job, administer Jenkins); anyone else sees only the saved id, so saving the form keeps it.
 */
public final class JobForms {
    private JobForms() {
    }

    /** Secret text or username/password credentials the job can use for MLflow. */
    public static ListBoxModel mlflowCredentials(Item item, String current) {
        return credentials(item, current, GlobalCredentials.HTTP);
    }

    /** Secret text or username/password credentials the job can use for Kubeflow Pipelines. */
    public static ListBoxModel kubeflowCredentials(Item item, String current) {
        return credentials(item, current, GlobalCredentials.HTTP);
    }

    /** Secret file credentials holding a kubeconfig. */
    public static ListBoxModel kubeconfigCredentials(Item item, String current) {
        return credentials(item, current, List.of(FileCredentials.class));
    }

    /** Secret text credentials holding a Kubernetes bearer token. */
    public static ListBoxModel kubernetesCredentials(Item item, String current) {
        return credentials(item, current, List.of(StringCredentials.class));
    }

    private static ListBoxModel credentials(Item item, String current,
                                            List<Class<? extends StandardCredentials>> types) {
        String saved = current == null ? "" : current;
        if (!mayConfigure(item)) {
            ListBoxModel only = new ListBoxModel();
            only.add(saved, saved);
            return only;
        }
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        types.forEach(type -> model.includeAs(ACL.SYSTEM2, item, type));
        model.includeCurrentValue(saved);
        return model;
    }

    /**
     * A dropdown of a closed set, each value shown as itself. It names no secret and reaches nothing, so it needs
     * no permission.
     */
    public static ListBoxModel choices(List<String> values) {
        ListBoxModel model = new ListBoxModel();
        values.forEach(v -> model.add(v, v));
        return model;
    }

    /** A whole number from {@code low} to {@code high}; empty means the default. */
    public static FormValidation integerIn(String value, int low, int high, String field) {
        String v = MlopsConfiguration.blankToNull(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            long n = Long.parseLong(v);
            return n >= low && n <= high ? FormValidation.ok()
                    : FormValidation.error(field + " must be from " + low + " to " + high + ", got " + v);
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be a whole number, got '" + v + "'");
        }
    }

    /**
     * A decimal number above {@code low} (exclusive) and up to {@code high} (inclusive); empty means the default.
     */
    public static FormValidation decimalAbove(String value, double low, double high, String field) {
        String v = MlopsConfiguration.blankToNull(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            double n = Double.parseDouble(v);
            return n > low && n <= high ? FormValidation.ok()
                    : FormValidation.error(field + " must be above " + low + " and at most " + high + ", got " + v);
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be a number such as 0.1, got '" + v + "'");
        }
    }

    /**
     * A step parameter's own binding check run as the field is typed (it reaches nothing, so it needs no
     * permission): its one-line refusal is the field's error.
     */
    public static FormValidation asBound(Runnable binding) {
        try {
            binding.run();
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }
}
