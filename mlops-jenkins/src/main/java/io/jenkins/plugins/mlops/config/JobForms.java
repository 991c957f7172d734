package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/**
 * The form methods a step's or build step's configuration shares (Snippet Generator, job page): its MLflow credential
 * picker and its number checks. A picker lists credentials only to someone who may configure the job (or, outside a
 * job, administer Jenkins); anyone else sees only the saved id, so saving the form keeps it.
 */
public final class JobForms {
    private JobForms() {
    }

    /** Secret text or username/password credentials the job can use for MLflow. */
    public static ListBoxModel mlflowCredentials(Item item, String current) {
        String saved = current == null ? "" : current;
        if (!mayConfigure(item)) {
            ListBoxModel only = new ListBoxModel();
            only.add(saved, saved);
            return only;
        }
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        GlobalCredentials.HTTP.forEach(type -> model.includeAs(ACL.SYSTEM2, item, type));
        model.includeCurrentValue(saved);
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

    static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }
}
