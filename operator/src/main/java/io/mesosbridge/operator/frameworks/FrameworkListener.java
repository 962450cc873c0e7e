package io.mesosbridge.operator.frameworks;

/** Hears frameworks registering, changing (info, connection) and being removed. Must be quick. */
public interface FrameworkListener {

    /** A framework registered, re-subscribed, was updated, connected or disconnected. */
    void frameworkChanged(Framework framework);

    void frameworkRemoved(Framework framework);
}
