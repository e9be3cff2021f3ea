{{- define "scheduler.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "scheduler.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "scheduler") -}}
{{- end -}}

{{- define "scheduler.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "scheduler") -}}
{{- end -}}

{{- define "scheduler.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "scheduler.configName" -}}
{{- printf "%s-config" (include "scheduler.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "scheduler.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "scheduler.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
