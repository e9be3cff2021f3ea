{{- define "functions.tplvalue" -}}
{{- if typeIs "string" .value }}
{{- tpl .value .context }}
{{- else }}
{{- tpl (.value | toYaml) .context }}
{{- end }}
{{- end -}}

{{- define "functions.loop" -}}
{{- include "functions.loop" . -}}
{{- end -}}
