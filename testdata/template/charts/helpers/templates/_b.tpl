{{- define "shared.who" }}from-parent-b{{ end }}
{{- define "shared.name" }}{{ .Chart.Name }}-{{ .Release.Name }}{{ end }}
