package io.jenkins.plugins.mlops.harness;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A Jenkinsfile's named arguments bound to a step as Jenkins binds them (structs' {@code DescribableModel}): the
 * {@code @DataBoundConstructor}'s parameters by name, null for one the call does not give, then each other argument
 * through its {@code @DataBoundSetter} (an argument the step does not have fails the test). What the step throws
 * while it is bound (its one-line {@link IllegalArgumentException}) is thrown as is: a Jenkinsfile's call fails with
 * that error.
 */
public final class StepBinding {
    private StepBinding() {
    }

    public static <T> T bind(Class<T> step, Map<String, ?> arguments) {
        return bind(step, arguments, (type, value) -> value);
    }

    /** How a front end hands a value to a parameter of {@code type} (a form posts "" for an empty text field). */
    public interface ValueAs {
        Object convert(Class<?> type, Object value);
    }

    /** As {@link #bind(Class, Map)}, with each value converted as {@code valueAs} says for its parameter's type. */
    public static <T> T bind(Class<T> step, Map<String, ?> arguments, ValueAs valueAs) {
        Map<String, Object> rest = new LinkedHashMap<>(arguments);
        Constructor<?> constructor = Arrays.stream(step.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst()
                .orElseThrow(() -> new AssertionError(step.getSimpleName() + " has no @DataBoundConstructor"));
        Object[] values = Arrays.stream(constructor.getParameters())
                .map(p -> valueAs.convert(p.getType(), rest.remove(p.getName()))).toArray();
        T bound = step.cast(invoke(() -> constructor.newInstance(values)));
        for (Map.Entry<String, Object> argument : rest.entrySet()) {
            Method setter = setter(step, argument.getKey());
            invoke(() -> setter.invoke(bound, valueAs.convert(setter.getParameterTypes()[0], argument.getValue())));
        }
        return bound;
    }

    private static Method setter(Class<?> step, String name) {
        try {
            return Arrays.stream(Introspector.getBeanInfo(step).getPropertyDescriptors())
                    .filter(p -> p.getName().equals(name)).map(PropertyDescriptor::getWriteMethod)
                    .filter(m -> m != null && m.isAnnotationPresent(DataBoundSetter.class)).findFirst()
                    .orElseThrow(() -> new AssertionError(step.getSimpleName() + " has no parameter " + name));
        } catch (IntrospectionException e) {
            throw new AssertionError(e);
        }
    }

    interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Runs a reflective call; what the code called throws (a setter refusing a value) surfaces as itself. */
    static Object invoke(Reflective call) {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
