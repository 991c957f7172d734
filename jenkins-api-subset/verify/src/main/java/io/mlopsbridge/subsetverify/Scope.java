package io.mlopsbridge.subsetverify;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.TypeParameter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a name is looked up, as javac would: type variables, member types of the enclosing types (declared or
 * inherited), single-type imports, the package, on-demand imports, {@code java.lang}. Resolves type names to binary
 * names ({@code hudson.FilePath$FileCallable}).
 */
final class Scope {
    private final TypeUniverse universe;
    private final CompilationUnit unit;
    private final String packageName;
    private final Scope outer;
    private final String typeName;
    private final Map<String, TypeParameter> typeVariables = new LinkedHashMap<>();

    private Scope(TypeUniverse universe, CompilationUnit unit, Scope outer, String typeName,
            NodeList<TypeParameter> typeParameters) {
        this.universe = universe;
        this.unit = unit;
        this.packageName = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        this.outer = outer;
        this.typeName = typeName;
        typeParameters.forEach(p -> typeVariables.put(p.getNameAsString(), p));
    }

    static Scope ofUnit(TypeUniverse universe, CompilationUnit unit) {
        return new Scope(universe, unit, null, null, new NodeList<>());
    }

    /** The scope of a type's body: its binary name and its type parameters. */
    Scope enterType(TypeDeclaration<?> type) {
        String binary = typeName != null
                ? typeName + "$" + type.getNameAsString()
                : (packageName.isEmpty() ? "" : packageName + ".") + type.getNameAsString();
        NodeList<TypeParameter> parameters = type instanceof ClassOrInterfaceDeclaration c
                ? c.getTypeParameters()
                : new NodeList<>();
        return new Scope(universe, unit, this, binary, parameters);
    }

    /** The scope of a generic method or constructor: its own type parameters. */
    Scope enterMember(NodeList<TypeParameter> typeParameters) {
        return new Scope(universe, unit, this, typeName, typeParameters);
    }

    String binaryName() {
        return typeName;
    }

    TypeUniverse universe() {
        return universe;
    }

    /** The type parameter a simple name denotes here, with the scope that declares it. */
    Optional<Map.Entry<TypeParameter, Scope>> typeVariable(String name) {
        for (Scope s = this; s != null; s = s.outer) {
            TypeParameter p = s.typeVariables.get(name);
            if (p != null) {
                return Optional.of(Map.entry(p, s));
            }
        }
        return Optional.empty();
    }

    String resolve(ClassOrInterfaceType type) {
        if (type.getScope().isPresent()) {
            Optional<String> qualifier = tryResolve(type.getScope().get());
            return qualifier.map(q -> q + "$" + type.getNameAsString())
                    .orElseGet(() -> binaryOfQualified(type.getNameWithScope()));
        }
        return resolveSimple(type.getNameAsString())
                .orElseThrow(() -> new IllegalStateException("cannot resolve type " + type + " in " + where()));
    }

    private Optional<String> tryResolve(ClassOrInterfaceType type) {
        if (type.getScope().isPresent()) {
            return tryResolve(type.getScope().get()).map(q -> q + "$" + type.getNameAsString());
        }
        return resolveSimple(type.getNameAsString());
    }

    /** A (possibly qualified) type name written in source, e.g. an annotation's or a class literal's. */
    String resolveName(String written) {
        if (!written.contains(".")) {
            return resolveSimple(written)
                    .orElseThrow(() -> new IllegalStateException("cannot resolve " + written + " in " + where()));
        }
        String first = written.substring(0, written.indexOf('.'));
        Optional<String> head = resolveSimple(first);
        return head.map(h -> h + "$" + written.substring(first.length() + 1).replace('.', '$'))
                .orElseGet(() -> binaryOfQualified(written));
    }

    Optional<String> resolveSimple(String name) {
        for (Scope s = this; s != null; s = s.outer) {
            if (s.typeName != null && s.outer != null && !s.typeName.equals(s.outer.typeName)) {
                Optional<String> member = memberType(s.typeName, name, new HashSet<>());
                if (member.isPresent()) {
                    return member;
                }
            }
        }
        for (ImportDeclaration i : unit.getImports()) {
            if (!i.isStatic() && !i.isAsterisk() && i.getName().getIdentifier().equals(name)) {
                return Optional.of(binaryOfQualified(i.getNameAsString()));
            }
        }
        String inPackage = (packageName.isEmpty() ? "" : packageName + ".") + name;
        if (universe.isTopLevel(inPackage)) {
            return Optional.of(inPackage);
        }
        for (ImportDeclaration i : unit.getImports()) {
            if (!i.isStatic() && i.isAsterisk()) {
                String candidate = i.getNameAsString() + "." + name;
                if (universe.isTopLevel(candidate)) {
                    return Optional.of(candidate);
                }
                if (universe.isTopLevel(i.getNameAsString())) {
                    Optional<String> member = memberType(i.getNameAsString(), name, new HashSet<>());
                    if (member.isPresent()) {
                        return member;
                    }
                }
            }
        }
        if (TypeUniverse.loadable("java.lang." + name).isPresent()) {
            return Optional.of("java.lang." + name);
        }
        return Optional.empty();
    }

