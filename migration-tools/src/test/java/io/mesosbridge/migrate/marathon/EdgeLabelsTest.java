package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** marathon-lb virtual hosts and VIP labels on pod endpoints. */
class EdgeLabelsTest {

    private static final String SHOP = """
            {"id": "/shop/web", "cmd": "./serve --http $PORT0 --admin $PORT1", "instances": 3,
             "container": {"type": "DOCKER", "docker": {"image": "example/shop-web:5"}},
             "portDefinitions": [{"port": 10101, "name": "http"}, {"port": 10102, "name": "admin"}],
             "labels": {"HAPROXY_GROUP": "external", "HAPROXY_0_VHOST": "shop.example.com,www.shop.example.com",
                        "HAPROXY_1_VHOST": "admin.shop.example.com", "HAPROXY_1_PATH": "/admin",
                        "HAPROXY_0_REDIRECT_TO_HTTPS": "true"}}""";

    @Test
    void vhostsBecomeAnIngressToTheServicePortOfTheirIndex() {
        Corpus.Conversion conversion = Corpus.convertText(SHOP);
        Ingress ingress = conversion.result().all().stream().filter(r -> r instanceof Ingress).map(r -> (Ingress) r)
                .findFirst().orElseThrow();
        assertThat(ingress.getMetadata().getName()).isEqualTo("shop-web");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("shop.example.com", "www.shop.example.com", "admin.shop.example.com");
        var admin = ingress.getSpec().getRules().get(2).getHttp().getPaths().get(0);
        assertThat(admin.getPath()).isEqualTo("/admin");
        assertThat(admin.getBackend().getService().getName()).isEqualTo("shop-web");
        assertThat(admin.getBackend().getService().getPort().getNumber()).isEqualTo(10102);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getNumber()).isEqualTo(10101);
        // The redirect and the group are marathon-lb's own settings: still warned.
        assertThat(conversion.warnings().all()).extracting(Warning::message)
                .anyMatch(m -> m.startsWith("HAPROXY_* labels configured marathon-lb"))
                .anyMatch(m -> m.startsWith("HAPROXY_n_VHOST became Ingress shop-web"));
    }

    @Test
    void aVhostForAPortTheAppDoesNotHaveIsWarned() {
        Corpus.Conversion conversion = Corpus.convertText(SHOP.replace("\"HAPROXY_1_VHOST\"", "\"HAPROXY_4_VHOST\""));
        assertThat(conversion.warnings().all()).extracting(Warning::message)
                .anyMatch(m -> m.startsWith("HAPROXY_4_VHOST names service port 4, which the app does not have"));
    }

    @Test
    void vipAndOtherLabelsOfPodEndpointsAreWarned() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/shop/cart", "scaling": {"kind": "fixed", "instances": 2},
                 "networks": [{"mode": "container", "name": "dcos"}],
                 "containers": [{"name": "cart", "resources": {"cpus": 0.5, "mem": 256},
                   "image": {"kind": "DOCKER", "id": "example/cart:2"},
                   "endpoints": [{"name": "http", "containerPort": 8080,
                                  "labels": {"VIP_0": "/shop/cart:80", "firewall": "open"}}]}]}""");
        assertThat(conversion.warnings().all()).filteredOn(w -> w.place().contains(".endpoints[0].labels"))
                .extracting(w -> w.place() + ": " + w.message()).containsExactlyInAnyOrder(
                        "$.containers[0].endpoints[0].labels.VIP_0: VIP /shop/cart:80 is not carried over: clients"
                                + " should use the Service's DNS name and port instead",
                        "$.containers[0].endpoints[0].labels.firewall: endpoint label firewall has no Kubernetes"
                                + " equivalent; not carried over");
    }
}
