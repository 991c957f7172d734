package io.mlopsbridge.registry;

import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.CountingProxy;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import java.io.IOException;

/**
 * {@link RegisterModel} talking to the real MLflow server through a {@link CountingProxy}, so a test sees (and may
 * rewrite) every call a registration makes; training runs are made directly, past the proxy.
 */
record RegistryBehindProxy(CountingProxy proxy, RegisterModel register) implements AutoCloseable {

    static RegistryBehindProxy in(MlflowServer server) throws IOException {
        CountingProxy proxy = new CountingProxy(server.uri());
        return new RegistryBehindProxy(proxy, new RegisterModel(
                new MlflowClient(MlflowConfig.of(proxy.uri().toString())), BuildLog.silent()));
    }

    @Override
    public void close() {
        proxy.close();
    }
}
