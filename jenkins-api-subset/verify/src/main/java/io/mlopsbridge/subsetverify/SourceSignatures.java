package io.mlopsbridge.subsetverify;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The public and protected declarations of one source file (plus any {@code serialVersionUID}) as manifest lines,
 * with the modifiers, supertypes and members javac would put in the class file (implicit {@code public abstract}
 * interface methods, {@code static} member interfaces, the default constructor, ...).
 */
final class SourceSignatures {
    private final TypeUniverse universe;

    SourceSignatures(TypeUniverse universe) {
        this.universe = universe;
    }

    List<Declaration> of(String topLevelName) {
        CompilationUnit unit = universe.unit(topLevelName)
                .orElseThrow(() -> new IllegalStateException("no source for " + topLevelName));
        List<Declaration> out = new ArrayList<>();
        Scope scope = Scope.ofUnit(universe, unit);
        for (TypeDeclaration<?> type : unit.getTypes()) {
            if (type.isPublic()) {
                type(type, scope, false, out);
            }
        }
        return out;
    }

    private void type(TypeDeclaration<?> type, Scope outer, boolean inInterface, List<Declaration> out) {
        Scope scope = outer.enterType(type);
        boolean isInterface = type instanceof AnnotationDeclaration
                || type instanceof ClassOrInterfaceDeclaration c && c.isInterface();
        boolean nested = outer.binaryName() != null;
        List<String> modifiers = new ArrayList<>();
        access(type, inInterface, modifiers);
        if (!isInterface && type.hasModifier(Modifier.Keyword.ABSTRACT)) {
            modifiers.add("abstract");
        }
        if (nested && (type.isStatic() || inInterface || isInterface || type instanceof EnumDeclaration)) {
            modifiers.add("static");
        }
        boolean enumWithBodies = type instanceof EnumDeclaration e
                && e.getEntries().stream().anyMatch(k -> !k.getClassBody().isEmpty());
        if (type.hasModifier(Modifier.Keyword.FINAL) || type instanceof EnumDeclaration && !enumWithBodies) {
            modifiers.add("final");
        }
        StringBuilder line = new StringBuilder(String.join(" ", modifiers));
        List<String> interfaces = new ArrayList<>();
        if (type instanceof ClassOrInterfaceDeclaration c) {
            line.append(c.isInterface() ? " interface" : " class")
                    .append(TypeRendering.typeParameters(c.getTypeParameters(), scope));
            if (c.isInterface()) {
                c.getExtendedTypes().forEach(t -> interfaces.add(TypeRendering.generic(t, scope)));
            } else {
                line.append(" extends ").append(c.getExtendedTypes().isEmpty()
                        ? "java.lang.Object"
                        : TypeRendering.generic(c.getExtendedTypes().get(0), scope));
                c.getImplementedTypes().forEach(t -> interfaces.add(TypeRendering.generic(t, scope)));
            }
        } else if (type instanceof EnumDeclaration e) {
            line.append(" enum");
            e.getImplementedTypes().forEach(t -> interfaces.add(TypeRendering.generic(t, scope)));
        } else if (type instanceof AnnotationDeclaration) {
            line.append(" @interface");
        } else {
            throw new IllegalStateException("unsupported kind of type " + scope.binaryName());
        }
        if (!interfaces.isEmpty()) {
            line.append(" implements ").append(String.join(",", interfaces));
        }
        appendAnnotations(line, ConstantValues.annotations(type.getAnnotations(), outer));
        out.add(new Declaration(scope.binaryName(), line.toString()));

        if (type instanceof EnumDeclaration e) {
            for (EnumConstantDeclaration constant : e.getEntries()) {
                StringBuilder c = new StringBuilder("public static final enum " + scope.binaryName());
                appendAnnotations(c, ConstantValues.annotations(constant.getAnnotations(), scope));
                out.add(new Declaration(scope.binaryName() + "#" + constant.getNameAsString(), c.toString()));
            }
        }
        boolean declaresConstructor = false;
        for (BodyDeclaration<?> member : type.getMembers()) {
            if (member instanceof ConstructorDeclaration constructor) {
                declaresConstructor = true;
                if (included(constructor, false)) {
                    out.add(callable(constructor, scope, modifiers(constructor, false, false), null));
                }
            } else if (member instanceof MethodDeclaration method) {
                if (included(method, isInterface)) {
                    out.add(callable(method, scope, modifiers(method, isInterface, true), method.getType()));
                }
            } else if (member instanceof AnnotationMemberDeclaration element) {
                out.add(element(element, scope));
            } else if (member instanceof FieldDeclaration field) {
                for (VariableDeclarator variable : field.getVariables()) {
                    boolean serialVersion = variable.getNameAsString().equals("serialVersionUID") && field.isStatic();
                    if (serialVersion || included(field, isInterface)) {
                        out.add(field(field, variable, scope, isInterface));
                    }
                }
            } else if (member instanceof TypeDeclaration<?> nestedType && included(nestedType, isInterface)) {
                type(nestedType, scope, isInterface, out);
            }
        }
        if (!declaresConstructor && type instanceof ClassOrInterfaceDeclaration c && !c.isInterface()
                && (c.isPublic() || c.isProtected())) {
            // javac's default constructor has the class's access.
            out.add(new Declaration(scope.binaryName() + "#<init>()", (c.isPublic() ? "public" : "protected") + " ()"));
        }
    }

