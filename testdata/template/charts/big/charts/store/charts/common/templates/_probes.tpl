{{- define "common.probes.http" -}}
httpGet:
  path: {{ .path | default "/healthz" }}
  port: {{ .port }}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
successThreshold: {{ .probe.successThreshold }}
{{- end -}}

{{- define "common.probes.tcp" -}}
tcpSocket:
  port: {{ .port }}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
{{- end -}}

{{- define "common.probes.render" -}}
{{- if .probe.enabled -}}
{{- if eq (.probe.type | default "http") "tcp" -}}
{{ include "common.probes.tcp" . }}
{{- else -}}
{{ include "common.probes.http" . }}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.env.fromConfig" -}}
{{- range $k := keys .config | sortAlpha }}
- name: {{ printf "%s_%s" ($.prefix | upper) ($k | snakecase | upper) }}
  value: {{ index $.config $k | toString | quote }}
{{- end }}
{{- end -}}

{{- define "common.volumes.emptyDirs" -}}
{{- range . }}
- name: {{ . }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{- define "common.volumeMounts.emptyDirs" -}}
{{- range . }}
- name: {{ . }}
  mountPath: {{ printf "/%s" (. | replace "-" "/") }}
{{- end }}
{{- end -}}

{{- define "common.checksum" -}}
{{- toYaml . | sha256sum | trunc 16 -}}
{{- end -}}

{{- define "common.podSecurityContext" -}}
{{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.podSecurityContext "context" $) -}}
{{- end -}}

{{- define "common.containerSecurityContext" -}}
{{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.containerSecurityContext "context" $) -}}
{{- end -}}

{{- define "common.tolerations" -}}
{{- with .Values.tolerations }}
tolerations: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "common.nodeSelector" -}}
{{- with .Values.nodeSelector }}
nodeSelector: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "common.affinity" -}}
{{- if .Values.affinity }}
affinity: {{- include "common.tplvalues.render" (dict "value" .Values.affinity "context" $) | nindent 2 }}
{{- else }}
affinity:
  podAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAffinityPreset "customLabels" .Values.podLabels "context" $) | nindent 4 }}
  podAntiAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAntiAffinityPreset "customLabels" .Values.podLabels "context" $) | nindent 4 }}
  nodeAffinity: {{- include "common.affinities.nodes" (dict "type" .Values.nodeAffinityPreset.type "key" .Values.nodeAffinityPreset.key "values" .Values.nodeAffinityPreset.values) | nindent 4 }}
{{- end }}
{{- end -}}
