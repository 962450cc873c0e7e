package io.mesosbridge.crds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

import java.util.List;

/** The launch as the framework asked for it: the TaskInfo in Mesos JSON, and where it runs. */
public class MesosTaskSpec {
    private String frameworkId;
    private String taskId;
    private String agentId;
    private String nodeName;
    private String role;
    @PreserveUnknownFields
    private JsonNode taskInfo;
    /**
     * Of a task launched in a task group (LAUNCH_GROUP): the group's ExecutorInfo in Mesos JSON, the ids of all the
     * group's tasks in launch order, the Pod they share and this task's container in it. Unset for a lone task,
     * whose Pod has the MesosTask's name.
     */
    @PreserveUnknownFields
    private JsonNode executorInfo;
    private List<String> groupTaskIds;
    private String podName;
    private String containerName;
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
    public JsonNode getExecutorInfo() { return executorInfo; }
    public void setExecutorInfo(JsonNode executorInfo) { this.executorInfo = executorInfo; }
    public List<String> getGroupTaskIds() { return groupTaskIds; }
    public void setGroupTaskIds(List<String> groupTaskIds) { this.groupTaskIds = groupTaskIds; }
    public String getPodName() { return podName; }
    public void setPodName(String podName) { this.podName = podName; }
    public String getContainerName() { return containerName; }
    public void setContainerName(String containerName) { this.containerName = containerName; }
    public Boolean getKillRequested() { return killRequested; }
    public void setKillRequested(Boolean killRequested) { this.killRequested = killRequested; }
    public Long getKillGracePeriodSeconds() { return killGracePeriodSeconds; }
    public void setKillGracePeriodSeconds(Long killGracePeriodSeconds) { this.killGracePeriodSeconds = killGracePeriodSeconds; }
}
