package io.mlopsbridge.library;

import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.deploy.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.rules.ExternalResource;

/**
 * mlops-core's validating KServe mock cluster and a fake model server behind one model's InferenceService, as a
 * JUnit 4 rule: started before each test, stopped after it, failing the test on any manifest the CRD rejects.
 */
final class ServingCluster extends ExternalResource {
    final KServeCluster cluster = new KServeCluster();
    final String service;
    final FakeModelServer modelServer;

    ServingCluster(String model) {
        this.service = ServiceName.derivedFrom(model).value();
        this.modelServer = new FakeModelServer(service);
    }

    @Override
    protected void before() {
        cluster.beforeEach(null);
    }

    @Override
    protected void after() {
        modelServer.close();
        cluster.afterEach(null);
    }

    /** Plays KServe's controller: the service becomes ready and serves the fake model. */
    void servesWhenDeployed() {
        cluster.startController(service, modelServer.url(), isvc -> KServeCluster.Outcome.READY);
    }

    /** The kubeconfig a deployer would hold for this cluster, as the text of a secret-file credential. */
    JenkinsCredentials.SecretFile kubeconfigCredential(Path dir) throws java.io.IOException {
        return new JenkinsCredentials.SecretFile("kubeconfig", Files.readString(cluster.kubeconfig(dir)));
    }
}
