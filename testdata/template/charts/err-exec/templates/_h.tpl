{{- define "err-exec.inner" -}}
{{ .Values.config.nested.key }}
{{- end -}}
