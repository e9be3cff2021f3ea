{{- define "store.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "store.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "store") -}}
{{- end -}}

{{- define "store.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "store") -}}
{{- end -}}

{{- define "store.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "store.configName" -}}
{{- printf "%s-config" (include "store.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "store.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "store.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
