package io.mesosbridge.crds;

/** Connection state of a framework: CONNECTED, DISCONNECTED (with its failover deadline) or REMOVED. */
public class MesosFrameworkStatus {
    private String state;
    private String registeredTime;
    private String disconnectedTime;
    private String failoverDeadline;

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getRegisteredTime() { return registeredTime; }
    public void setRegisteredTime(String registeredTime) { this.registeredTime = registeredTime; }
    public String getDisconnectedTime() { return disconnectedTime; }
    public void setDisconnectedTime(String disconnectedTime) { this.disconnectedTime = disconnectedTime; }
    public String getFailoverDeadline() { return failoverDeadline; }
    public void setFailoverDeadline(String failoverDeadline) { this.failoverDeadline = failoverDeadline; }
}
