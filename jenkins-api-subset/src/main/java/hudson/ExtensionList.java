package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.util.io.OnMaster;

public class ExtensionList<T> extends AbstractList<T> implements OnMaster {
    /** Test-only registry standing in for Jenkins' extension loader; filled through {@link #register(Object)}. */
    private static final Map<Class<?>, Object> SINGLETONS = new ConcurrentHashMap<>();

    private final List<T> items;

    ExtensionList(List<T> items) {
        this.items = items;
    }

    /** Test-only hook: makes {@code instance} the one extension of its class. */
    static void register(Object instance) {
        SINGLETONS.put(instance.getClass(), instance);
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        Object instance = SINGLETONS.get(type);
        if (instance == null) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got 0");
        }
        return type.cast(instance);
    }

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
