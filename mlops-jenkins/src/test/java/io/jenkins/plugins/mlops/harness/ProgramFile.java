package io.jenkins.plugins.mlops.harness;

import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * program.dat as Jenkins writes it: the running program with Java serialization, where every
 * {@link hudson.util.Secret} is replaced by its encrypted value (workflow-support's {@code SecretPickle} does this
 * with the controller's secret key) and decrypted again when the program is read back. A secret held as a plain
 * string is written as it is, as it would be by Jenkins.
 */
final class ProgramFile {
    /** The controller's key (Jenkins keeps it under {@code secrets/}, outside the build folder). */
    private static final SecretKey KEY = newKey();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProgramFile() {
    }

    static byte[] write(Object program) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new Pickling(bytes)) {
            out.writeObject(program);
        }
        return bytes.toByteArray();
    }

    static Object read(byte[] program) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new Unpickling(new ByteArrayInputStream(program))) {
            return in.readObject();
        }
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(128);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Secret as program.dat holds it: AES-GCM cipher text and its nonce. */
    private record SecretPickle(byte[] nonce, byte[] cipherText) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static SecretPickle of(Secret secret) throws IOException {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            return new SecretPickle(nonce, crypt(Cipher.ENCRYPT_MODE, nonce,
                    secret.getPlainText().getBytes(StandardCharsets.UTF_8)));
        }

        Secret rehydrate() throws IOException {
            return Secret.fromString(new String(crypt(Cipher.DECRYPT_MODE, nonce, cipherText),
                    StandardCharsets.UTF_8));
        }

        private static byte[] crypt(int mode, byte[] nonce, byte[] input) throws IOException {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(mode, KEY, new GCMParameterSpec(128, nonce));
                return cipher.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
                        + " a Secret", e);
            }
        }
    }

    private static final class Pickling extends ObjectOutputStream {
        Pickling(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) throws IOException {
            return obj instanceof Secret secret ? SecretPickle.of(secret) : obj;
        }
    }

    private static final class Unpickling extends ObjectInputStream {
        Unpickling(InputStream in) throws IOException {
            super(in);
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            return obj instanceof SecretPickle pickle ? pickle.rehydrate() : obj;
        }
    }
}
