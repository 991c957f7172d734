package io.mlopsbridge.kfp.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official KFP v2beta1 swagger ({@code kfp_api_single_file.swagger.json}, Swagger 2.0) as an executable
 * contract: finds the operation for a method and path (custom verbs such as {@code /runs/{run_id}:terminate}
 * included) and lists everything about a request or response that the spec does not allow.
 *
 * <p>Written here rather than taken from a JSON Schema library: those validate schemas, but not Swagger 2.0
 * operations (path templates with verbs, query/path/formData parameters, the body parameter), and the KFP server is
 * stricter than its schemas say (unknown fields are errors), which needs a switch no library has.
 */
final class SwaggerContract {
    static final String RESOURCE = "/kfp-v2beta1/kfp_api_single_file.swagger.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation of the spec with its path template compiled to a regular expression. */
    record Operation(String method, String template, JsonNode spec, Pattern pattern, List<String> pathParams,
                     int literalLength) {
        String id() {
            return spec.path("operationId").asText();
        }
    }

    /** A request as the fake server received it. */
    record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A matched operation and the decoded path parameters. */
    record Match(Operation operation, Map<String, String> pathParams) {
    }

    private final JsonNode spec;
    private final List<Operation> operations;
    private final SchemaValidator schemas;

    private SwaggerContract(JsonNode spec) {
        this.spec = spec;
        this.schemas = new SchemaValidator(spec);
        this.operations = compile(spec);
    }

