package io.mesosbridge.migrate.spark;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparkSubmitTranslatorTest {

    /** The seed document's lines, as written there. */
    static final String SEED = """
            # Configuração do Spark para usar Mesos
            export MESOS_NATIVE_JAVA_LIBRARY=/usr/local/lib/libmesos.so
            # Submeter job Spark no Mesos
            spark-submit \\
            --master mesos://zk://localhost:2181/mesos \\
            --deploy-mode cluster \\
            --class org.apache.spark.examples.SparkPi \\
            --conf spark.mesos.executor.docker.image=mesosphere/spark:2.4.0 \\
            --conf spark.mesos.executor.home=/opt/spark \\
            --conf spark.mesos.coarse=true \\
            --conf spark.cores.max=4 \\
            --conf spark.executor.memory=2g \\
            examples/jars/spark-examples_2.12-2.4.0.jar 100
            """;

    private final Warnings warnings = new Warnings();
    private final SparkSubmitTranslator.Options options =
            new SparkSubmitTranslator.Options("k8s://https://kubernetes.default.svc", "spark-jobs", "spark");

    @Test
    void seedLineBecomesAKubernetesSubmission() {
        String script = SparkSubmitTranslator.translate(new Source("seed.sh", SEED), options, warnings).script();
        String line = script.substring(script.indexOf("spark-submit"));
        assertThat(line).isEqualTo("""
                spark-submit \\
                  --master k8s://https://kubernetes.default.svc \\
                  --deploy-mode cluster \\
                  --class org.apache.spark.examples.SparkPi \\
                  --conf spark.kubernetes.container.image=mesosphere/spark:2.4.0 \\
                  --conf spark.executor.memory=2g \\
                  --conf spark.executor.instances=4 \\
                  --conf spark.kubernetes.namespace=spark-jobs \\
                  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \\
                  local:///opt/spark/examples/jars/spark-examples_2.12-2.4.0.jar 100
                """);
        assertThat(script).contains("# spark.mesos.executor.docker.image -> spark.kubernetes.container.image")
                .contains("# spark.mesos.coarse=true -> (dropped)")
                .contains("# spark.cores.max=4 -> spark.executor.instances=4");
        assertThat(warnings.all()).extracting(Warning::place).containsExactly("MESOS_NATIVE_JAVA_LIBRARY",
                "--conf spark.mesos.executor.docker.image", "--conf spark.mesos.executor.home",
                "examples/jars/spark-examples_2.12-2.4.0.jar");
    }

    @Test
    void everySparkMesosSettingIsMappedOrReported() {
        String line = "spark-submit --master mesos://m:5050 --executor-cores 2 --supervise"
                + " --conf spark.cores.max=5"
                + " --conf spark.mesos.constraints='os:centos7;zone:us-east-1a,us-east-1b'"
                + " --conf spark.mesos.executor.docker.volumes=/data:/data:ro"
                + " --conf spark.mesos.driverEnv.FOO=bar"
                + " --conf spark.mesos.task.labels=team:ml"
                + " --conf spark.mesos.principal=spark"
                + " --conf spark.mesos.brandNewSetting=1"
                + " s3a://bucket/app.jar";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        String command = script.substring(script.indexOf("\nspark-submit"));
        assertThat(script).contains("# spark.mesos.task.labels -> spark.kubernetes.executor.label.team");
        assertThat(command).contains("--conf spark.kubernetes.node.selector.mesos.mesosbridge.io/attribute.os=centos7")
                .doesNotContain("us-east-1a")
                .contains("--conf spark.kubernetes.executor.volumes.hostPath.mesos-volume-0.mount.path=/data")
                .contains("--conf spark.kubernetes.executor.volumes.hostPath.mesos-volume-0.options.path=/data")
                .contains("--conf spark.kubernetes.executor.volumes.hostPath.mesos-volume-0.mount.readOnly=true")
                .contains("--conf spark.kubernetes.driverEnv.FOO=bar")
                .contains("--conf spark.kubernetes.executor.label.team=ml")
                .contains("--conf spark.executor.instances=3")
                .doesNotContain("--supervise").doesNotContain("spark.mesos.")
                .contains("s3a://bucket/app.jar");
        assertThat(warnings.all()).extracting(Warning::place).containsExactlyInAnyOrder("--supervise",
                "--conf spark.mesos.constraints", "--conf spark.mesos.principal", "--conf spark.mesos.brandNewSetting");
    }

    @Test
    void nonMesosOrMissingLinesAreClearErrors() {
        assertThatThrownBy(() -> SparkSubmitTranslator.translate(new Source("x", "spark-submit --master yarn app.jar"), options, warnings))
                .isInstanceOf(InputError.class).hasMessageContaining("expected a mesos:// master");
        assertThatThrownBy(() -> SparkSubmitTranslator.translate(new Source("x", "echo hello"), options, warnings))
                .isInstanceOf(InputError.class).hasMessageContaining("no spark-submit line");
        assertThatThrownBy(() -> SparkSubmitTranslator.translate(new Source("x", "spark-submit --master 'mesos://x"), options, warnings))
                .isInstanceOf(InputError.class).hasMessageContaining("unterminated");
    }
}
