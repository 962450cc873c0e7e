package io.mesosbridge.operator.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Helm chart configures the operator through environment variables: each must name a real setting. */
class ChartSettingsTest {

    private static final Path DEPLOYMENT = Path.of("../charts/mesos-bridge/templates/deployment.yaml");

    @Test
    void everyMesosBridgeVariableTheChartSetsIsASettingOfTheOperator() throws Exception {
        Matcher names = Pattern.compile("- name: (MESOS_BRIDGE_\\w+)").matcher(Files.readString(DEPLOYMENT));
        Set<String> chartVariables = names.results().map(match -> match.group(1)).collect(Collectors.toSet());

        assertThat(chartVariables).contains("MESOS_BRIDGE_NAMESPACE", "MESOS_BRIDGE_ZK");
        assertThat(settingsAsEnvironmentVariables()).containsAll(chartVariables);
    }

    /** mesos-bridge.advertised-host is read from MESOS_BRIDGE_ADVERTISED_HOST, as MicroProfile Config maps names. */
    private static Set<String> settingsAsEnvironmentVariables() {
        String prefix = BridgeConfig.class.getAnnotation(io.smallrye.config.ConfigMapping.class).prefix();
        return Arrays.stream(BridgeConfig.class.getDeclaredMethods())
                .map(Method::getName)
                .map(name -> prefix + "." + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase())
                .map(property -> property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase())
                .collect(Collectors.toSet());
    }
}