    static SwaggerContract load() {
        try (InputStream in = SwaggerContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the test resources");
            }
            return new SwaggerContract(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode spec() {
        return spec;
    }

    List<Operation> operations() {
        return operations;
    }

    /** The operation a request addresses; the most literal template wins, as grpc-gateway prefers verbs. */
    Optional<Match> match(String method, String rawPath) {
        return operations.stream()
                .filter(op -> op.method().equals(method))
                .map(op -> new Object[] {op, op.pattern().matcher(rawPath)})
                .filter(pair -> ((Matcher) pair[1]).matches())
                .max(Comparator.comparingInt(pair -> ((Operation) pair[0]).literalLength()))
                .map(pair -> {
                    Operation op = (Operation) pair[0];
                    Matcher m = (Matcher) pair[1];
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 0; i < op.pathParams().size(); i++) {
                        params.put(op.pathParams().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                    }
                    return new Match(op, params);
                });
    }

    boolean pathExists(String rawPath) {
        return operations.stream().anyMatch(op -> op.pattern().matcher(rawPath).matches());
    }

    /** Everything wrong with a request, or an empty list. */
    List<String> checkRequest(Request request) {
        List<String> errors = new ArrayList<>();
        Optional<Match> match = match(request.method(), request.rawPath());
        String where = request.method() + " " + request.rawPath();
        if (match.isEmpty()) {
            errors.add(where + ": " + (pathExists(request.rawPath()) ? "method not allowed" : "no such path") + " in the spec");
            return errors;
        }
        Operation op = match.get().operation();
        Map<String, List<String>> query = parseQuery(request.rawQuery());
        boolean hasBodyParam = false;
        boolean hasFormData = false;
        for (JsonNode p : op.spec().path("parameters")) {
            String name = p.path("name").asText();
            boolean required = p.path("required").asBoolean(false);
            switch (p.path("in").asText()) {
                case "path" -> checkPrimitive(match.get().pathParams().get(name), p, where + " path " + name, errors);
                case "query" -> {
                    List<String> values = query.getOrDefault(name, List.of());
                    if (values.isEmpty() && required) {
                        errors.add(where + ": query parameter " + name + " is required");
                    }
                    if (values.size() > 1 && !p.path("type").asText().equals("array")) {
                        errors.add(where + ": query parameter " + name + " given " + values.size() + " times");
                    }
                    values.forEach(v -> checkPrimitive(v, p.path("type").asText().equals("array") ? p.path("items") : p,
                            where + " query " + name, errors));
                }
                case "body" -> {
                    hasBodyParam = true;
                    checkJsonBody(request, p.path("schema"), required, where, errors);
                }
                case "formData" -> hasFormData = true;
                case "header" -> {
                    if (required && request.header(name) == null) {
                        errors.add(where + ": header " + name + " is required");
                    }
                }
                default -> errors.add(where + ": parameter location " + p.path("in").asText() + " not understood");
            }
        }
        for (String name : query.keySet()) {
            if (!declaresQuery(op, name)) {
                errors.add(where + ": query parameter " + name + " is not in the spec");
            }
        }
        if (hasFormData) {
            checkForm(request, op, where, errors);
        } else if (!hasBodyParam && request.body().length > 0) {
            errors.add(where + ": the spec defines no request body, but " + request.body().length + " bytes were sent");
        }
        return errors;
    }

    /** Everything wrong with a response body for a status, or an empty list. */
    List<String> checkResponse(Operation op, int status, byte[] body) {
        List<String> errors = new ArrayList<>();
        JsonNode responses = op.spec().path("responses");
        JsonNode declared = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status))
                : responses.get("default");
        String where = op.method() + " " + op.template() + " → " + status;
        if (declared == null) {
            errors.add(where + ": status not in the spec");
            return errors;
        }
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            errors.add(where + ": body is not JSON: " + e.getMessage());
            return errors;
        }
        schemas.validate(value, declared.path("schema"), "response", SchemaValidator.Direction.RESPONSE, errors);
        errors.replaceAll(e -> e.startsWith(where) ? e : where + ": " + e);
        return errors;
    }

    /** Checks JSON against a named definition, e.g. a {@code filter} query parameter against {@code v2beta1Filter}. */
    List<String> checkDefinition(String definition, JsonNode value, String where) {
        List<String> errors = new ArrayList<>();
        schemas.validate(value, spec.path("definitions").path(definition), where, SchemaValidator.Direction.REQUEST,
                errors);
        return errors;
    }

    private void checkJsonBody(Request request, JsonNode schema, boolean required, String where, List<String> errors) {
        if (request.body().length == 0) {
            if (required) {
                errors.add(where + ": a JSON body is required");
            }
            return;
        }
        String type = request.header("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            errors.add(where + ": body sent as " + type + ", the spec consumes application/json");
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            schemas.validate(body, schema, "body", SchemaValidator.Direction.REQUEST, errors);
            errors.replaceAll(e -> e.startsWith(where) ? e : where + ": " + e);
        } catch (JsonProcessingException e) {
            errors.add(where + ": body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkForm(Request request, Operation op, String where, List<String> errors) {
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(request.header("content-type"), request.body());
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
            return;
        }
        for (JsonNode p : op.spec().path("parameters")) {
            if (!p.path("in").asText().equals("formData")) {
                continue;
            }
            String name = p.path("name").asText();
            List<Multipart.Part> named = parts.stream().filter(x -> name.equals(x.name())).toList();
            if (named.isEmpty() && p.path("required").asBoolean(false)) {
                errors.add(where + ": form field " + name + " is required");
            }
            if (p.path("type").asText().equals("file")) {
                named.stream().filter(x -> x.filename() == null)
                        .forEach(x -> errors.add(where + ": form field " + name + " must be a file (no filename sent)"));
            }
        }
        for (Multipart.Part part : parts) {
            boolean declared = false;
            for (JsonNode p : op.spec().path("parameters")) {
                declared |= p.path("in").asText().equals("formData") && p.path("name").asText().equals(part.name());
            }
            if (!declared) {
                errors.add(where + ": form field " + part.name() + " is not in the spec");
            }
        }
    }

    private static boolean declaresQuery(Operation op, String name) {
        for (JsonNode p : op.spec().path("parameters")) {
            if (p.path("in").asText().equals("query") && p.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void checkPrimitive(String value, JsonNode p, String where, List<String> errors) {
        if (value == null) {
            return;
        }
        switch (p.path("type").asText()) {
            case "integer" -> {
                if (!value.matches("-?\\d+")) {
                    errors.add(where + ": '" + value + "' is not an integer");
                } else if (p.path("format").asText().equals("int32") && !fitsInt(value)) {
                    errors.add(where + ": '" + value + "' is out of int32 range");
                }
            }
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    errors.add(where + ": '" + value + "' is not true or false");
                }
            }
            case "string" -> {
                if (p.has("enum")) {
                    boolean ok = false;
                    for (JsonNode e : p.get("enum")) {
                        ok |= e.asText().equals(value);
                    }
                    if (!ok) {
                        errors.add(where + ": '" + value + "' is not one of " + p.get("enum"));
                    }
                }
            }
            default -> errors.add(where + ": parameter type " + p.path("type").asText() + " not understood");
        }
    }

    private static boolean fitsInt(String value) {
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static List<Operation> compile(JsonNode spec) {
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            StringBuilder regex = new StringBuilder("^");
            List<String> params = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            int last = 0;
            int literal = 0;
            while (m.find()) {
                regex.append(Pattern.quote(path.getKey().substring(last, m.start()))).append("([^/]+)");
                literal += m.start() - last;
                params.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(path.getKey().substring(last))).append("$");
            literal += path.getKey().length() - last;
            Pattern pattern = Pattern.compile(regex.toString());
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                ops.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue(),
                        pattern, List.copyOf(params), literal));
            }
        }
        return List.copyOf(ops);
    }
}
