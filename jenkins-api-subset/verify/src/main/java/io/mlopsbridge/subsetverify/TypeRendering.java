package io.mlopsbridge.subsetverify;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import com.github.javaparser.ast.type.VoidType;
import com.github.javaparser.ast.type.WildcardType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Source types written the way the manifest writes them (and {@code ClassFileSignatures} in the subset's tests reads
 * them from class files): binary names, type arguments without spaces, {@code []} for arrays.
 */
final class TypeRendering {
    private TypeRendering() {}

    static String generic(Type type, Scope scope) {
        if (type instanceof PrimitiveType p) {
            return p.asString();
        }
        if (type instanceof VoidType) {
            return "void";
        }
        if (type instanceof ArrayType a) {
            return generic(a.getComponentType(), scope) + "[]";
        }
        if (type instanceof WildcardType w) {
            if (w.getExtendedType().isPresent()) {
                return "? extends " + generic(w.getExtendedType().get(), scope);
            }
            return w.getSuperType().map(t -> "? super " + generic(t, scope)).orElse("?");
        }
        if (type instanceof ClassOrInterfaceType c) {
            if (c.getScope().isEmpty() && c.getTypeArguments().isEmpty()
                    && scope.typeVariable(c.getNameAsString()).isPresent()) {
                return c.getNameAsString();
            }
            String arguments = c.getTypeArguments().map(args -> args.stream()
                    .map(a -> generic(a, scope))
                    .collect(Collectors.joining(",", "<", ">"))).orElse("");
            Optional<ClassOrInterfaceType> qualifier = c.getScope();
            if (qualifier.isPresent() && qualifier.get().getTypeArguments().isPresent()) {
                return generic(qualifier.get(), scope) + "$" + c.getNameAsString() + arguments;
            }
            return scope.resolve(c) + arguments;
        }
        throw new IllegalStateException("unsupported type " + type + " in " + scope.where());
    }

    static String erased(Type type, Scope scope) {
        if (type instanceof ArrayType a) {
            return erased(a.getComponentType(), scope) + "[]";
        }
        if (type instanceof ClassOrInterfaceType c && c.getScope().isEmpty()) {
            Optional<Map.Entry<TypeParameter, Scope>> variable = scope.typeVariable(c.getNameAsString());
            if (variable.isPresent()) {
                NodeList<ClassOrInterfaceType> bounds = variable.get().getKey().getTypeBound();
                return bounds.isEmpty() ? "java.lang.Object" : erased(bounds.get(0), variable.get().getValue());
            }
            return scope.resolve(c);
        }
        if (type instanceof ClassOrInterfaceType c) {
            return scope.resolve(c);
        }
        return generic(type, scope);
    }

    /** {@code <T,U extends a.B&c.D>}; a lone {@code Object} bound is left out (as javac writes it). */
    static String typeParameters(List<TypeParameter> parameters, Scope scope) {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.stream().map(p -> {
            List<String> bounds = p.getTypeBound().stream().map(b -> generic(b, scope)).toList();
            return bounds.isEmpty() || bounds.equals(List.of("java.lang.Object"))
                    ? p.getNameAsString()
                    : p.getNameAsString() + " extends " + String.join("&", bounds);
        }).collect(Collectors.joining(",", "<", ">"));
    }
}
