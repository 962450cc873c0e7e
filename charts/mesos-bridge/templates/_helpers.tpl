{{- define "mesos-bridge.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mesos-bridge.labels" -}}
app.kubernetes.io/name: mesos-bridge
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "mesos-bridge.credentialsSecret" -}}
{{- .Values.authentication.existingSecret | default (printf "%s-credentials" (include "mesos-bridge.name" .)) -}}
{{- end -}}

{{/* roleNamespaces.table as the operator's role=namespace,... setting */}}
{{- define "mesos-bridge.roleNamespaceTable" -}}
{{- $entries := list -}}
{{- range $role, $namespace := .Values.roleNamespaces.table -}}
{{- $entries = append $entries (printf "%s=%s" $role $namespace) -}}
{{- end -}}
{{- join "," $entries -}}
{{- end }}
