package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageUriTest {

    @Test
    void objectStoreLocationIsKeptWithATrailingSlash() {
        StorageUri uri = StorageUri.forKServe("s3://ml-artifacts/1/models/m-abc/artifacts", Optional.empty(), "fraud/3");

        assertThat(uri.value()).isEqualTo("s3://ml-artifacts/1/models/m-abc/artifacts/");
    }

    @Test
    void pvcAndGcsLocationsAreAccepted() {
        assertThat(StorageUri.given("pvc://models-pvc/fraud/3").value()).isEqualTo("pvc://models-pvc/fraud/3/");
        assertThat(StorageUri.given("gs://bucket/fraud/3/").value()).isEqualTo("gs://bucket/fraud/3/");
    }

    @Test
    void registryUrisAreRefusedWithTheReason() {
        assertThatThrownBy(() -> StorageUri.forKServe("models:/m-0123abcd", Optional.empty(), "fraud/3"))
                .isInstanceOf(MlopsException.class)
                .hasMessage("storage URI: KServe cannot read MLflow URI 'models:/m-0123abcd' (model fraud/3)")
                .satisfies(e -> assertThat(((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT));
    }

    @Test
    void proxiedArtifactsAreRefusedUnlessTheDestinationIsKnown() {
        assertThatThrownBy(() -> StorageUri.forKServe("mlflow-artifacts:/1/models/m-1/artifacts", Optional.empty(),
                "fraud/3"))
                .hasMessageContaining("the MLflow server proxies its artifacts")
                .satisfies(e -> assertThat(((MlopsException) e).hint()).get().asString()
                        .contains("--artifacts-destination"));
    }

    @Test
    void proxiedArtifactsMapOntoTheServersArtifactsDestination() {
        Optional<String> destination = Optional.of("s3://ml-artifacts/mlartifacts/");

        assertThat(StorageUri.forKServe("mlflow-artifacts:/1/models/m-1/artifacts", destination, "fraud/3").value())
                .isEqualTo("s3://ml-artifacts/mlartifacts/1/models/m-1/artifacts/");
        assertThat(StorageUri.forKServe("mlflow-artifacts://mlflow.example.com:5000/1/models/m-1/artifacts",
                destination, "fraud/3").value())
                .isEqualTo("s3://ml-artifacts/mlartifacts/1/models/m-1/artifacts/");
    }

    @Test
    void localPathsOfTheTrackingServerAreRefused() {
        assertThatThrownBy(() -> StorageUri.forKServe("/srv/mlflow/mlruns/1/abc/artifacts/model", Optional.empty(),
                "fraud/3")).hasMessageContaining("is not an object-store, PVC or web location");
        assertThatThrownBy(() -> StorageUri.forKServe("file:///srv/mlflow/mlruns/1/abc", Optional.empty(), "fraud/3"))
                .hasMessageContaining("is not an object-store, PVC or web location");
    }

    @Test
    void aGivenStorageUriThatIsNoLocationSaysWhatAValidOneLooksLike() {
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> StorageUri.given("not a uri"));

        assertThat(e.getMessage()).isEqualTo("--storage-uri: 'not a uri' is not an object-store, PVC or web location"
                + " KServe can download");
        assertThat(e.hint()).hasValue("give the model directory as a URI such as s3://bucket/models/fraud/1/ or"
                + " pvc://claim/models/fraud/1/ (accepted: s3:// gs:// pvc:// https:// http:// hdfs:// webhdfs:// oci://"
                + " oci+native:// oci+fetch:// hf:// modelscope://)");
    }

    @Test
    void aBareSchemeIsRefused() {
        assertThatThrownBy(() -> StorageUri.given("s3://")).hasMessageContaining("names no bucket or path");
    }
}
