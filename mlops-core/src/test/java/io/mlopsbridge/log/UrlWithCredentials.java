package io.mlopsbridge.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A URL with credentials placed at random and the secret values placed in it. */
public record UrlWithCredentials(String text, String host, List<String> secrets, boolean hostSurvives) {
    static final List<String> HOSTS = List.of("mlflow_server", "git_server.internal", "jenkins_ci",
            "mlflow.corp.example", "10.0.0.7", "[::1]", "localhost", "MLFLOW-Server", "xn--mlflw-jua.example");
    static final List<String> PORTS = List.of("", ":5000", ":443", ":abc", ":");
    static final List<String> PARAMETERS = List.of("private_token", "access_token", "token", "password", "sig",
            "X-Amz-Signature", "client_secret", "api_key", "PRIVATE-TOKEN", "auth", "id_token");
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    private static final String SPECIAL = "@:/?#%+=!$'()*,;\"\\";

    public static UrlWithCredentials random(Random random) {
        String host = pick(random, HOSTS);
        UrlWithCredentials url = random(random, host + pick(random, PORTS));
        return new UrlWithCredentials(url.text(), host, url.secrets(), url.hostSurvives());
    }

    /** A URL to {@code host} (which may carry a port) with credentials placed at random. */
    public static UrlWithCredentials random(Random random, String host) {
        List<String> secrets = new ArrayList<>();
        StringBuilder url = new StringBuilder(pick(random, List.of("http://", "https://", "HTTPS://")));
        int userInfo = random.nextInt(4);
        boolean specialInPassword = false;
        if (userInfo == 1) {
            String token = secret(random, false);
            secrets.add(token);
            url.append(token).append('@');
        } else if (userInfo >= 2) {
            String password = secret(random, userInfo == 3);
            specialInPassword = userInfo == 3;
            secrets.add(password);
            url.append(pick(random, List.of("oauth2", "alice", "x-access-token", "user_1"))).append(':')
                    .append(password).append('@');
        }
        url.append(host).append(pick(random, List.of("", "/", "/fraud/model.git",
                "/job/fraud/42/", "/api/2.0/mlflow")));
        List<String> query = new ArrayList<>();
        if (random.nextBoolean()) {
            query.add("ref=main");
        }
        for (int p = random.nextInt(3); p > 0; p--) {
            String value = secret(random, false);
            secrets.add(value);
            query.add(pick(random, PARAMETERS) + "=" + value);
        }
        Collections.shuffle(query, random);
        if (!query.isEmpty()) {
            url.append('?').append(String.join("&", query));
        }
        if (random.nextInt(4) == 0) {
            String value = secret(random, false);
            secrets.add(value);
            url.append("#access_token=").append(value);
        }
        return new UrlWithCredentials(url.toString(), host, secrets, !specialInPassword);
    }

    private static String secret(Random random, boolean special) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String alphabet = special && random.nextInt(3) == 0 ? SPECIAL : PLAIN;
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
