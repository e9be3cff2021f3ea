{{- define "deeper.who" }}from-templates-dir{{ end }}
