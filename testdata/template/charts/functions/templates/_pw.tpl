{{- define "functions.needpw" -}}
{{ required "password needed (from a helper)" .Values.database.password }}
{{- end -}}
