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
            new SparkSubmitTranslator.Options("k8s://https://kubernetes.default.svc", "spark-jobs", "spark", 4);

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
                  --conf spark.executor.cores=4 \\
                  --conf spark.executor.instances=1 \\
                  --conf spark.kubernetes.namespace=spark-jobs \\
                  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \\
                  local:///opt/spark/examples/jars/spark-examples_2.12-2.4.0.jar 100
                """);
        assertThat(script).contains("# spark.mesos.executor.docker.image -> spark.kubernetes.container.image")
                .contains("# spark.mesos.coarse=true -> (dropped)")
                .contains("# spark.cores.max=4 -> spark.executor.cores=4 and spark.executor.instances=1");
        assertThat(warnings.all()).extracting(Warning::place).containsExactly("MESOS_NATIVE_JAVA_LIBRARY",
                "--conf spark.mesos.executor.docker.image", "--conf spark.mesos.executor.home", "spark.cores.max",
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
                .contains("--conf spark.executor.instances=2")
                .doesNotContain("--supervise").doesNotContain("spark.mesos.")
                .contains("s3a://bucket/app.jar");
        assertThat(warnings.all()).extracting(Warning::place).containsExactlyInAnyOrder("--supervise",
                "--conf spark.mesos.constraints", "--conf spark.mesos.principal", "--conf spark.mesos.brandNewSetting",
                "--deploy-mode client");
    }

    /** A nightly job's wrapper script, as such scripts are written: variables, substitutions, a redirect. */
    static final String NIGHTLY_ETL = """
            #!/bin/bash
            set -euo pipefail
            source /etc/spark/job.env
            export SPARK_HOME=/opt/spark
            MESOS_MASTER="zk://${ZK_HOSTS}/mesos"
            RUN_DATE=$(date +%F)
            SPARK_CONF_DIR=/etc/spark/conf "$SPARK_HOME"/bin/spark-submit \\
              --master mesos://$MESOS_MASTER \\
              --deploy-mode cluster \\
              --class com.example.etl.Nightly \\
              --conf spark.executor.memory=${EXECUTOR_MEMORY:-4g} \\
              --conf "spark.driver.extraJavaOptions=-Drun.date=$RUN_DATE -Denv=prod" \\
              --conf spark.executor.cores=2 \\
              --conf spark.cores.max=8 \\
              hdfs:///jobs/etl-$(date +%Y%m%d).jar "$RUN_DATE" `hostname` > /var/log/etl.log 2>&1
            echo "submitted etl for $RUN_DATE"
            """;

    @Test
    void expansionsStayForTheShellAndTheScriptAroundTheLineIsKept() {
        String script = SparkSubmitTranslator.translate(new Source("etl.sh", NIGHTLY_ETL), options, warnings).script();
        assertThat(script).startsWith("#!/bin/bash\n")
                .contains("\nset -euo pipefail\nsource /etc/spark/job.env\nexport SPARK_HOME=/opt/spark\n"
                        + "MESOS_MASTER=\"zk://${ZK_HOSTS}/mesos\"\nRUN_DATE=$(date +%F)\n"
                        + "SPARK_CONF_DIR=/etc/spark/conf \"$SPARK_HOME\"/bin/spark-submit \\\n")
                .contains("\n  --conf spark.executor.memory=${EXECUTOR_MEMORY:-4g} \\\n")
                .contains("\n  --conf spark.driver.extraJavaOptions=-Drun.date=\"$RUN_DATE\"' -Denv=prod' \\\n")
                .contains("# --master mesos://$MESOS_MASTER -> k8s://https://kubernetes.default.svc\n")
                .endsWith("\n  hdfs:///jobs/etl-$(date +%Y%m%d).jar \"$RUN_DATE\" `hostname` > /var/log/etl.log 2>&1\n"
                        + "echo \"submitted etl for $RUN_DATE\"\n");
        assertThat(warnings.all()).extracting(Warning::place).contains("line 5");
    }

    @Test
    void theConvertedLinePassesTheSameExpandedWordsToSparkSubmit() throws Exception {
        String line = "spark-submit --master mesos://m:5050 --conf spark.executor.memory=${MEM:-4g}"
                + " --conf spark.mesos.executor.docker.image=registry/etl:$TAG"
                + " --conf \"spark.driver.extraJavaOptions=-Dday=$DAY -Dx='y z'\" app.jar $(echo one two) \"$DAY\"";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        Process shell = new ProcessBuilder("bash", "-c", "spark-submit() { printf '[%s]\\n' \"$@\"; }\nDAY=monday\nTAG=v7\n" + script)
                .redirectErrorStream(true).start();
        String arguments = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shell.waitFor()).as(arguments).isZero();
        assertThat(arguments).contains("[spark.executor.memory=4g]\n")
                .contains("[spark.kubernetes.container.image=registry/etl:v7]\n")
                .contains("[spark.driver.extraJavaOptions=-Dday=monday -Dx='y z']\n")
                .endsWith("[app.jar]\n[one]\n[two]\n[monday]\n");
        assertThat(warnings.all()).extracting(Warning::message)
                .anyMatch(m -> m.startsWith("image registry/etl:$TAG was built for Mesos"));
    }

    @Test
    void coresMaxWithoutExecutorCoresGivesOfferSizedExecutors() {
        String line = "spark-submit --master mesos://m:5050 --deploy-mode cluster --conf spark.cores.max=10"
                + " --conf spark.executor.memory=8g s3a://jobs/train.jar";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        assertThat(script).contains("--conf spark.executor.cores=3 \\").contains("--conf spark.executor.instances=3 \\");
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("spark.cores.max")).singleElement()
                .extracting(Warning::message).asString().contains("--agent-cpus");

        String onBigAgents = SparkSubmitTranslator.translate(new Source("--line", line),
                new SparkSubmitTranslator.Options("k8s://https://k", "spark-jobs", "spark", 16), new Warnings()).script();
        assertThat(onBigAgents).contains("--conf spark.executor.cores=10 \\").contains("--conf spark.executor.instances=1 \\");
    }

    @Test
    void coresMaxWithExecutorCoresIsRoundedDownAsMesosDoes() {
        String line = "spark-submit --master mesos://m:5050 --deploy-mode cluster --executor-cores 4"
                + " --total-executor-cores 10 s3a://jobs/train.jar";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        assertThat(script).contains("--conf spark.executor.instances=2 \\").doesNotContain("spark.executor.cores=");
    }

    @Test
    void clusterModeLocalFilesBecomeImagePathsOrAreReported() {
        String line = "spark-submit --master mesos://dispatcher:7077 --deploy-mode cluster"
                + " --jars /opt/jobs/lib/deps.jar,hdfs:///lib/common.jar"
                + " --conf spark.executor.uri=http://repo/spark-3.1.3-bin-hadoop3.2.tgz"
                + " file:///opt/jobs/etl.jar";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        assertThat(script).contains("  local:///opt/jobs/etl.jar\n").doesNotContain("spark.executor.uri")
                .doesNotContain("spark-3.1.3-bin-hadoop3.2.tgz");
        assertThat(warnings.all()).extracting(Warning::place)
                .containsExactlyInAnyOrder("--conf spark.executor.uri", "file:///opt/jobs/etl.jar", "--jars", "spark.cores.max");
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("file:///opt/jobs/etl.jar")).singleElement()
                .extracting(Warning::message).asString().contains("spark.kubernetes.file.upload.path");
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("--jars")).singleElement()
                .extracting(Warning::message).asString().contains("/opt/jobs/lib/deps.jar").doesNotContain("common.jar");
    }

    @Test
    void clientModeNeedsADriverAddressThePodsReach() {
        String unreachable = "spark-submit --master mesos://m:5050 --class A s3a://jobs/a.jar";
        SparkSubmitTranslator.translate(new Source("--line", unreachable), options, warnings);
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("--deploy-mode client")).singleElement()
                .extracting(Warning::message).asString().contains("spark.driver.host").contains("spark.driver.port");

        Warnings reachable = new Warnings();
        String script = SparkSubmitTranslator.translate(new Source("--line", unreachable.replace("--class A",
                "--class A --conf spark.driver.host=driver.jobs.svc")), options, reachable).script();
        assertThat(reachable.all()).extracting(Warning::place).doesNotContain("--deploy-mode client");
        assertThat(script).contains("# spark.driver.host=driver.jobs.svc kept (client mode)");
    }

    @Test
    void mesosSecretsBecomeKubernetesSecretReferences() {
        String line = "spark-submit --master mesos://dispatcher:7077 --deploy-mode cluster"
                + " --conf spark.mesos.driver.secret.names=/spark/db-password"
                + " --conf spark.mesos.driver.secret.envkeys=DB_PASSWORD"
                + " --conf spark.mesos.executor.secret.names=spark/kafka_keytab"
                + " --conf spark.mesos.executor.secret.filenames=kafka-client.keytab"
                + " --conf spark.mesos.executor.secret.values=guessme"
                + " s3a://jobs/stream.jar";
        String script = SparkSubmitTranslator.translate(new Source("--line", line), options, warnings).script();
        String command = script.substring(script.indexOf("\nspark-submit"));
        assertThat(command).contains("--conf spark.kubernetes.driver.secretKeyRef.DB_PASSWORD=spark-db-password:value \\")
                .contains("--conf spark.kubernetes.executor.secrets.spark-kafka-keytab=/mnt/secrets/spark-kafka-keytab \\")
                .doesNotContain("spark.mesos.").doesNotContain("guessme");
        assertThat(warnings.all()).extracting(Warning::place).contains("--conf spark.mesos.driver.secret.names",
                "--conf spark.mesos.executor.secret.names", "--conf spark.mesos.executor.secret.filenames",
                "--conf spark.mesos.executor.secret.values");
        assertThat(warnings.all()).extracting(Warning::message).anyMatch(m -> m.contains("create the Kubernetes Secret"
                + " spark-kafka-keytab with the key kafka-client.keytab holding the Mesos secret spark/kafka_keytab"));
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
