{{/* Helpers included with the template's own context.  Those that read
     .Template (or let the whole context escape) give each template its
     own text; the others give every template of a chart the same. */}}
{{- define "x.plain" -}}{{ .Chart.Name }}-{{ .Release.Name }}-{{ .Values.greeting | default .Values.word }}{{- end -}}
{{- define "x.direct" -}}{{ .Template.Name }}{{- end -}}
{{- define "x.dollar" -}}{{ with .Values }}{{ $.Template.BasePath }}{{ end }}{{- end -}}
{{- define "x.index" -}}{{ (index . "Template").Name }}{{- end -}}
{{- define "x.get" -}}{{ (get . "Template").Name }}{{- end -}}
{{- define "x.holdidx" -}}{{ $h := dict "c" . }}{{ index $h "c" "Template" "Name" }}{{- end -}}
{{- define "x.holdone" -}}{{ $h := dict "c" . }}{{ (index $h "c").Template.Name }}{{- end -}}
{{- define "x.holdget" -}}{{ $h := dict "c" . }}{{ (get $h "c").Template.Name }}{{- end -}}
{{- define "x.holdsafe" -}}{{ $h := dict "c" . "n" 1 }}{{ if hasKey $h "c" }}{{ (get $h "c").Chart.Name }}{{ end }}{{- end -}}
{{- define "x.holdnest" -}}{{ $h := dict "o" (dict "c" .) }}{{ ((index $h "o").c).Template.Name }}{{- end -}}
{{- define "x.holdyaml" -}}{{ dict "c" . | toJson | len }}{{- end -}}
{{- define "x.toyaml" -}}{{ toYaml .Template | sha256sum | trunc 8 }}{{- end -}}
{{- define "x.pick" -}}{{ pick . "Template" | toJson }}{{- end -}}
{{- define "x.tpl" -}}{{ tpl "{{ .Template.Name }}" . }}{{- end -}}
{{- define "x.tplsafe" -}}{{ tpl "{{ .Chart.Name }}" . }}{{- end -}}
{{- define "x.range" -}}{{ range $k, $v := . }}{{ if eq $k "Template" }}{{ $v.Name }}{{ end }}{{ end }}{{- end -}}
{{- define "x.sub" -}}{{ with .Subcharts }}{{ with .sub }}{{ with .Template }}{{ .Name }}{{ else }}none{{ end }}{{ end }}{{ end }}{{- end -}}
{{- define "x.subsafe" -}}{{ with .Subcharts }}{{ with .sub }}{{ .Values.word }}{{ end }}{{ end }}{{- end -}}
{{- define "x.var" -}}{{ $x := . }}{{ $x.Template.Name }}{{- end -}}
{{- define "x.list" -}}{{ (index (list .) 0).Template.Name }}{{- end -}}
{{- define "x.first" -}}{{ $l := list . }}{{ (first $l).Template.Name }}{{- end -}}
{{- define "x.reads" -}}{{ .Template.Name }}{{- end -}}
{{- define "x.outer" -}}[{{ include "x.reads" . }}]{{- end -}}
{{- define "x.action" -}}{{ template "x.reads" . }}{{- end -}}
{{- define "x.dyn" -}}{{ include (printf "x.%s" "reads") . }}{{- end -}}
{{- define "x.nested" -}}{{ include "x.holdsafe" . }}/{{ include "x.plain" $ }}{{- end -}}
{{- define "x.with" -}}{{ with .Template }}{{ .BasePath }}{{ end }}{{- end -}}
{{- define "x.keys" -}}{{ keys . | sortAlpha | join "," }}{{- end -}}
{{- define "x.ternary" -}}{{ (ternary . .Values true).Template.Name }}{{- end -}}
{{- define "x.default" -}}{{ (default . .Values.none).Template.Name }}{{- end -}}
{{- define "x.all" -}}
plain: {{ include "x.plain" . | quote }}
direct: {{ include "x.direct" . | quote }}
dollar: {{ include "x.dollar" . | quote }}
index: {{ include "x.index" . | quote }}
get: {{ include "x.get" . | quote }}
holdidx: {{ include "x.holdidx" . | quote }}
holdone: {{ include "x.holdone" . | quote }}
holdget: {{ include "x.holdget" . | quote }}
holdsafe: {{ include "x.holdsafe" . | quote }}
holdnest: {{ include "x.holdnest" . | quote }}
holdyaml: {{ include "x.holdyaml" . | quote }}
toyaml: {{ include "x.toyaml" . | quote }}
pick: {{ include "x.pick" . | quote }}
tpl: {{ include "x.tpl" . | quote }}
tplsafe: {{ include "x.tplsafe" . | quote }}
range: {{ include "x.range" . | quote }}
sub: {{ include "x.sub" . | quote }}
subsafe: {{ include "x.subsafe" . | quote }}
var: {{ include "x.var" . | quote }}
list: {{ include "x.list" . | quote }}
first: {{ include "x.first" . | quote }}
reads: {{ include "x.reads" . | quote }}
outer: {{ include "x.outer" . | quote }}
action: {{ include "x.action" . | quote }}
dyn: {{ include "x.dyn" . | quote }}
nested: {{ include "x.nested" . | quote }}
with: {{ include "x.with" . | quote }}
keys: {{ include "x.keys" . | quote }}
ternary: {{ include "x.ternary" . | quote }}
default: {{ include "x.default" . | quote }}
{{- end -}}
