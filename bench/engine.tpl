{{- $g := .Values.global }}
{{- $count := "" }}
{{- range $pass := 5 }}
{{- range $i, $s := $.Values.services }}
{{- if and $s.enabled $g.enabled }}
{{- $count = print $count "." }}
svc {{ $i }} {{ $s.name }}.{{ $g.domain }} replicas={{ $s.replicas }}
{{- range $k, $v := $s.labels }} {{ $k }}={{ $v }}{{ end }}
{{- range $s.ports }} {{ .name }}:{{ .port }}{{ if eq .name "p0" }}*{{ else if eq .name "p1" }}+{{ end }}{{ end }}
{{- range $k, $v := $s.env }}{{ if ne $k "E1" }} {{ $k }}={{ $v }}{{ else }}{{ continue }}{{ end }}{{ end }}
{{- with $s.labels }} first={{ .l0 }}{{ end }}
{{- end }}
{{- end }}
{{- end }}
total {{ len $count }}
