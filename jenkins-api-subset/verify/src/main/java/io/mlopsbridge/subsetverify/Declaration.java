package io.mlopsbridge.subsetverify;

/**
 * One manifest line: {@code key} names the declaration ({@code hudson.FilePath},
 * {@code hudson.FilePath#act(hudson.FilePath$FileCallable)}, {@code hudson.model.Result#SUCCESS}) with erased
 * parameter types; {@code signature} is everything else (modifiers, type parameters, generic types, throws,
 * defaults, constant values, API annotations).
 */
record Declaration(String key, String signature) {
    String line() {
        return key + " " + signature;
    }
}
