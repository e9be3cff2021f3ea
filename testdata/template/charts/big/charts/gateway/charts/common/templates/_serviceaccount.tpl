{{- define "common.serviceAccount.name" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "common.compatibility.isOpenshift" -}}
{{- if .Capabilities.APIVersions.Has "security.openshift.io/v1" -}}
{{- true -}}
{{- end -}}
{{- end -}}

{{- define "common.compatibility.renderSecurityContext" -}}
{{- $adaptedContext := .secContext -}}
{{- if (((.context.Values.global).compatibility).openshift) -}}
  {{- if or (eq .context.Values.global.compatibility.openshift.adaptSecurityContext "force") (and (eq .context.Values.global.compatibility.openshift.adaptSecurityContext "auto") (include "common.compatibility.isOpenshift" .context)) -}}
    {{- $adaptedContext = omit $adaptedContext "fsGroup" "runAsUser" "runAsGroup" -}}
    {{- if not .secContext.seLinuxOptions -}}
    {{- $adaptedContext = omit $adaptedContext "seLinuxOptions" -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $adaptedContext = omit $adaptedContext "enabled" -}}
{{- omit $adaptedContext "enabled" | toYaml -}}
{{- end -}}

{{- define "common.errors.upgrade.passwords.empty" -}}
  {{- $validationErrors := join "" .validationErrors -}}
  {{- if and $validationErrors .context.Release.IsUpgrade -}}
    {{- $errorString := "\nPASSWORDS ERROR: You must provide your current passwords when upgrading the release." -}}
    {{- $errorString = print $errorString "\n%s" -}}
    {{- printf $errorString $validationErrors | fail -}}
  {{- end -}}
{{- end -}}

{{- define "common.errors.insecureImages" -}}
{{- $relocatedImages := list -}}
{{- range .images -}}
  {{- if not (hasPrefix "registry.example.com" (printf "%s" .registry)) -}}
    {{- $relocatedImages = append $relocatedImages (printf "%s/%s" .registry .repository) -}}
  {{- end -}}
{{- end -}}
{{- if and $relocatedImages (not ((.context.Values.global).security).allowInsecureImages) -}}
{{- printf "\n\nERROR: unrecognized images: %s" (join ", " $relocatedImages) | fail -}}
{{- end -}}
{{- end -}}
