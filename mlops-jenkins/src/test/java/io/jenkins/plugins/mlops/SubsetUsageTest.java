package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The Jenkins API subset declares only what the plugin uses: every public or protected type, constructor, method,
 * field and annotation element in it is referenced by the plugin's class files, is a supertype of something that
 * is, or is needed by something that is (a constructor chain, an implementation of a used abstract method). It
 * reads both modules' compiled classes, so a declaration added "just in case" fails the build.
 */
class SubsetUsageTest {

    @Test
    void theSubsetDeclaresNothingThePluginDoesNotUse() {
        Map<String, ClassModel> subset = read(classesOf(Step.class));
        Map<String, ClassModel> plugin = read(classesOf(StepEnvironment.class));
        Map<String, ClassModel> all = new HashMap<>(subset);
        all.putAll(plugin);

        Set<String> usedTypes = new HashSet<>();
        Set<String> usedMembers = new HashSet<>();
        Deque<ClassModel.Refs> work = new ArrayDeque<>();
        plugin.values().forEach(c -> work.add(c.classRefs));
        plugin.values().forEach(c -> c.members.values().forEach(m -> work.add(m.refs)));
        while (!work.isEmpty()) {
            ClassModel.Refs refs = work.poll();
            for (String type : refs.types) {
                markType(type, subset, all, usedTypes, work);
            }
            for (String ref : refs.members) {
                markMember(ref, subset, all, usedMembers, work);
            }
        }
        // Jenkins calls a concrete plugin class through the abstract methods of its Jenkins supertypes (a step
        // execution's start()); those declarations and the subset's implementations of them are used.
        for (ClassModel c : plugin.values()) {
            if ((c.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0) {
                markInheritedContract(c, subset, all, usedMembers, work);
            }
        }
        // access-modifier-checker (the release build) instantiates the restriction a used @Restricted names.
        for (String type : List.copyOf(usedTypes)) {
            if (isAccessRestriction(type, all)) {
                markMember(type + ".<init>()V", subset, all, usedMembers, work);
            }
        }
        while (!work.isEmpty()) {
            ClassModel.Refs refs = work.poll();
            refs.types.forEach(t -> markType(t, subset, all, usedTypes, work));
            refs.members.forEach(r -> markMember(r, subset, all, usedMembers, work));
        }
        // A concrete subset method that implements a used abstract one is needed for the class to be instantiable.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ClassModel c : subset.values()) {
                for (Member m : c.members.values()) {
                    String key = c.name + "." + m.nameAndDesc;
                    if (!usedMembers.contains(key) && overridesUsed(c, m.nameAndDesc, all, usedMembers)) {
                        usedMembers.add(key);
                        work.add(m.refs);
                        changed = true;
                    }
                }
            }
            while (!work.isEmpty()) {
                ClassModel.Refs refs = work.poll();
                refs.types.forEach(t -> markType(t, subset, all, usedTypes, work));
                refs.members.forEach(r -> markMember(r, subset, all, usedMembers, work));
            }
        }

