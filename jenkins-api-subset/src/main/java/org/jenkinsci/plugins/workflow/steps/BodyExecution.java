package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.concurrent.Future;

public abstract class BodyExecution implements Future<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Test-only: Jenkins' CPS engine runs bodies; the tests' body runner lives in this package. */
    BodyExecution() {
    }
}
