package io.mlopsbridge.mlflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link MlflowServer} parameter that must be the shared server started with MLflow's basic-auth app
 * (admin {@value MlflowServer#ADMIN_USER} / {@value MlflowServer#ADMIN_PASSWORD}).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface BasicAuth {
}
