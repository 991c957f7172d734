package io.mlopsbridge.library;

import java.util.HashMap;
import java.util.Map;

/**
 * The credentials store a test's controller holds, by id, with the three kinds the library binds. Like Jenkins,
 * binding an id as the wrong kind fails before the body runs, naming both kinds.
 */
final class JenkinsCredentials {
    sealed interface Credential permits UsernamePassword, SecretText, SecretFile {
        String kind();
    }

    record UsernamePassword(String username, String password) implements Credential {
        @Override
        public String kind() {
            return "Username with password";
        }
    }

    record SecretText(String secret) implements Credential {
        @Override
        public String kind() {
            return "Secret text";
        }
    }

    record SecretFile(String fileName, String content) implements Credential {
        @Override
        public String kind() {
            return "Secret file";
        }
    }

    private final Map<String, Credential> byId = new HashMap<>();

    JenkinsCredentials add(String id, Credential credential) {
        byId.put(id, credential);
        return this;
    }

    /** The credential {@code id} as {@code type}; fails the way credentials-binding does when it is not one. */
    <C extends Credential> C find(String id, Class<C> type, String expectedKind) {
        Credential credential = byId.get(id);
        if (credential == null) {
            throw new PipelineFailure("Could not find credentials entry with ID '" + id + "'");
        }
        if (!type.isInstance(credential)) {
            throw new PipelineFailure("Credentials '" + id + "' is of type '" + credential.kind() + "' where '"
                    + expectedKind + "' was expected");
        }
        return type.cast(credential);
    }
}
