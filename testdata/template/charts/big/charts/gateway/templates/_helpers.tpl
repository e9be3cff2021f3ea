{{- define "gateway.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "gateway.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "gateway") -}}
{{- end -}}

{{- define "gateway.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "gateway") -}}
{{- end -}}

{{- define "gateway.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "gateway.configName" -}}
{{- printf "%s-config" (include "gateway.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gateway.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "gateway.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
