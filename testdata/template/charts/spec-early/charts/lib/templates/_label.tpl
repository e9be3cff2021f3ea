{{- define "lib.label" -}}{{ .Chart.Name }}-{{ .Template.Name }}{{- end -}}
