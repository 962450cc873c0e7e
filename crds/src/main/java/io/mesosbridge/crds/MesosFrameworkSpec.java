package io.mesosbridge.crds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

import java.util.List;

/** What the framework registered with: the FrameworkInfo in Mesos JSON, and the fields kubectl shows. */
public class MesosFrameworkSpec {
    private String frameworkId;
    private String name;
    private String user;
    private List<String> roles;
    private Double failoverTimeoutSeconds;
    @PreserveUnknownFields
    private JsonNode frameworkInfo;

    public String getFrameworkId() { return frameworkId; }
    public void setFrameworkId(String frameworkId) { this.frameworkId = frameworkId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public List<String> getRoles() { return roles; }
    public void setRoles(List<String> roles) { this.roles = roles; }
    public Double getFailoverTimeoutSeconds() { return failoverTimeoutSeconds; }
    public void setFailoverTimeoutSeconds(Double failoverTimeoutSeconds) { this.failoverTimeoutSeconds = failoverTimeoutSeconds; }
    public JsonNode getFrameworkInfo() { return frameworkInfo; }
    public void setFrameworkInfo(JsonNode frameworkInfo) { this.frameworkInfo = frameworkInfo; }
}
