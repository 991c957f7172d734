package io.mlopsbridge.subset;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a class file's generic {@code Signature} attribute (JVMS 4.7.9.1) into the manifest's notation: binary
 * names ({@code hudson.FilePath$FileCallable<T>}), type arguments without spaces, {@code T extends A&B} type
 * parameters with a lone {@code Object} bound left out.
 */
final class GenericSignatures {
    /** A class signature: type parameters, superclass, interfaces. */
    record ClassSignature(String typeParameters, String superclass, List<String> interfaces) {}

    /** A method signature: type parameters, parameter types, return type, thrown types (empty if not generic). */
    record MethodSignature(String typeParameters, List<String> parameters, String returnType, List<String> thrown) {}

    private final String text;
    private int at;

    private GenericSignatures(String text) {
        this.text = text;
    }

    static ClassSignature ofClass(String signature) {
        GenericSignatures reader = new GenericSignatures(signature);
        String typeParameters = reader.typeParameters();
        String superclass = reader.fieldType();
        List<String> interfaces = new ArrayList<>();
        while (!reader.done()) {
            interfaces.add(reader.fieldType());
        }
        return new ClassSignature(typeParameters, superclass, interfaces);
    }

    static MethodSignature ofMethod(String signature) {
        GenericSignatures reader = new GenericSignatures(signature);
        String typeParameters = reader.typeParameters();
        reader.expect('(');
        List<String> parameters = new ArrayList<>();
        while (reader.peek() != ')') {
            parameters.add(reader.type());
        }
        reader.expect(')');
        String returnType = reader.type();
        List<String> thrown = new ArrayList<>();
        while (!reader.done()) {
            reader.expect('^');
            thrown.add(reader.fieldType());
        }
        return new MethodSignature(typeParameters, parameters, returnType, thrown);
    }

    static String ofField(String signature) {
        return new GenericSignatures(signature).type();
    }

    private String typeParameters() {
        if (peek() != '<') {
            return "";
        }
        expect('<');
        List<String> parameters = new ArrayList<>();
        while (peek() != '>') {
            String name = identifier(':');
            List<String> bounds = new ArrayList<>();
            expect(':');
            if (peek() != ':') {
                bounds.add(fieldType());
            }
            while (peek() == ':') {
                expect(':');
                bounds.add(fieldType());
            }
            parameters.add(bounds.isEmpty() || bounds.equals(List.of("java.lang.Object"))
                    ? name
                    : name + " extends " + String.join("&", bounds));
        }
        expect('>');
        return parameters.stream().collect(Collectors.joining(",", "<", ">"));
    }

    private String type() {
        char c = peek();
        String primitive = switch (c) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            case 'V' -> "void";
            default -> null;
        };
        if (primitive != null) {
            at++;
            return primitive;
        }
        return fieldType();
    }

    private String fieldType() {
        char c = peek();
        if (c == '[') {
            at++;
            return type() + "[]";
        }
        if (c == 'T') {
            at++;
            String name = identifier(';');
            expect(';');
            return name;
        }
        expect('L');
        StringBuilder out = new StringBuilder();
        while (true) {
            int end = at;
            while (text.charAt(end) != '<' && text.charAt(end) != ';' && text.charAt(end) != '.') {
                end++;
            }
            out.append(text, at, end);
            at = end;
            if (peek() == '<') {
                out.append(typeArguments());
            }
            if (peek() == '.') {
                at++;
                out.append('$');
                continue;
            }
            expect(';');
            return out.toString().replace('/', '.');
        }
    }

    private String typeArguments() {
        expect('<');
        List<String> arguments = new ArrayList<>();
        while (peek() != '>') {
            char c = peek();
            if (c == '*') {
                at++;
                arguments.add("?");
            } else if (c == '+') {
                at++;
                arguments.add("? extends " + fieldType());
            } else if (c == '-') {
                at++;
                arguments.add("? super " + fieldType());
            } else {
                arguments.add(fieldType());
            }
        }
        expect('>');
        return "<" + String.join(",", arguments) + ">";
    }

    private String identifier(char terminator) {
        int end = text.indexOf(terminator, at);
        String name = text.substring(at, end);
        at = end;
        return name;
    }

    private char peek() {
        return text.charAt(at);
    }

    private boolean done() {
        return at >= text.length();
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
        }
        at++;
    }
}