    private static boolean included(NodeWithModifiers<?> member, boolean inInterface) {
        return member.hasModifier(Modifier.Keyword.PUBLIC) || member.hasModifier(Modifier.Keyword.PROTECTED)
                || inInterface && !member.hasModifier(Modifier.Keyword.PRIVATE);
    }

    private static void access(NodeWithModifiers<?> member, boolean inInterface, List<String> modifiers) {
        if (member.hasModifier(Modifier.Keyword.PUBLIC) || inInterface) {
            modifiers.add("public");
        } else if (member.hasModifier(Modifier.Keyword.PROTECTED)) {
            modifiers.add("protected");
        } else if (member.hasModifier(Modifier.Keyword.PRIVATE)) {
            modifiers.add("private");
        }
    }

    private static List<String> modifiers(NodeWithModifiers<?> member, boolean inInterface, boolean method) {
        List<String> modifiers = new ArrayList<>();
        access(member, inInterface, modifiers);
        boolean isStatic = member.hasModifier(Modifier.Keyword.STATIC);
        boolean isDefault = member.hasModifier(Modifier.Keyword.DEFAULT);
        if (member.hasModifier(Modifier.Keyword.ABSTRACT) || inInterface && method && !isStatic && !isDefault) {
            modifiers.add("abstract");
        }
        if (isStatic) {
            modifiers.add("static");
        }
        if (member.hasModifier(Modifier.Keyword.FINAL)) {
            modifiers.add("final");
        }
        if (isDefault) {
            modifiers.add("default");
        }
        return modifiers;
    }

    private Declaration callable(CallableDeclaration<?> callable, Scope typeScope, List<String> modifiers,
            com.github.javaparser.ast.type.Type returnType) {
        Scope scope = typeScope.enterMember(callable.getTypeParameters());
        String name = callable instanceof ConstructorDeclaration ? "<init>" : callable.getNameAsString();
        List<String> erased = new ArrayList<>();
        List<String> generic = new ArrayList<>();
        for (Parameter p : callable.getParameters()) {
            String annotations = ConstantValues.annotations(p.getAnnotations(), scope);
            erased.add(TypeRendering.erased(p.getType(), scope) + (p.isVarArgs() ? "[]" : ""));
            generic.add((annotations.isEmpty() ? "" : annotations + " ") + TypeRendering.generic(p.getType(), scope)
                    + (p.isVarArgs() ? "..." : ""));
        }
        StringBuilder line = new StringBuilder(String.join(" ", modifiers));
        String typeParameters = TypeRendering.typeParameters(callable.getTypeParameters(), scope);
        if (!typeParameters.isEmpty()) {
            line.append(' ').append(typeParameters);
        }
        if (returnType != null) {
            line.append(' ').append(TypeRendering.generic(returnType, scope));
        }
        line.append(" (").append(String.join(", ", generic)).append(')');
        NodeList<com.github.javaparser.ast.type.ReferenceType> thrown = callable.getThrownExceptions();
        if (!thrown.isEmpty()) {
            line.append(" throws ").append(thrown.stream().map(t -> TypeRendering.generic(t, scope)).sorted()
                    .collect(Collectors.joining(",")));
        }
        appendAnnotations(line, ConstantValues.annotations(callable.getAnnotations(), scope));
        return new Declaration(typeScope.binaryName() + "#" + name + "(" + String.join(",", erased) + ")",
                line.toString());
    }

    private Declaration element(AnnotationMemberDeclaration element, Scope scope) {
        String type = TypeRendering.generic(element.getType(), scope);
        StringBuilder line = new StringBuilder("public abstract " + type + " ()");
        element.getDefaultValue().ifPresent(d -> line.append(" default ")
                .append(ConstantValues.value(d, type, scope)));
        appendAnnotations(line, ConstantValues.annotations(element.getAnnotations(), scope));
        return new Declaration(scope.binaryName() + "#" + element.getNameAsString() + "()", line.toString());
    }

    private Declaration field(FieldDeclaration field, VariableDeclarator variable, Scope scope, boolean inInterface) {
        List<String> modifiers = new ArrayList<>();
        access(field, inInterface, modifiers);
        boolean isStatic = field.isStatic() || inInterface;
        boolean isFinal = field.isFinal() || inInterface;
        if (isStatic) {
            modifiers.add("static");
        }
        if (isFinal) {
            modifiers.add("final");
        }
        String type = TypeRendering.generic(variable.getType(), scope);
        StringBuilder line = new StringBuilder(String.join(" ", modifiers)).append(' ').append(type);
        boolean constantType = variable.getType() instanceof PrimitiveType || type.equals("java.lang.String");
        if (isStatic && isFinal && constantType && variable.getInitializer().isPresent()) {
            Optional<Object> value = ConstantValues.evaluate(variable.getInitializer().get(), scope);
            value.ifPresent(v -> line.append(" = ").append(ConstantValues.render(type, v)));
        }
        appendAnnotations(line, ConstantValues.annotations(field.getAnnotations(), scope));
        return new Declaration(scope.binaryName() + "#" + variable.getNameAsString(), line.toString());
    }

    private static void appendAnnotations(StringBuilder line, String annotations) {
        if (!annotations.isEmpty()) {
            line.append(' ').append(annotations);
        }
    }

}
