package io.mlopsbridge.subsetverify;

import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compile-time constants and annotation values from source, rendered as the manifest writes them: numbers by their
 * declared type ({@code 1L}, {@code 0.0}), strings and chars quoted with {@code \\uXXXX} escapes, enum constants and
 * class literals by binary name, a one-element array as its element.
 */
final class ConstantValues {
    /** The annotations that are part of an API declaration (everything else, e.g. {@code @Indexed}, is not). */
    static final Set<String> API_ANNOTATIONS = Set.of(
            "edu.umd.cs.findbugs.annotations.NonNull",
            "edu.umd.cs.findbugs.annotations.CheckForNull",
            "edu.umd.cs.findbugs.annotations.Nullable",
            "javax.annotation.Nonnull",
            "javax.annotation.CheckForNull",
            "javax.annotation.Nullable",
            "java.lang.Deprecated",
            "java.lang.FunctionalInterface",
            "java.lang.annotation.Retention",
            "java.lang.annotation.Target",
            "java.lang.annotation.Documented",
            "java.lang.annotation.Inherited",
            "java.lang.annotation.Repeatable",
            "org.kohsuke.accmod.Restricted");

    private ConstantValues() {}

    static String annotations(Iterable<AnnotationExpr> annotations, Scope scope) {
        java.util.List<String> rendered = new java.util.ArrayList<>();
        for (AnnotationExpr a : annotations) {
            String type = scope.resolveName(a.getNameAsString());
            if (!API_ANNOTATIONS.contains(type)) {
                continue;
            }
            Map<String, String> elements = new TreeMap<>();
            if (a instanceof SingleMemberAnnotationExpr single) {
                elements.put("value", value(single.getMemberValue(), null, scope));
            } else if (a instanceof NormalAnnotationExpr normal) {
                normal.getPairs().forEach(p -> elements.put(p.getNameAsString(), value(p.getValue(), null, scope)));
            }
            rendered.add("@" + type + (elements.isEmpty()
                    ? ""
                    : elements.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",", "(", ")"))));
        }
        return rendered.stream().sorted().collect(Collectors.joining(" "));
    }

    /** An annotation element value or default; {@code type} is the element's declared type when known. */
    static String value(Expression e, String type, Scope scope) {
        if (e instanceof ArrayInitializerExpr array) {
            String component = type != null && type.endsWith("[]") ? type.substring(0, type.length() - 2) : null;
            if (array.getValues().size() == 1) {
                return value(array.getValues().get(0), component, scope);
            }
            return array.getValues().stream().map(v -> value(v, component, scope))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (type != null && type.endsWith("[]")) {
            return value(e, type.substring(0, type.length() - 2), scope);
        }
        if (e instanceof ClassExpr c) {
            return TypeRendering.erased(c.getType(), scope) + ".class";
        }
        Optional<String> enumConstant = enumConstant(e, scope);
        if (enumConstant.isPresent()) {
            return enumConstant.get();
        }
        Object constant = evaluate(e, scope)
                .orElseThrow(() -> new IllegalStateException("cannot evaluate " + e + " in " + scope.where()));
        return render(type != null ? type : naturalType(constant), constant);
    }

    private static Optional<String> enumConstant(Expression e, Scope scope) {
        if (e instanceof FieldAccessExpr f) {
            String owner = scope.resolveName(f.getScope().toString());
            boolean isEnum = scope.universe().declaration(owner)
                    .map(d -> d instanceof com.github.javaparser.ast.body.EnumDeclaration)
                    .orElseGet(() -> TypeUniverse.loadable(owner).map(Class::isEnum).orElse(false));
            return isEnum ? Optional.of(owner + "." + f.getNameAsString()) : Optional.empty();
        }
        if (e instanceof NameExpr n) {
            for (var i : scope.unit().getImports()) {
                if (i.isStatic() && !i.isAsterisk() && i.getName().getIdentifier().equals(n.getNameAsString())) {
                    return Optional.of(scope.binaryOfQualified(i.getName().getQualifier().orElseThrow().asString())
                            + "." + n.getNameAsString());
                }
                if (i.isStatic() && i.isAsterisk()) {
                    String owner = scope.binaryOfQualified(i.getNameAsString());
                    boolean hasConstant = TypeUniverse.loadable(owner)
                            .filter(Class::isEnum)
                            .map(c -> java.util.Arrays.stream(c.getEnumConstants())
                                    .anyMatch(k -> ((Enum<?>) k).name().equals(n.getNameAsString())))
                            .orElse(false);
                    if (hasConstant) {
                        return Optional.of(owner + "." + n.getNameAsString());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The value of a constant expression (literals, operators, casts, other constants), if it is one. */
    static Optional<Object> evaluate(Expression e, Scope scope) {
        if (e instanceof StringLiteralExpr s) {
            return Optional.of(s.asString());
        }
        if (e instanceof IntegerLiteralExpr i) {
            return Optional.of(i.asNumber());
        }
        if (e instanceof LongLiteralExpr l) {
            return Optional.of(l.asNumber());
        }
        if (e instanceof DoubleLiteralExpr d) {
            String text = d.getValue();
            return Optional.of(text.endsWith("f") || text.endsWith("F") ? (Object) Float.parseFloat(text) : d.asDouble());
        }
        if (e instanceof BooleanLiteralExpr b) {
            return Optional.of(b.getValue());
        }
        if (e instanceof CharLiteralExpr c) {
            return Optional.of(c.asChar());
        }
        if (e instanceof EnclosedExpr en) {
            return evaluate(en.getInner(), scope);
        }
        if (e instanceof CastExpr cast) {
            return evaluate(cast.getExpression(), scope).map(v -> coerce(cast.getType().asString(), v));
        }
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
            return evaluate(u.getExpression(), scope).map(ConstantValues::negate);
        }
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.PLUS) {
            return evaluate(u.getExpression(), scope);
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            Optional<Object> left = evaluate(b.getLeft(), scope);
            Optional<Object> right = evaluate(b.getRight(), scope);
            if (left.isPresent() && right.isPresent()) {
                if (left.get() instanceof String || right.get() instanceof String) {
                    return Optional.of(String.valueOf(left.get()) + right.get());
                }
                if (left.get() instanceof Long || right.get() instanceof Long) {
                    return Optional.of(((Number) left.get()).longValue() + ((Number) right.get()).longValue());
                }
                return Optional.of(((Number) left.get()).intValue() + ((Number) right.get()).intValue());
            }
            return Optional.empty();
        }
        if (e instanceof NameExpr n) {
            return constantField(scope.binaryName(), n.getNameAsString(), scope);
        }
        if (e instanceof FieldAccessExpr f) {
            return constantField(scope.resolveName(f.getScope().toString()), f.getNameAsString(), scope);
        }
        return Optional.empty();
    }

    private static Optional<Object> constantField(String owner, String name, Scope scope) {
        if (owner == null) {
            return Optional.empty();
        }
        Optional<TypeDeclaration<?>> declaration = scope.universe().declaration(owner);
        if (declaration.isEmpty()) {
            return TypeUniverse.loadable(owner).flatMap(c -> {
                try {
                    return Optional.ofNullable(c.getField(name).get(null));
                } catch (ReflectiveOperationException | RuntimeException ex) {
                    return Optional.empty();
                }
            });
        }
        for (FieldDeclaration field : declaration.get().getFields()) {
            for (VariableDeclarator v : field.getVariables()) {
                if (v.getNameAsString().equals(name) && v.getInitializer().isPresent()) {
                    return evaluate(v.getInitializer().get(), scope)
                            .map(value -> coerce(v.getType().asString(), value));
                }
            }
        }
        return Optional.empty();
    }

    private static Object negate(Object v) {
        if (v instanceof Long l) {
            return -l;
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof Float f) {
            return -f;
        }
        return -((Number) v).intValue();
    }

    private static Object coerce(String type, Object v) {
        if (v instanceof Character c && !type.equals("char") && !type.equals("String")
                && !type.equals("java.lang.String")) {
            return coerce(type, (int) c);
        }
        if (!(v instanceof Number n)) {
            return v;
        }
        return switch (type) {
            case "long" -> n.longValue();
            case "int", "short", "byte" -> n.intValue();
            case "double" -> n.doubleValue();
            case "float" -> n.floatValue();
            case "char" -> (char) n.intValue();
            default -> v;
        };
    }

    private static String naturalType(Object v) {
        if (v instanceof Long) {
            return "long";
        }
        if (v instanceof Double) {
            return "double";
        }
        if (v instanceof Float) {
            return "float";
        }
        if (v instanceof Character) {
            return "char";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Number) {
            return "int";
        }
        return "java.lang.String";
    }

    /** {@code v} as a constant of declared {@code type} (a primitive or {@code java.lang.String}). */
    static String render(String type, Object v) {
        Object value = coerce(type, v);
        return switch (type) {
            case "long" -> value + "L";
            case "float" -> value + "F";
            case "char" -> "'" + escape(String.valueOf(value), '\'') + "'";
            case "java.lang.String", "String" -> "\"" + escape(String.valueOf(value), '"') + "\"";
            default -> String.valueOf(value);
        };
    }

    private static String escape(String s, char quote) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
