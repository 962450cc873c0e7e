package io.mesosbridge.crds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable side of a task: its latest Mesos state, the Pod that runs it, and the status updates not yet
 * acknowledged by the framework (persisted before they are sent, so a restart resends them).
 */
public class MesosTaskStatus {
    private String state;
    private String podName;
    private String reason;
    private String message;
    private List<StatusUpdateRecord> history = new ArrayList<>();
    private List<StatusUpdateRecord> pendingUpdates = new ArrayList<>();

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getPodName() { return podName; }
    public void setPodName(String podName) { this.podName = podName; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public List<StatusUpdateRecord> getHistory() { return history; }
    public void setHistory(List<StatusUpdateRecord> history) { this.history = history; }
    public List<StatusUpdateRecord> getPendingUpdates() { return pendingUpdates; }
    public void setPendingUpdates(List<StatusUpdateRecord> pendingUpdates) { this.pendingUpdates = pendingUpdates; }

    /** One task status update: its state, reason, message and uuid, and the full TaskStatus in Mesos JSON. */
    public static class StatusUpdateRecord {
        private String state;
        private String reason;
        private String message;
        private String uuid;
        private String timestamp;
        @PreserveUnknownFields
        private JsonNode taskStatus;

        public String getState() { return state; }
        public void setState(String state) { this.state = state; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
        public String getMessage() { return message; }
        public void setMessage(String message) { this.message = message; }
        public String getUuid() { return uuid; }
        public void setUuid(String uuid) { this.uuid = uuid; }
        public String getTimestamp() { return timestamp; }
        public void setTimestamp(String timestamp) { this.timestamp = timestamp; }
        public JsonNode getTaskStatus() { return taskStatus; }
        public void setTaskStatus(JsonNode taskStatus) { this.taskStatus = taskStatus; }
    }
}
