package io.mlopsbridge.subset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The public and protected declarations (and any {@code serialVersionUID}) of compiled classes as manifest lines:
 * {@code key signature}, where the key is the binary type name, {@code Type#field} or
 * {@code Type#method(erased,parameter,types)} and the signature holds modifiers, type parameters, generic types,
 * sorted throws, annotation defaults, constant values and the API annotations (nullness, {@code @Deprecated},
 * {@code @Restricted}, {@code @FunctionalInterface}, meta-annotations), as the upstream sources declare them.
 */
final class ClassFileSignatures {
    private final Set<String> apiAnnotations;

    private ClassFileSignatures(Set<String> apiAnnotations) {
        this.apiAnnotations = apiAnnotations;
    }

    /**
     * The manifest lines of every class under {@code classes}, sorted, showing only the {@code apiAnnotations}
     * (binary names; the manifest's header lists the ones the generator keeps).
     */
    static List<String> of(Path classes, Set<String> apiAnnotations) {
        ClassFileSignatures reader = new ClassFileSignatures(apiAnnotations);
        Map<String, ClassInfo> infos = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassInfo info = reader.new ClassInfo();
                new ClassReader(Files.readAllBytes(file)).accept(info, ClassReader.SKIP_CODE);
                infos.put(info.name, info);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        for (ClassInfo info : infos.values()) {
            if (visible(info, infos)) {
                lines.add(info.line());
                lines.addAll(info.members);
            }
        }
        return lines.stream().sorted().toList();
    }

    private static boolean visible(ClassInfo info, Map<String, ClassInfo> infos) {
        if (info.outer == null) {
            return info.anonymousOrLocal ? false : (info.access & Opcodes.ACC_PUBLIC) != 0;
        }
        ClassInfo outer = infos.get(info.outer);
        return (info.innerAccess & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0 && outer != null
                && visible(outer, infos);
    }

    private static String binary(String internalName) {
        return internalName.replace('/', '.');
    }

    private final class ClassInfo extends ClassVisitor {
        String name;
        int access;
        int innerAccess;
        String outer;
        boolean anonymousOrLocal;
        String signature;
        String superName;
        String[] interfaces;
        final List<String> annotations = new ArrayList<>();
        final List<String> members = new ArrayList<>();

        ClassInfo() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.name = name;
            this.access = access;
            this.signature = signature;
            this.superName = superName;
            this.interfaces = interfaces;
        }

        @Override
        public void visitInnerClass(String inner, String outerName, String innerName, int innerFlags) {
            if (inner.equals(name)) {
                outer = outerName;
                innerAccess = innerFlags;
                anonymousOrLocal = outerName == null;
            }
        }

        @Override
        public void visitOuterClass(String owner, String method, String descriptor) {
            anonymousOrLocal = true;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation(descriptor, annotations::add);
        }

        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        boolean isStaticOrTopLevel() {
            return outer == null || (innerAccess & Opcodes.ACC_STATIC) != 0;
        }

        String line() {
            int flags = outer != null ? innerAccess : access;
            List<String> modifiers = new ArrayList<>();
            access(flags, modifiers);
            if ((flags & Opcodes.ACC_ABSTRACT) != 0 && !isInterface()) {
                modifiers.add("abstract");
            }
            if (outer != null && (flags & Opcodes.ACC_STATIC) != 0) {
                modifiers.add("static");
            }
            if ((flags & Opcodes.ACC_FINAL) != 0) {
                modifiers.add("final");
            }
            String kind = (access & Opcodes.ACC_ANNOTATION) != 0
                    ? "@interface"
                    : isInterface() ? "interface" : (access & Opcodes.ACC_ENUM) != 0 ? "enum" : "class";
            GenericSignatures.ClassSignature s = signature != null
                    ? GenericSignatures.ofClass(signature)
                    : new GenericSignatures.ClassSignature("", superName == null ? null : binary(superName),
                            Stream.of(interfaces).map(ClassFileSignatures::binary).toList());
            StringBuilder line = new StringBuilder(binary(name)).append(' ').append(String.join(" ", modifiers))
                    .append(' ').append(kind).append(s.typeParameters());
            if (kind.equals("class")) {
                line.append(" extends ").append(s.superclass());
            }
            List<String> implemented = s.interfaces().stream()
                    .filter(i -> !(kind.equals("@interface") && i.equals("java.lang.annotation.Annotation")))
                    .toList();
            if (!implemented.isEmpty()) {
                line.append(" implements ").append(String.join(",", implemented));
            }
            return appendAnnotations(line, annotations).toString();
        }

        @Override
        public FieldVisitor visitField(int flags, String field, String descriptor, String generic, Object value) {
            boolean serialVersion = field.equals("serialVersionUID") && (flags & Opcodes.ACC_STATIC) != 0;
            if ((flags & Opcodes.ACC_SYNTHETIC) != 0
                    || !serialVersion && (flags & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
                return null;
            }
            List<String> modifiers = new ArrayList<>();
            access(flags, modifiers);
            if ((flags & Opcodes.ACC_STATIC) != 0) {
                modifiers.add("static");
            }
            if ((flags & Opcodes.ACC_FINAL) != 0) {
                modifiers.add("final");
            }
            if ((flags & Opcodes.ACC_ENUM) != 0) {
                modifiers.add("enum");
            }
            String type = generic != null ? GenericSignatures.ofField(generic) : Type.getType(descriptor).getClassName();
            StringBuilder line = new StringBuilder(binary(name) + "#" + field + " " + String.join(" ", modifiers))
                    .append(' ').append(type);
            boolean isStaticFinal = (flags & (Opcodes.ACC_STATIC | Opcodes.ACC_FINAL))
                    == (Opcodes.ACC_STATIC | Opcodes.ACC_FINAL);
            if (value != null && isStaticFinal) {
                line.append(" = ").append(constant(Type.getType(descriptor), value));
            }
            List<String> fieldAnnotations = new ArrayList<>();
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation, fieldAnnotations::add);
                }

                @Override
                public void visitEnd() {
                    members.add(appendAnnotations(line, fieldAnnotations).toString());
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int flags, String method, String descriptor, String generic,
                String[] exceptions) {
            boolean enumImplicit = (access & Opcodes.ACC_ENUM) != 0 && (flags & Opcodes.ACC_STATIC) != 0
                    && (method.equals("values") || method.equals("valueOf"));
            if ((flags & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0 || method.equals("<clinit>")
                    || (flags & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0 || enumImplicit) {
                return null;
            }
            List<String> erased = Stream.of(Type.getArgumentTypes(descriptor)).map(Type::getClassName)
                    .collect(Collectors.toCollection(ArrayList::new));
            if (method.equals("<init>") && !isStaticOrTopLevel() && !erased.isEmpty()) {
                erased.remove(0); // the enclosing instance javac passes to an inner class's constructor
            }
            GenericSignatures.MethodSignature s = generic != null
                    ? GenericSignatures.ofMethod(generic)
                    : new GenericSignatures.MethodSignature("", erased,
                            Type.getReturnType(descriptor).getClassName(), List.of());
            List<String> thrown = !s.thrown().isEmpty()
                    ? s.thrown()
                    : exceptions == null ? List.of() : Stream.of(exceptions).map(ClassFileSignatures::binary).toList();
            List<String> modifiers = new ArrayList<>();
            access(flags, modifiers);
            if ((flags & Opcodes.ACC_ABSTRACT) != 0) {
                modifiers.add("abstract");
            }
            if ((flags & Opcodes.ACC_STATIC) != 0) {
                modifiers.add("static");
            }
            if ((flags & Opcodes.ACC_FINAL) != 0) {
                modifiers.add("final");
            }
            if (isInterface() && (flags & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC)) == 0) {
                modifiers.add("default");
            }
            List<String> parameters = new ArrayList<>(s.parameters());
            if ((flags & Opcodes.ACC_VARARGS) != 0) {
                String last = parameters.remove(parameters.size() - 1);
                parameters.add(last.substring(0, last.length() - 2) + "...");
            }
            String key = binary(name) + "#" + method + "(" + String.join(",", erased) + ")";
            Type returnType = Type.getReturnType(descriptor);
            List<String> methodAnnotations = new ArrayList<>();
            Map<Integer, List<String>> parameterAnnotations = new TreeMap<>();
            String[] defaultValue = new String[1];
            int[] annotable = {parameters.size()};
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation, methodAnnotations::add);
                }

                @Override
                public void visitAnnotableParameterCount(int count, boolean visible) {
                    annotable[0] = count;
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                    int index = parameter + parameters.size() - annotable[0];
                    return annotation(annotation,
                            a -> parameterAnnotations.computeIfAbsent(index, i -> new ArrayList<>()).add(a));
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return new ValueCollector(values -> defaultValue[0] = values.get(0), returnType);
                }

                @Override
                public void visitEnd() {
                    StringBuilder line = new StringBuilder(key).append(' ').append(String.join(" ", modifiers));
                    if (!s.typeParameters().isEmpty()) {
                        line.append(' ').append(s.typeParameters());
                    }
                    if (!method.equals("<init>")) {
                        line.append(' ').append(s.returnType());
                    }
                    List<String> rendered = new ArrayList<>();
                    for (int i = 0; i < parameters.size(); i++) {
                        List<String> own = parameterAnnotations.getOrDefault(i, List.of()).stream().sorted().toList();
                        rendered.add((own.isEmpty() ? "" : String.join(" ", own) + " ") + parameters.get(i));
                    }
                    line.append(" (").append(String.join(", ", rendered)).append(')');
                    if (!thrown.isEmpty()) {
                        line.append(" throws ").append(thrown.stream().sorted().collect(Collectors.joining(",")));
                    }
                    if (defaultValue[0] != null) {
                        line.append(" default ").append(defaultValue[0]);
                    }
                    members.add(appendAnnotations(line, methodAnnotations).toString());
                }
            };
        }
    }

    private static void access(int flags, List<String> modifiers) {
        if ((flags & Opcodes.ACC_PUBLIC) != 0) {
            modifiers.add("public");
        } else if ((flags & Opcodes.ACC_PROTECTED) != 0) {
            modifiers.add("protected");
        } else if ((flags & Opcodes.ACC_PRIVATE) != 0) {
            modifiers.add("private");
        }
    }

    private static StringBuilder appendAnnotations(StringBuilder line, List<String> annotations) {
        if (!annotations.isEmpty()) {
            line.append(' ').append(annotations.stream().sorted().collect(Collectors.joining(" ")));
        }
        return line;
    }

    /** Collects one API annotation as {@code @type(element=value,...)}; other annotations are ignored. */
    private AnnotationVisitor annotation(String descriptor, java.util.function.Consumer<String> sink) {
        String type = Type.getType(descriptor).getClassName();
        if (!apiAnnotations.contains(type)) {
            return null;
        }
        Map<String, String> elements = new TreeMap<>();
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String name, Object value) {
                elements.put(name, value(value));
            }

            @Override
            public void visitEnum(String name, String descriptor, String value) {
                elements.put(name, Type.getType(descriptor).getClassName() + "." + value);
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                return new ValueCollector(values -> elements.put(name, array(values)), null);
            }

            @Override
            public void visitEnd() {
                sink.accept("@" + type + (elements.isEmpty()
                        ? ""
                        : elements.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(",", "(", ")"))));
            }
        };
    }

    /** The values of an annotation array (or the one value of an annotation default). */
    private static final class ValueCollector extends AnnotationVisitor {
        private final java.util.function.Consumer<List<String>> sink;
        private final Type declared;
        private final List<String> values = new ArrayList<>();

        ValueCollector(java.util.function.Consumer<List<String>> sink, Type declared) {
            super(Opcodes.ASM9);
            this.sink = sink;
            this.declared = declared;
        }

        @Override
        public void visit(String name, Object value) {
            values.add(declared != null && declared.getSort() != Type.ARRAY ? constant(declared, value) : value(value));
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            values.add(Type.getType(descriptor).getClassName() + "." + value);
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            return new ValueCollector(inner -> values.add(array(inner)), null);
        }

        @Override
        public void visitEnd() {
            sink.accept(values);
        }
    }

    private static String array(List<String> values) {
        return values.size() == 1 ? values.get(0) : values.stream().collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(Object value) {
        if (value instanceof Type t) {
            return t.getClassName() + ".class";
        }
        if (value instanceof String s) {
            return "\"" + escape(s, '"') + "\"";
        }
        if (value instanceof Character c) {
            return "'" + escape(String.valueOf(c), '\'') + "'";
        }
        if (value instanceof Long l) {
            return l + "L";
        }
        if (value instanceof Float f) {
            return f + "F";
        }
        return String.valueOf(value);
    }

    /** A constant of declared type {@code type} (class files store boolean, char, byte and short as int). */
    private static String constant(Type type, Object value) {
        return switch (type.getSort()) {
            case Type.BOOLEAN -> String.valueOf(value instanceof Integer i ? i != 0 : value);
            case Type.CHAR -> value(value instanceof Integer i ? (char) i.intValue() : value);
            default -> value(value);
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
