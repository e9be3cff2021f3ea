{{ define "h" }}{{ .Values.inner | toJson }}{{ end }}
