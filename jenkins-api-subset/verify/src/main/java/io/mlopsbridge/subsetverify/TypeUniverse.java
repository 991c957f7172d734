package io.mlopsbridge.subsetverify;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The types one side can see: the sources of a {@link SourceTree} (parsed once) plus the classes on this tool's
 * class path (the JDK, Guava, Spring Security, SpotBugs annotations), which is how names in those libraries
 * resolve.
 */
final class TypeUniverse {
    private final SourceTree tree;
    private final Map<String, Optional<CompilationUnit>> parsed = new HashMap<>();
    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    TypeUniverse(SourceTree tree) {
        this.tree = tree;
    }

    SourceTree tree() {
        return tree;
    }

    Optional<CompilationUnit> unit(String topLevelName) {
        return parsed.computeIfAbsent(topLevelName, name -> tree.source(name).map(text -> {
            ParseResult<CompilationUnit> result = parser.parse(text);
            if (!result.isSuccessful()) {
                throw new IllegalStateException("cannot parse " + tree.origin(name) + ": " + result.getProblems());
            }
            return result.getResult().orElseThrow();
        }));
    }

    /** Whether a top-level type of this (dotted) name exists in the sources or on the class path. */
    boolean isTopLevel(String dottedName) {
        return unit(dottedName).isPresent() || loadable(dottedName).isPresent();
    }

    /** The source declaration of a type by binary name ({@code hudson.FilePath$FileCallable}). */
    Optional<TypeDeclaration<?>> declaration(String binaryName) {
        String[] parts = binaryName.split("\\$");
        Optional<CompilationUnit> unit = unit(parts[0]);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        String simple = parts[0].substring(parts[0].lastIndexOf('.') + 1);
        Optional<TypeDeclaration<?>> current = unit.get().getTypes().stream()
                .filter(t -> t.getNameAsString().equals(simple))
                .<TypeDeclaration<?>>map(t -> t)
                .findFirst();
        for (int i = 1; i < parts.length && current.isPresent(); i++) {
            String nested = parts[i];
            current = current.get().getMembers().stream()
                    .filter(m -> m instanceof TypeDeclaration<?> t && t.getNameAsString().equals(nested))
                    .<TypeDeclaration<?>>map(m -> (TypeDeclaration<?>) m)
                    .findFirst();
        }
        return current;
    }

    static Optional<Class<?>> loadable(String binaryName) {
        try {
            return Optional.of(Class.forName(binaryName, false, TypeUniverse.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
