{{- define "worker.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "worker.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "worker") -}}
{{- end -}}

{{- define "worker.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "worker") -}}
{{- end -}}

{{- define "worker.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "worker.configName" -}}
{{- printf "%s-config" (include "worker.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "worker.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "worker.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
