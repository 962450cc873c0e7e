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
