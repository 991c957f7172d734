package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;
    /** Test-only: how many callables were sent "to the agent" through {@link #act}. */
    static final AtomicInteger CALLS = new AtomicInteger();

    final File file; // read by the tests' launcher in this package

    /** A folder on the controller's disk (tests also make workspaces with it, standing in for a folder on an agent). */
    public FilePath(@NonNull File localPath) {
        this.file = Objects.requireNonNull(localPath, "localPath");
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        File child = new File(relOrAbsolute);
        return new FilePath(child.isAbsolute() ? child : new File(file, relOrAbsolute));
    }

    public boolean exists() throws IOException, InterruptedException {
        return file.exists();
    }

    public String readToString() throws IOException, InterruptedException {
        return Files.readString(file.toPath(), Charset.defaultCharset());
    }

    public boolean delete() throws IOException, InterruptedException {
        Files.deleteIfExists(file.toPath());
        return true;
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        Files.copy(file.toPath(), target.file.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Runs {@code callable} on this folder as an agent would: the callable and its result cross a Java-serialization
     * boundary (as over the remoting channel), so anything that cannot travel fails here as it would in Jenkins.
     */
    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        CALLS.incrementAndGet();
        FileCallable<T> onAgent = roundTrip(callable);
        return roundTrip(onAgent.invoke(file, null));
    }

    @SuppressWarnings("unchecked")
    private static <V> V roundTrip(V value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (V) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
