package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema check the cluster tests rely on can fail. */
class KubernetesSchemaTest {

    @Test
    void aDeploymentWithAWronglyTypedFieldIsRejected() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: fraud-detector, namespace: models}
                spec:
                  replicas: "two"
                  selector: {matchLabels: {app: fraud-detector}}
                  template:
                    metadata: {labels: {app: fraud-detector}}
                    spec:
                      containers: [{name: model, image: "registry.example.com/fraud-serving:1.4"}]
                """;

        assertThat(KubernetesSchema.violations(deployment)).singleElement().asString()
                .contains("spec.replicas: 'two' is not of type 'integer'");
        assertThat(KubernetesSchema.violations(deployment.replace("\"two\"", "2"))).isEmpty();
    }

    @Test
    void aServiceWithAnUnknownFieldIsRejected() {
        String service = """
                apiVersion: v1
                kind: Service
                metadata: {name: fraud-detector, namespace: models}
                spec: {selector: {app: fraud-detector}, ports: [{port: 80, targetPort: http}], loadBalancer: true}
                """;

        assertThat(KubernetesSchema.violations(service)).isNotEmpty();
    }
}
