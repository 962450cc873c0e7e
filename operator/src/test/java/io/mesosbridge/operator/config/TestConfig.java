package io.mesosbridge.operator.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A BridgeConfig for unit tests: the given settings by method name; any other setting read fails the test. */
public final class TestConfig {

    private TestConfig() {
    }

    public static BridgeConfig of(Map<String, Object> settings) {
        return (BridgeConfig) Proxy.newProxyInstance(BridgeConfig.class.getClassLoader(),
                new Class<?>[] {BridgeConfig.class}, (proxy, method, args) -> {
                    if (!settings.containsKey(method.getName())) {
                        throw new AssertionError("the test set no " + method.getName());
                    }
                    return settings.get(method.getName());
                });
    }
}
