{{- define "memo.show" -}}{{ .x }}{{- end -}}
{{- define "memo.values" -}}{{ .Values.x }}{{- end -}}
{{- define "memo.rand" -}}{{ randAlphaNum 24 }}{{- end -}}
{{- define "memo.uuid" -}}{{ uuidv4 }}{{- end -}}
{{- define "memo.list" -}}{{ join "," . }}{{- end -}}
{{- define "memo.bump" -}}{{ $_ := set . "n" (add1 (.n | default 0)) }}{{ .n }}{{- end -}}
{{- define "memo.bumpValues" -}}{{ $_ := set .Values "n" (add1 (.Values.n | default 0)) }}{{ .Values.n }}{{- end -}}
{{- define "memo.name" -}}{{ .Chart.Name }}-{{ .Template.Name }}{{- end -}}
{{- define "memo.x" -}}outer{{- end -}}
{{- define "memo.inner" -}}{{ include "memo.x" . }}{{- end -}}
