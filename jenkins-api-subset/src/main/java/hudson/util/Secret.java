package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.Objects;

public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    /** Test-only: Jenkins decrypts secrets from its store; the tests make them from plain text. */
    Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    @NonNull
    public String getPlainText() {
        return value;
    }

    /** Subset: upstream first tries to read {@code data} as an encrypted value; nothing here is encrypted. */
    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        return new Secret(data == null ? "" : data);
    }
}
