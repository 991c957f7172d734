package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.Secret;
import hudson.util.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Test-only: Jenkins' credential store as the subset's package-private hook fills it, with the three kinds of
 * credential the plugin reads. Each test starts from an empty store.
 */
public final class TestCredentials {
    private TestCredentials() {
    }

    public static void clear() {
        CredentialsProvider.clear();
    }

    public static void secretText(String id, String secret) {
        CredentialsProvider.store(id, new Text(id, TestSecrets.of(secret)));
    }

    public static void usernamePassword(String id, String username, String password) {
        CredentialsProvider.store(id, new UserPassword(id, username, TestSecrets.of(password)));
    }

    public static void secretFile(String id, String content) {
        CredentialsProvider.store(id, new File(id, content));
    }

    /** How many times a credential was tracked against a build. */
    public static long trackedCount() {
        return CredentialsProvider.tracked().size();
    }

    public static List<Credentials> tracked() {
        return CredentialsProvider.tracked();
    }

    private record Text(String id, Secret secret) implements StringCredentials {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public Secret getSecret() {
            return secret;
        }
    }

    private record UserPassword(String id, String username, Secret password)
            implements StandardUsernamePasswordCredentials {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public String getUsername() {
            return username;
        }

        @Override
        public Secret getPassword() {
            return password;
        }
    }

    private record File(String id, String content) implements FileCredentials {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "secret file";
        }
    }
}
