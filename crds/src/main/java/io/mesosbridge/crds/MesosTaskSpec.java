package io.mesosbridge.crds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/** The launch as the framework asked for it: the TaskInfo in Mesos JSON, and where it runs. */
public class MesosTaskSpec {
    private String frameworkId;
    private String taskId;
    private String agentId;
    private String nodeName;
    private String role;
    @PreserveUnknownFields
    private JsonNode taskInfo;
    /** Set by a KILL (or a teardown): the Pod is deleted with {@link #killGracePeriodSeconds}. */
    private Boolean killRequested;
    private Long killGracePeriodSeconds;

    public String getFrameworkId() { return frameworkId; }
    public void setFrameworkId(String frameworkId) { this.frameworkId = frameworkId; }
    public String getTaskId() { return taskId; }
    public void setTaskId(String taskId) { this.taskId = taskId; }
    public String getAgentId() { return agentId; }
    public void setAgentId(String agentId) { this.agentId = agentId; }
    public String getNodeName() { return nodeName; }
    public void setNodeName(String nodeName) { this.nodeName = nodeName; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public JsonNode getTaskInfo() { return taskInfo; }
    public void setTaskInfo(JsonNode taskInfo) { this.taskInfo = taskInfo; }
    public Boolean getKillRequested() { return killRequested; }
    public void setKillRequested(Boolean killRequested) { this.killRequested = killRequested; }
    public Long getKillGracePeriodSeconds() { return killGracePeriodSeconds; }
    public void setKillGracePeriodSeconds(Long killGracePeriodSeconds) { this.killGracePeriodSeconds = killGracePeriodSeconds; }
}