    /** A member type {@code name} of {@code owner}, declared there or inherited from its supertypes. */
    private Optional<String> memberType(String owner, String name, Set<String> visited) {
        if (!visited.add(owner)) {
            return Optional.empty();
        }
        Optional<TypeDeclaration<?>> declaration = universe.declaration(owner);
        if (declaration.isPresent()) {
            TypeDeclaration<?> type = declaration.get();
            boolean declared = type.getMembers().stream()
                    .anyMatch(m -> m instanceof TypeDeclaration<?> t && t.getNameAsString().equals(name));
            if (declared) {
                return Optional.of(owner + "$" + name);
            }
            Scope around = scopeAround(owner);
            for (ClassOrInterfaceType supertype : supertypes(type)) {
                Optional<String> superName = around.tryResolve(supertype);
                if (superName.isPresent()) {
                    Optional<String> inherited = memberType(superName.get(), name, visited);
                    if (inherited.isPresent()) {
                        return inherited;
                    }
                }
            }
            return Optional.empty();
        }
        Optional<Class<?>> loaded = TypeUniverse.loadable(owner);
        for (Class<?> c = loaded.orElse(null); c != null; c = c.getSuperclass()) {
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (nested.getSimpleName().equals(name)) {
                    return Optional.of(nested.getName());
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Optional<String> inherited = memberType(i.getName(), name, visited);
                if (inherited.isPresent()) {
                    return inherited;
                }
            }
        }
        return Optional.empty();
    }

    static List<ClassOrInterfaceType> supertypes(TypeDeclaration<?> type) {
        NodeList<ClassOrInterfaceType> all = new NodeList<>();
        if (type instanceof ClassOrInterfaceDeclaration c) {
            all.addAll(c.getExtendedTypes());
            all.addAll(c.getImplementedTypes());
        } else if (type instanceof EnumDeclaration e) {
            all.addAll(e.getImplementedTypes());
        } else if (type instanceof RecordDeclaration r) {
            all.addAll(r.getImplementedTypes());
        }
        return all;
    }

    /** The scope in which a source type's declaration (its extends/implements clauses) is read. */
    private Scope scopeAround(String binaryName) {
        String[] parts = binaryName.split("\\$");
        CompilationUnit owning = universe.unit(parts[0]).orElseThrow();
        Scope scope = ofUnit(universe, owning);
        StringBuilder prefix = new StringBuilder(parts[0]);
        for (int i = 0; i < parts.length - 1; i++) {
            scope = scope.enterType(universe.declaration(prefix.toString()).orElseThrow());
            prefix.append('$').append(parts[i + 1]);
        }
        return scope;
    }

    /** {@code a.b.C.D} to {@code a.b.C$D}: the longest prefix that is a known top-level type is the outer class. */
    String binaryOfQualified(String dotted) {
        String[] parts = dotted.split("\\.");
        for (int end = parts.length; end > 0; end--) {
            String prefix = String.join(".", java.util.Arrays.copyOfRange(parts, 0, end));
            if (universe.isTopLevel(prefix)) {
                return end == parts.length
                        ? prefix
                        : prefix + "$" + String.join("$", java.util.Arrays.copyOfRange(parts, end, parts.length));
            }
        }
        // A library neither side has: by convention the first capitalised segment is the top-level class.
        for (int i = 0; i < parts.length; i++) {
            if (Character.isUpperCase(parts[i].charAt(0))) {
                return String.join(".", java.util.Arrays.copyOfRange(parts, 0, i + 1))
                        + (i + 1 < parts.length
                                ? "$" + String.join("$", java.util.Arrays.copyOfRange(parts, i + 1, parts.length))
                                : "");
            }
        }
        return dotted;
    }

    String where() {
        return typeName != null ? typeName : packageName;
    }

    CompilationUnit unit() {
        return unit;
    }
}
