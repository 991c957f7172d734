import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;

/**
 * The registration job in one long-lived JVM, as the Jenkins plugin runs it: ROUNDS registrations of new builds,
 * each timed on its own, after WARMUP untimed ones. Prints "ms calls" per timed round.
 * Usage: java -cp mlops-cli/target/mlops.jar bench/registration/RegisterInProcess.java URI MODEL RUN_ID GATE WARMUP ROUNDS
 */
public class RegisterInProcess {
    public static void main(String[] args) {
        MlflowClient mlflow = new MlflowClient(MlflowConfig.of(args[0]));
        RegisterModel register = new RegisterModel(mlflow, BuildLog.silent());
        int warmup = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        for (int i = 1; i <= warmup + rounds; i++) {
            RegisterRequest request = RegisterRequest.of(args[1], args[2]).withGate(args[3])
                    .withBuild(BuildInfo.none().withCi("bench-job", String.valueOf(1000 + i), null));
            long calls = mlflow.httpCalls();
            long start = System.nanoTime();
            register.register(request);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (i > warmup) {
                System.out.println(ms + " " + (mlflow.httpCalls() - calls));
            }
        }
    }
}
