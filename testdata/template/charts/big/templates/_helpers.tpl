{{- define "big.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "big.labels" -}}
{{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" .) -}}
{{- end -}}
