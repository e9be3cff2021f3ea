{{- define "shared.who" }}from-parent-a{{ end }}
{{- define "only.parent" }}parent-only{{ end }}
