{{- define "libroot.x" }}x{{ end }}
