package io.mesosbridge.operator.frameworks;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.config.TestConfig;
import io.mesosbridge.operator.store.FrameworkStore;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How many frameworks, and streams per principal, a client can make the master hold. */
class FrameworkRegistryCapacityTest {

    private static final BridgeConfig CONFIG = TestConfig.of(Map.of("namespace", "mesos", "maxCompletedFrameworks", 50,
            "maxFrameworks", 3, "maxSubscriptionsPerPrincipal", 2));
    /** Nothing here persists: the store is never reached. */
    private final FrameworkRegistry registry = new FrameworkRegistry(new FrameworkStore(null, CONFIG), CONFIG);

    @Test
    void aNewFrameworkBeyondTheCapIsRefusedWhileAKnownOneMaySubscribeAgain() {
        for (String id : new String[] {"f1", "f2", "f3"}) {
            registry.register(id, info("p-" + id));
        }

        assertThat(registry.capacityProblem("f4", info("p-f4")))
                .hasValue("Too many frameworks: this master holds at most 3 (mesos-bridge.max-frameworks)");
        assertThat(registry.capacityProblem("f2", info("p-f2"))).isEmpty();
    }

    @Test
    void streamsAreCountedPerPrincipalWithoutTheSubscribersOwn() {
        Framework first = registry.register("f1", info("alice"));
        first.connect(new OpenChannel());
        Framework second = registry.register("f2", info("alice"));
        second.connect(new OpenChannel());

        assertThat(registry.capacityProblem("f3", info("alice"))).hasValue("Too many subscriptions for principal"
                + " 'alice': at most 2 (mesos-bridge.max-subscriptions-per-principal)");
        assertThat(registry.capacityProblem("f1", info("alice"))).as("a failover replaces its own stream").isEmpty();
        assertThat(registry.capacityProblem("f3", info("bob"))).isEmpty();
    }

    @Test
    void aDiscardedFrameworkLeavesNoTrace() {
        Framework framework = registry.register("f1", info("alice"));
        registry.discard(framework);

        assertThat(registry.get("f1")).isEmpty();
        assertThat(registry.completed()).isEmpty();
    }

    private static FrameworkInfo info(String principal) {
        return FrameworkInfo.newBuilder().setUser("u").setName("n").setPrincipal(principal).build();
    }

    private static final class OpenChannel implements FrameworkChannel {
        @Override
        public boolean send(Event event) {
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public void fail(String message) {
        }

        @Override
        public int queuedEvents() {
            return 0;
        }

        @Override
        public boolean wantsHeartbeats() {
            return false;
        }

        @Override
        public Optional<String> pid() {
            return Optional.empty();
        }
    }
}
