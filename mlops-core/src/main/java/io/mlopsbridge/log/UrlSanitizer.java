package io.mlopsbridge.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from a URL before it reaches a message, a tag or a report: the user-info part
 * ({@code https://user:password@host}, {@code https://token@host}) and credential-like query or fragment parameters
 * ({@code ?private_token=}, {@code ?access_token=}, {@code &sig=}, {@code #access_token=}).
 *
 * <p>It works on the text, not on {@link java.net.URI}: a URL that {@code URI} refuses (a host with {@code _}, an
 * {@code @} or {@code /} in the password, a non-numeric port) must be cleaned just as well, because such a URL is
 * exactly what an error message is about to repeat. When the text is ambiguous it removes more, never less.
 */
public final class UrlSanitizer {
    private static final Pattern SCHEME = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9+.-]*://");
    /** Parameter names whose value is a credential, matched case-insensitively on the whole name. */
    private static final List<String> SECRET_NAMES = List.of("sig", "key", "code", "jwt", "sas", "pass", "pw");
    /** Parameter names containing one of these are credentials too (private_token, X-Amz-Signature, client_secret). */
    private static final List<String> SECRET_NAME_PARTS = List.of("token", "secret", "passw", "pwd", "signature",
            "credential", "apikey", "api_key", "api-key", "auth", "session", "cookie");

    private UrlSanitizer() {
    }

    /** {@code url} without user info or credential-like parameters; null stays null. */
    public static String sanitize(String url) {
        if (url == null) {
            return null;
        }
        Matcher scheme = SCHEME.matcher(url);
        String withoutUserInfo = scheme.find()
                ? url.substring(0, scheme.end()) + withoutUserInfo(url.substring(scheme.end()))
                : withoutScpPassword(url);
        return withoutSecretParameters(withoutUserInfo);
    }

    /**
     * The secrets {@code url} carries, for the masker: the password of its user info (or the whole user info when it
     * is a bare token) and the values of credential-like parameters. A user name beside a password is not a secret.
     */
    public static List<String> secretsIn(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        Matcher scheme = SCHEME.matcher(url);
        String rest = scheme.find() ? url.substring(scheme.end()) : "";
        String userInfo = rest.substring(0, rest.length() - withoutUserInfo(rest).length());
        if (userInfo.endsWith("@")) {
            String pair = userInfo.substring(0, userInfo.length() - 1);
            int colon = pair.indexOf(':');
            secrets.add(colon < 0 ? pair : pair.substring(colon + 1));
            if (colon >= 0) {
                secrets.add(decode(pair.substring(colon + 1)));
            }
        }
        for (String parameter : url.split("[?#&;]")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && isSecretParameter(decode(parameter.substring(0, eq)))) {
                secrets.add(parameter.substring(eq + 1));
                secrets.add(decode(parameter.substring(eq + 1)));
            }
        }
        return secrets;
    }

    /**
     * True when {@code url} carries what {@link #sanitize} removes: user info, or a credential-like query or fragment
     * parameter. For inputs that are stored or printed whole, which must be refused rather than cleaned.
     */
    public static boolean carriesCredentials(String url) {
        if (url == null) {
            return false;
        }
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find() && !withoutUserInfo(url.substring(scheme.end())).equals(url.substring(scheme.end()))) {
            return true;
        }
        int query = firstParameterStart(url);
        if (query < 0) {
            return false;
        }
        for (String parameter : url.substring(query + 1).split("[?#&;]")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && isSecretParameter(decode(parameter.substring(0, eq)))) {
                return true;
            }
        }
        return false;
    }

    private static int firstParameterStart(String url) {
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        return query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
    }

    /** True when {@code name} is a query or fragment parameter that carries a credential. */
    public static boolean isSecretParameter(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        return SECRET_NAMES.contains(n) || SECRET_NAME_PARTS.stream().anyMatch(n::contains);
    }

    /**
     * {@code rest} is what follows {@code scheme://}. User info ends at the last {@code @} whose prefix can be user
     * info: a prefix without {@code / ? #}, or one with a {@code :} before its first delimiter (a password may hold a
     * raw {@code /}, {@code ?}, {@code #} or {@code @}). An {@code @} in a path or a query value after a host without
     * port ({@code host/users/@me}, {@code host/p?mail=a@b}) is not one.
     */
    private static String withoutUserInfo(String rest) {
        for (int at = rest.lastIndexOf('@'); at >= 0; at = rest.lastIndexOf('@', at - 1)) {
            if (canBeUserInfo(rest.substring(0, at))) {
                return rest.substring(at + 1);
            }
        }
        return rest;
    }

    private static boolean canBeUserInfo(String prefix) {
        int delimiter = firstDelimiter(prefix, 0);
        if (delimiter == prefix.length()) {
            return true;
        }
        // host:port/path@x and user:12/34@host cannot be told apart; the password wins.
        int colon = prefix.indexOf(':');
        return colon >= 0 && colon < delimiter;
    }

    /** Git's scp-like form {@code user@host:path} names a user, never a secret, unless it says {@code user:password@}. */
    private static String withoutScpPassword(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0 || url.substring(0, at).indexOf(':') < 0) {
            return url;
        }
        return url.substring(at + 1);
    }

    private static int firstDelimiter(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return text.length();
    }

    /** Drops every credential-like {@code name=value} from the query and the fragment (OAuth puts tokens there). */
    private static String withoutSecretParameters(String url) {
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query < 0 && fragment < 0) {
            return url;
        }
        int pathEnd = query >= 0 && (fragment < 0 || query < fragment) ? query : fragment;
        StringBuilder out = new StringBuilder(url.substring(0, pathEnd));
        if (query >= 0 && (fragment < 0 || query < fragment)) {
            String q = url.substring(query + 1, fragment > query ? fragment : url.length());
            appendKept(out, '?', q);
        }
        if (fragment >= 0) {
            appendKept(out, '#', url.substring(fragment + 1));
        }
        return out.toString();
    }

    private static void appendKept(StringBuilder out, char separator, String parameters) {
        List<String> kept = new ArrayList<>();
        for (String parameter : parameters.split("[&;]", -1)) {
            int eq = parameter.indexOf('=');
            if (eq < 0 || !isSecretParameter(decode(parameter.substring(0, eq)))) {
                kept.add(parameter);
            }
        }
        if (!kept.isEmpty() && !(kept.size() == 1 && kept.get(0).isEmpty())) {
            out.append(separator).append(String.join("&", kept));
        }
    }

    private static String decode(String name) {
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }
}
