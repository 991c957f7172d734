package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import org.springframework.security.core.Authentication;

public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>,
        C extends IdCredentials> extends ListBoxModel {
    AbstractIdCredentialsListBoxModel() {
    }

    @NonNull
    protected abstract String describe(@NonNull C c);

    @NonNull
    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        if (stream().noneMatch(o -> o.value.isEmpty())) {
            add(0, new Option("- none -", ""));
        }
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeAs(@NonNull Authentication authentication,
                                                             @Nullable Item context,
                                                             @NonNull Class<? extends C> type) {
        // Subset: the store has one global domain, visible from every item.
        return includeAs(authentication, (ItemGroup) null, type);
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeAs(@NonNull Authentication authentication,
                                                             @NonNull ItemGroup context,
                                                             @NonNull Class<? extends C> type) {
        for (C c : CredentialsProvider.lookupCredentialsInItemGroup(type, context, authentication)) {
            add(describe(c), c.getId());
        }
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) {
        if (value.isEmpty()) {
            return includeEmptyValue();
        }
        if (stream().noneMatch(o -> o.value.equals(value))) {
            add(isEmpty() || !get(0).value.isEmpty() ? 0 : 1, new Option("- current -", value));
        }
        return this;
    }
}