        Set<String> unused = new TreeSet<>();
        for (ClassModel c : subset.values()) {
            if (!c.isApi()) {
                continue;
            }
            if (!usedTypes.contains(c.name)) {
                unused.add("type " + c.name);
                continue;
            }
            for (Member m : c.members.values()) {
                if (m.isApi() && !usedMembers.contains(c.name + "." + m.nameAndDesc)
                        && !overridesJdk(c, m.nameAndDesc, all) && !implicitEnumMember(c, m)) {
                    unused.add("member " + c.name + "." + m.nameAndDesc);
                }
            }
        }
        assertThat(unused).as("subset declarations the plugin does not use").isEmpty();
        assertThat(usedTypes).as("sanity: the scan sees the step API").contains(
                "org/jenkinsci/plugins/workflow/steps/Step", "hudson/model/Run");
    }

    private static void markType(String type, Map<String, ClassModel> subset, Map<String, ClassModel> all,
                                 Set<String> usedTypes, Deque<ClassModel.Refs> work) {
        ClassModel c = subset.get(type);
        if (c == null || !usedTypes.add(type)) {
            return;
        }
        work.add(c.classRefs);
        // Private members and static initialisers run whenever the type is used.
        c.members.values().stream().filter(m -> !m.isApi()).forEach(m -> work.add(m.refs));
        c.supertypes().forEach(s -> markType(s, subset, all, usedTypes, work));
        if (c.outer != null) {
            markType(c.outer, subset, all, usedTypes, work);
        }
    }

    /** A reference {@code owner.name desc} resolves to the declaration in the owner or any of its supertypes. */
    private static void markMember(String ref, Map<String, ClassModel> subset, Map<String, ClassModel> all,
                                   Set<String> usedMembers, Deque<ClassModel.Refs> work) {
        int dot = ref.indexOf('.');
        String owner = ref.substring(0, dot);
        String nameAndDesc = ref.substring(dot + 1);
        Deque<String> types = new ArrayDeque<>(List.of(owner));
        Set<String> seen = new HashSet<>();
        while (!types.isEmpty()) {
            String type = types.poll();
            ClassModel c = all.get(type);
            if (c == null || !seen.add(type)) {
                continue;
            }
            Member m = c.member(nameAndDesc);
            if (m != null && subset.containsKey(type) && usedMembers.add(type + "." + m.nameAndDesc)) {
                work.add(m.refs);
            }
            types.addAll(c.supertypes());
        }
    }

    private static void markInheritedContract(ClassModel concrete, Map<String, ClassModel> subset,
                                              Map<String, ClassModel> all, Set<String> usedMembers,
                                              Deque<ClassModel.Refs> work) {
        Deque<String> types = new ArrayDeque<>(concrete.supertypes());
        Set<String> seen = new HashSet<>();
        while (!types.isEmpty()) {
            ClassModel c = subset.get(types.poll());
            if (c == null || !seen.add(c.name)) {
                continue;
            }
            for (Member m : c.members.values()) {
                if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
                    markMember(concrete.name + "." + m.nameAndDesc, subset, all, usedMembers, work);
                }
            }
            types.addAll(c.supertypes());
        }
    }

    private static boolean overridesUsed(ClassModel c, String nameAndDesc, Map<String, ClassModel> all,
                                         Set<String> usedMembers) {
        if (nameAndDesc.startsWith("<")) {
            return false;
        }
        for (String s : c.supertypes()) {
            ClassModel sup = all.get(s);
            if (sup == null) {
                continue;
            }
            Member m = sup.member(nameAndDesc);
            if (m != null && usedMembers.contains(s + "." + m.nameAndDesc)
                    || overridesUsed(sup, nameAndDesc, all, usedMembers)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAccessRestriction(String type, Map<String, ClassModel> all) {
        for (ClassModel c = all.get(type); c != null; c = all.get(c.superName)) {
            if (c.name.equals("org/kohsuke/accmod/AccessRestriction")) {
                return true;
            }
        }
        return false;
    }

    /** Every enum has {@code values()} and {@code valueOf(String)}; the language declares them, not the subset. */
    private static boolean implicitEnumMember(ClassModel c, Member m) {
        return (c.access & Opcodes.ACC_ENUM) != 0 && (m.nameAndDesc.equals("values()[L" + c.name + ";")
                || m.nameAndDesc.equals("valueOf(Ljava/lang/String;)L" + c.name + ";"));
    }

    /** Methods such as {@code toString} or {@code AbstractList.get} exist because the JDK type demands them. */
    private static boolean overridesJdk(ClassModel c, String nameAndDesc, Map<String, ClassModel> all) {
        for (String s : c.supertypes()) {
            ClassModel sup = all.get(s);
            if (sup != null ? overridesJdk(sup, nameAndDesc, all) : jdkDeclares(s, nameAndDesc)) {
                return true;
            }
        }
        return false;
    }

    private static boolean jdkDeclares(String internalName, String nameAndDesc) {
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'));
            for (Class<?> t = type; t != null; t = t.getSuperclass()) {
                if (declares(t, nameAndDesc)) {
                    return true;
                }
            }
            for (Class<?> i : type.getInterfaces()) {
                if (jdkDeclares(Type.getInternalName(i), nameAndDesc)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean declares(Class<?> t, String nameAndDesc) {
        for (Method m : t.getDeclaredMethods()) {
            if (!Modifier.isPrivate(m.getModifiers()) && (m.getName() + Type.getMethodDescriptor(m))
                    .equals(nameAndDesc.replace(" ", ""))) {
                return true;
            }
        }
        return false;
    }

    // ---- reading class files

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a module's classes from its folder, or its jar when the reactor built one. */
    private static Map<String, ClassModel> read(Path location) {
        if (Files.isDirectory(location)) {
            return readTree(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return readTree(jar.getPath("/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, ClassModel> readTree(Path classes) {
        Map<String, ClassModel> models = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    ClassModel model = ClassModel.read(new ClassReader(in));
                    models.put(model.name, model);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return models;
    }

    /** Accepts every part of a class, so that the remapper in front of it sees every reference. */
    private static final class WalkEverything extends ClassVisitor {
        private static final AnnotationVisitor ANNOTATION = new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String name, String descriptor) {
                return this;
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                return this;
            }
        };

        WalkEverything() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return ANNOTATION;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                    return ANNOTATION;
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                    return ANNOTATION;
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String d, boolean visible) {
                    return ANNOTATION;
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return ANNOTATION;
                }

                @Override
                public AnnotationVisitor visitTypeAnnotation(int typeRef, org.objectweb.asm.TypePath typePath,
                                                             String d, boolean visible) {
                    return ANNOTATION;
                }
            };
        }
    }

    private record Member(String nameAndDesc, int access, ClassModel.Refs refs) {
        boolean isApi() {
            return (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0
                    && (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
        }
    }

    private static final class ClassModel {
        /** Types and members (as {@code owner.name desc}) that a class or member refers to. */
        record Refs(Set<String> types, Set<String> members) {
            Refs() {
                this(new HashSet<>(), new HashSet<>());
            }
        }

        String name;
        String superName;
        String outer;
        int access;
        List<String> interfaces = new ArrayList<>();
        final Map<String, Member> members = new HashMap<>();
        final Refs classRefs = new Refs();

        List<String> supertypes() {
            List<String> all = new ArrayList<>(interfaces);
            if (superName != null) {
                all.add(superName);
            }
            return all;
        }

        Member member(String nameAndDesc) {
            if (!nameAndDesc.endsWith(" *")) {
                return members.get(nameAndDesc);
            }
            // An annotation element is referred to by name only.
            String element = nameAndDesc.substring(0, nameAndDesc.length() - 2) + "(";
            return members.values().stream().filter(m -> m.nameAndDesc.startsWith(element)).findFirst()
                    .orElse(null);
        }

        boolean isApi() {
            return (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0;
        }

        static ClassModel read(ClassReader reader) {
            ClassModel model = new ClassModel();
            Refs[] current = {model.classRefs};
            Remapper recorder = new Remapper() {
                @Override
                public String map(String internalName) {
                    current[0].types.add(internalName);
                    return internalName;
                }

                @Override
                public String mapMethodName(String owner, String name, String descriptor) {
                    current[0].members.add(owner + "." + name + descriptor);
                    return name;
                }

                @Override
                public String mapFieldName(String owner, String name, String descriptor) {
                    current[0].members.add(owner + "." + name + " " + descriptor);
                    return name;
                }

                @Override
                public String mapAnnotationAttributeName(String descriptor, String name) {
                    current[0].members.add(Type.getType(descriptor).getInternalName() + "." + name + " *");
                    return name;
                }
            };
            ClassVisitor collector = new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    model.name = name;
                    model.access = access;
                    model.superName = superName;
                    model.interfaces = interfaces == null ? List.of() : List.of(interfaces);
                }

                @Override
                public void visitInnerClass(String name, String outerName, String innerName, int access) {
                    if (name.equals(model.name)) {
                        // A nested type's real access (protected, private) is only in the InnerClasses entry.
                        model.outer = outerName;
                        model.access = access;
                    }
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    Refs refs = new Refs();
                    model.members.put(name + " " + descriptor, new Member(name + " " + descriptor, access, refs));
                    current[0] = refs;
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    Refs refs = new Refs();
                    model.members.put(name + descriptor, new Member(name + descriptor, access, refs));
                    current[0] = refs;
                    return null;
                }
            };
            // First pass: the class and its members; second pass: what each member refers to.
            reader.accept(collector, ClassReader.SKIP_CODE);
            current[0] = model.classRefs;
            reader.accept(new ClassRemapper(new WalkEverything(), recorder) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    current[0] = model.members.get(name + descriptor).refs();
                    return super.visitMethod(access, name, descriptor, signature, exceptions);
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    current[0] = model.members.get(name + " " + descriptor).refs();
                    return super.visitField(access, name, descriptor, signature, value);
                }
            }, 0);
            return model;
        }
    }
}
