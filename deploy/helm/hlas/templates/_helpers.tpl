{{/* The release's base name, at most 63 characters. */}}
{{- define "hlas.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "hlas.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "hlas.labels" -}}
{{ include "hlas.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Whether the pods get a Redis URL, and from which Secret. */}}
{{- define "hlas.redisSecret" -}}
{{- if .Values.cache.redis.existingSecret -}}
{{ .Values.cache.redis.existingSecret }}
{{- else if or .Values.cache.redis.url .Values.redis.enabled -}}
{{ include "hlas.fullname" . }}
{{- end -}}
{{- end -}}

{{- define "hlas.keysSecret" -}}
{{- if .Values.keys.existingSecret -}}
{{ .Values.keys.existingSecret }}
{{- else if or .Values.keys.apiKeys .Values.keys.adminKeys -}}
{{ include "hlas.fullname" . }}
{{- end -}}
{{- end -}}

{{- define "hlas.voicesClaim" -}}
{{- if .Values.voices.persistence.existingClaim -}}
{{ .Values.voices.persistence.existingClaim }}
{{- else -}}
{{ include "hlas.fullname" . }}-voices
{{- end -}}
{{- end -}}

{{/* The Hlas pods (the chart's Redis pods share the base labels, with another component). */}}
{{- define "hlas.serverSelectorLabels" -}}
{{ include "hlas.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end -}}
