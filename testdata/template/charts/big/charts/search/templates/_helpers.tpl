{{- define "search.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "search.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "search") -}}
{{- end -}}

{{- define "search.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "search") -}}
{{- end -}}

{{- define "search.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "search.configName" -}}
{{- printf "%s-config" (include "search.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "search.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "search.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
