package hudson.util;

public abstract class KeyedDataStorage<T, P> {}
