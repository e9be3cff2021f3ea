{{- define "shared.who" }}from-sub{{ end }}
{{- define "only.sub" }}sub-only {{ .Chart.Name }}{{ end }}
{{- define "deeper.who" }}from-sub-deeper{{ end }}
