#!/usr/bin/env python3
"""make-big-chart.py - generate testdata/template/charts/big deterministically.

    python3 testdata/template/make-big-chart.py

A large umbrella chart modelled on bitnami-style community charts: a shared
library subchart ("common", type: library) with 60+ defines, eight component
subcharts (one of them shipped as a .tgz, two reached through aliases) with
~25 templates each, the umbrella's own templates, and a values.yaml of
1500+ lines.  Nothing in it depends on time or randomness, so helm renders it
identically every run; it is also the benchmark input for `chartc template`.
"""
import io, os, shutil, tarfile, gzip

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "charts", "big")
MTIME = 1704067200

COMPONENTS = [
    # name, port, kind of workload, has ingress, has persistence
    ("api", 8080, "Deployment", True, False),
    ("web", 3000, "Deployment", True, False),
    ("worker", 9000, "Deployment", False, False),
    ("scheduler", 9100, "Deployment", False, False),
    ("gateway", 8443, "DaemonSet", True, False),
    ("search", 9200, "StatefulSet", False, True),
    ("notifier", 7000, "Deployment", False, False),
    ("store", 5432, "StatefulSet", False, True),
]
ARCHIVED = "notifier"          # packaged as charts/notifier-1.0.0.tgz
ALIASES = {"store": ["primary-store", "replica-store"]}   # one chart, two aliases


def w(path, text):
    path = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# --------------------------------------------------------------------------
# the library chart: 60+ defines in a handful of partials

COMMON = {}

COMMON["_names.tpl"] = r'''{{/* vim: set filetype=mustache: */}}
{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.names.dependency.fullname" -}}
{{- if .chartValues.fullnameOverride -}}
{{- .chartValues.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .chartName .chartValues.nameOverride -}}
{{- if contains $name .context.Release.Name -}}
{{- .context.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .context.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.fullname.namespace" -}}
{{- printf "%s-%s" (include "common.names.fullname" .) (include "common.names.namespace" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.component" -}}
{{- printf "%s-%s" (include "common.names.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
'''

COMMON["_labels.tpl"] = r'''{{- define "common.labels.standard" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{- $default := dict "app.kubernetes.io/name" (include "common.names.name" .context) "helm.sh/chart" (include "common.names.chart" .context) "app.kubernetes.io/instance" .context.Release.Name "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- with .context.Chart.AppVersion -}}
{{- $_ := set $default "app.kubernetes.io/version" . -}}
{{- end -}}
{{ template "common.tplvalues.merge" (dict "values" (list .customLabels $default) "context" .context) }}
{{- else -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
helm.sh/chart: {{ include "common.names.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.labels.matchLabels" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{ merge (pick (include "common.tplvalues.render" (dict "value" .customLabels "context" .context) | fromYaml) "app.kubernetes.io/name" "app.kubernetes.io/instance") (dict "app.kubernetes.io/name" (include "common.names.name" .context) "app.kubernetes.io/instance" .context.Release.Name ) | toYaml }}
{{- else -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- end -}}

{{- define "common.labels.component" -}}
{{ include "common.labels.standard" (dict "customLabels" .customLabels "context" .context) }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "common.labels.componentMatch" -}}
{{ include "common.labels.matchLabels" (dict "customLabels" .customLabels "context" .context) }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "common.annotations.standard" -}}
{{- $ann := merge (dict) (.annotations | default dict) (.context.Values.commonAnnotations | default dict) -}}
{{- if $ann }}
{{- include "common.tplvalues.render" (dict "value" $ann "context" .context) }}
{{- end -}}
{{- end -}}
'''

COMMON["_tplvalues.tpl"] = r'''{{- define "common.tplvalues.render" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}
{{- if contains "{{" (toJson .value) }}
  {{- if .scope }}
      {{- tpl (cat "{{- with $.RelativeScope -}}" $value "{{- end }}") (merge (dict "RelativeScope" .scope) .context) }}
  {{- else }}
    {{- tpl $value .context }}
  {{- end }}
{{- else }}
    {{- $value }}
{{- end }}
{{- end -}}

{{- define "common.tplvalues.merge" -}}
{{- $dst := dict -}}
{{- range .values -}}
{{- $dst = include "common.tplvalues.render" (dict "value" . "context" $.context "scope" $.scope) | fromYaml | merge $dst -}}
{{- end -}}
{{ $dst | toYaml }}
{{- end -}}

{{- define "common.tplvalues.mergeOverwrite" -}}
{{- $dst := dict -}}
{{- range .values -}}
{{- $dst = include "common.tplvalues.render" (dict "value" . "context" $.context "scope" $.scope) | fromYaml | mergeOverwrite $dst -}}
{{- end -}}
{{ $dst | toYaml }}
{{- end -}}
'''

COMMON["_images.tpl"] = r'''{{- define "common.images.image" -}}
{{- $registryName := default .imageRoot.registry ((.global).imageRegistry) -}}
{{- $repositoryName := .imageRoot.repository -}}
{{- $separator := ":" -}}
{{- $termination := .imageRoot.tag | toString -}}
{{- if not .imageRoot.tag }}
  {{- if .chart }}
    {{- $termination = .chart.AppVersion | toString -}}
  {{- end -}}
{{- end -}}
{{- if .imageRoot.digest }}
    {{- $separator = "@" -}}
    {{- $termination = .imageRoot.digest | toString -}}
{{- end -}}
{{- if $registryName }}
    {{- printf "%s/%s%s%s" $registryName $repositoryName $separator $termination -}}
{{- else -}}
    {{- printf "%s%s%s"  $repositoryName $separator $termination -}}
{{- end -}}
{{- end -}}

{{- define "common.images.pullSecrets" -}}
  {{- $pullSecrets := list }}
  {{- range ((.global).imagePullSecrets) -}}
    {{- if kindIs "map" . -}}
      {{- $pullSecrets = append $pullSecrets .name -}}
    {{- else -}}
      {{- $pullSecrets = append $pullSecrets . -}}
    {{- end }}
  {{- end -}}
  {{- range .images -}}
    {{- range .pullSecrets -}}
      {{- if kindIs "map" . -}}
        {{- $pullSecrets = append $pullSecrets .name -}}
      {{- else -}}
        {{- $pullSecrets = append $pullSecrets . -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- if (not (empty $pullSecrets)) }}
imagePullSecrets:
    {{- range $pullSecrets | uniq }}
  - name: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}

{{- define "common.images.renderPullSecrets" -}}
{{- include "common.images.pullSecrets" (dict "images" .images "global" .context.Values.global) -}}
{{- end -}}

{{- define "common.images.version" -}}
{{- $imageTag := .imageRoot.tag | toString -}}
{{- if regexMatch `^([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$` $imageTag -}}
    {{- $version := semver $imageTag -}}
    {{- printf "%d.%d.%d" $version.Major $version.Minor $version.Patch -}}
{{- else -}}
    {{- print .chart.AppVersion -}}
{{- end -}}
{{- end -}}
'''

COMMON["_capabilities.tpl"] = r'''{{- define "common.capabilities.kubeVersion" -}}
{{- default (default .Capabilities.KubeVersion.Version .Values.kubeVersion) ((.Values.global).kubeVersion) -}}
{{- end -}}

{{- define "common.capabilities.apiVersions.has" -}}
{{- $providedAPIVersions := default .context.Values.apiVersions ((.context.Values.global).apiVersions) -}}
{{- if and (empty $providedAPIVersions) (.context.Capabilities.APIVersions.Has .version) -}}
    {{- true -}}
{{- else if has .version $providedAPIVersions -}}
    {{- true -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.policy.apiVersion" -}}
{{- if semverCompare "<1.21-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "policy/v1beta1" -}}
{{- else -}}
{{- print "policy/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.cronjob.apiVersion" -}}
{{- if semverCompare "<1.21-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "batch/v1beta1" -}}
{{- else -}}
{{- print "batch/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.daemonset.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "extensions/v1beta1" -}}
{{- else -}}
{{- print "apps/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.deployment.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "extensions/v1beta1" -}}
{{- else -}}
{{- print "apps/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.statefulset.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "apps/v1beta1" -}}
{{- else -}}
{{- print "apps/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.ingress.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "extensions/v1beta1" -}}
{{- else if semverCompare "<1.19-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "networking.k8s.io/v1beta1" -}}
{{- else -}}
{{- print "networking.k8s.io/v1" -}}
{{- end }}
{{- end -}}

{{- define "common.capabilities.rbac.apiVersion" -}}
{{- if semverCompare "<1.17-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "rbac.authorization.k8s.io/v1beta1" -}}
{{- else -}}
{{- print "rbac.authorization.k8s.io/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.hpa.apiVersion" -}}
{{- if semverCompare "<1.23-0" (include "common.capabilities.kubeVersion" .context) -}}
{{- if .beta2 -}}
{{- print "autoscaling/v2beta2" -}}
{{- else -}}
{{- print "autoscaling/v2beta1" -}}
{{- end -}}
{{- else -}}
{{- print "autoscaling/v2" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.networkPolicy.apiVersion" -}}
{{- print "networking.k8s.io/v1" -}}
{{- end -}}

{{- define "common.capabilities.supportsHelmVersion" -}}
{{- if not (empty .Capabilities.HelmVersion) -}}
  {{- true -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.vpa.apiVersion" -}}
{{- if semverCompare "<1.23-0" (include "common.capabilities.kubeVersion" .context) -}}
{{- print "autoscaling/v1beta2" -}}
{{- else -}}
{{- print "autoscaling.k8s.io/v1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.psp.supported" -}}
{{- if semverCompare "<1.25-0" (include "common.capabilities.kubeVersion" .) -}}
  {{- true -}}
{{- end -}}
{{- end -}}
'''

COMMON["_affinities.tpl"] = r'''{{- define "common.affinities.nodes.soft" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - preference:
      matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
    weight: {{ default 1 .weight }}
{{- end -}}

{{- define "common.affinities.nodes.hard" -}}
requiredDuringSchedulingIgnoredDuringExecution:
  nodeSelectorTerms:
    - matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
{{- end -}}

{{- define "common.affinities.nodes" -}}
  {{- if eq .type "soft" }}
    {{- include "common.affinities.nodes.soft" . -}}
  {{- else if eq .type "hard" }}
    {{- include "common.affinities.nodes.hard" . -}}
  {{- end -}}
{{- end -}}

{{- define "common.affinities.topologyKey" -}}
{{ .topologyKey | default "kubernetes.io/hostname" -}}
{{- end -}}

{{- define "common.affinities.pods.soft" -}}
{{- $component := default "" .component -}}
{{- $customLabels := default (dict) .customLabels -}}
{{- $extraMatchLabels := default (dict) .extraMatchLabels -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - podAffinityTerm:
      labelSelector:
        matchLabels: {{- (include "common.labels.matchLabels" ( dict "customLabels" $customLabels "context" .context )) | nindent 10 }}
          {{- if not (empty $component) }}
          {{ printf "app.kubernetes.io/component: %s" $component }}
          {{- end }}
          {{- range $key, $value := $extraMatchLabels }}
          {{ $key }}: {{ $value | quote }}
          {{- end }}
      topologyKey: {{ include "common.affinities.topologyKey" (dict "topologyKey" .topologyKey) }}
    weight: {{ .weight | default 1 -}}
{{- end -}}

{{- define "common.affinities.pods.hard" -}}
{{- $component := default "" .component -}}
{{- $customLabels := default (dict) .customLabels -}}
requiredDuringSchedulingIgnoredDuringExecution:
  - labelSelector:
      matchLabels: {{- (include "common.labels.matchLabels" ( dict "customLabels" $customLabels "context" .context )) | nindent 8 }}
        {{- if not (empty $component) }}
        {{ printf "app.kubernetes.io/component: %s" $component }}
        {{- end }}
    topologyKey: {{ include "common.affinities.topologyKey" (dict "topologyKey" .topologyKey) }}
{{- end -}}

{{- define "common.affinities.pods" -}}
  {{- if eq .type "soft" }}
    {{- include "common.affinities.pods.soft" . -}}
  {{- else if eq .type "hard" }}
    {{- include "common.affinities.pods.hard" . -}}
  {{- end -}}
{{- end -}}
'''

COMMON["_resources.tpl"] = r'''{{- define "common.resources.preset" -}}
{{- $presets := dict
  "nano" (dict
      "requests" (dict "cpu" "100m" "memory" "128Mi" "ephemeral-storage" "50Mi")
      "limits" (dict "cpu" "150m" "memory" "192Mi" "ephemeral-storage" "2Gi")
   )
  "micro" (dict
      "requests" (dict "cpu" "250m" "memory" "256Mi" "ephemeral-storage" "50Mi")
      "limits" (dict "cpu" "375m" "memory" "384Mi" "ephemeral-storage" "2Gi")
   )
  "small" (dict
      "requests" (dict "cpu" "500m" "memory" "512Mi" "ephemeral-storage" "50Mi")
      "limits" (dict "cpu" "750m" "memory" "768Mi" "ephemeral-storage" "2Gi")
   )
  "medium" (dict
      "requests" (dict "cpu" "500m" "memory" "1024Mi" "ephemeral-storage" "50Mi")
      "limits" (dict "cpu" "750m" "memory" "1536Mi" "ephemeral-storage" "2Gi")
   )
  "large" (dict
      "requests" (dict "cpu" "1.0" "memory" "2048Mi" "ephemeral-storage" "50Mi")
      "limits" (dict "cpu" "1.5" "memory" "3072Mi" "ephemeral-storage" "2Gi")
   )
 }}
{{- if hasKey $presets .type -}}
{{- index $presets .type | toYaml -}}
{{- else -}}
{{- printf "ERROR: Preset key '%s' invalid. Allowed values are %s" .type (join "," (keys $presets | sortAlpha)) | fail -}}
{{- end -}}
{{- end -}}

{{- define "common.resources.render" -}}
{{- if .resources -}}
{{- toYaml .resources -}}
{{- else if ne .preset "none" -}}
{{- include "common.resources.preset" (dict "type" .preset) -}}
{{- end -}}
{{- end -}}
'''

COMMON["_storage.tpl"] = r'''{{- define "common.storage.class" -}}
{{- $storageClass := (.global).storageClass | default .persistence.storageClass | default (.global).defaultStorageClass | default "" -}}
{{- if $storageClass -}}
  {{- if (eq "-" $storageClass) -}}
      {{- printf "storageClassName: \"\"" -}}
  {{- else -}}
      {{- printf "storageClassName: %s" $storageClass -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.storage.pvcTemplate" -}}
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: {{ .name | default "data" }}
    {{- with .persistence.annotations }}
    annotations: {{- toYaml . | nindent 6 }}
    {{- end }}
  spec:
    accessModes:
    {{- range .persistence.accessModes }}
      - {{ . | quote }}
    {{- end }}
    resources:
      requests:
        storage: {{ .persistence.size | quote }}
    {{- include "common.storage.class" (dict "persistence" .persistence "global" .global) | nindent 4 }}
{{- end -}}
'''

COMMON["_secrets.tpl"] = r'''{{- define "common.secrets.name" -}}
{{- $name := (include "common.names.fullname" .context) -}}
{{- if .defaultNameSuffix -}}
{{- $name = printf "%s-%s" $name .defaultNameSuffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- with .existingSecret -}}
{{- if not (typeIs "string" .) -}}
{{- with .name -}}
{{- $name = . -}}
{{- end -}}
{{- else -}}
{{- $name = . -}}
{{- end -}}
{{- end -}}
{{- printf "%s" $name -}}
{{- end -}}

{{- define "common.secrets.key" -}}
{{- $key := .key -}}
{{- if .existingSecret -}}
  {{- if not (typeIs "string" .existingSecret) -}}
    {{- if .existingSecret.keyMapping -}}
      {{- $key = index .existingSecret.keyMapping $.key -}}
    {{- end -}}
  {{- end }}
{{- end -}}
{{- printf "%s" $key -}}
{{- end -}}

{{- define "common.secrets.passwords.manage" -}}
{{- $password := "" }}
{{- $providedPasswordKey := include "common.utils.getKeyFromList" (dict "keys" .providedValues "context" $.context) }}
{{- $providedPasswordValue := include "common.utils.getValueFromKey" (dict "key" $providedPasswordKey "context" $.context) }}
{{- if $providedPasswordValue }}
  {{- $password = $providedPasswordValue | toString }}
{{- else }}
  {{- $password = printf "%s-%s-%s" .context.Release.Name .secret .key | sha256sum | trunc (int (default 16 .length)) }}
{{- end -}}
{{- if .skipB64enc -}}
{{- $password -}}
{{- else -}}
{{- $password | b64enc -}}
{{- end -}}
{{- end -}}

{{- define "common.secrets.exists" -}}
{{- $secret := (lookup "v1" "Secret" (include "common.names.namespace" .context) .secret) }}
{{- if $secret }}
  {{- true -}}
{{- end -}}
{{- end -}}
'''

COMMON["_utils.tpl"] = r'''{{- define "common.utils.secret.getvalue" -}}
{{- $varname := include "common.utils.fieldToEnvVar" . -}}
export {{ $varname }}=$(kubectl get secret --namespace {{ include "common.names.namespace" .context | quote }} {{ .secret }} -o jsonpath="{.data.{{ .field }}}" | base64 -d)
{{- end -}}

{{- define "common.utils.fieldToEnvVar" -}}
  {{- $fieldNameSplit := splitList "-" .field -}}
  {{- $upperCaseFieldNameSplit := list -}}
  {{- range $fieldNameSplit -}}
    {{- $upperCaseFieldNameSplit = append $upperCaseFieldNameSplit ( upper . ) -}}
  {{- end -}}
  {{ join "_" $upperCaseFieldNameSplit }}
{{- end -}}

{{- define "common.utils.getValueFromKey" -}}
{{- $splitKey := splitList "." .key -}}
{{- $value := "" -}}
{{- $latestObj := $.context.Values -}}
{{- range $splitKey -}}
  {{- if not $latestObj -}}
    {{- printf "please review the entire path of '%s' exists in values" $.key | fail -}}
  {{- end -}}
  {{- $value = ( index $latestObj . ) -}}
  {{- $latestObj = $value -}}
{{- end -}}
{{- printf "%v" (default "" $value) -}}
{{- end -}}

{{- define "common.utils.getKeyFromList" -}}
{{- $key := first .keys -}}
{{- $reverseKeys := reverse .keys }}
{{- range $reverseKeys }}
  {{- $value := include "common.utils.getValueFromKey" (dict "key" . "context" $.context ) }}
  {{- if $value -}}
    {{- $key = . }}
  {{- end -}}
{{- end -}}
{{- printf "%s" $key -}}
{{- end -}}

{{- define "common.utils.checksumTemplate" -}}
{{- $obj := include (print .context.Template.BasePath .path) .context | fromYaml -}}
{{ omit $obj "apiVersion" "kind" "metadata" | toYaml | sha256sum }}
{{- end -}}

{{- define "common.utils.joinListWithComma" -}}
{{- $local := dict "first" true -}}
{{- range $k, $v := . -}}{{- if not $local.first -}},{{- end -}}{{- $v -}}{{- $_ := set $local "first" false -}}{{- end -}}
{{- end -}}

{{- define "common.utils.dictToEnv" -}}
{{- range $k, $v := . }}
- name: {{ $k | upper | replace "." "_" | replace "-" "_" }}
  value: {{ $v | toString | quote }}
{{- end }}
{{- end -}}
'''

COMMON["_validations.tpl"] = r'''{{- define "common.validations.values.single.empty" -}}
  {{- $value := include "common.utils.getValueFromKey" (dict "key" .valueKey "context" .context) }}
  {{- $subchart := ternary "" (printf "%s." .subchart) (empty .subchart) }}
  {{- if not $value -}}
    {{- $varname := "my-value" -}}
    {{- $getCurrentValue := "" -}}
    {{- if and .secret .field -}}
      {{- $varname = include "common.utils.fieldToEnvVar" . -}}
      {{- $getCurrentValue = printf " To get the current value:\n\n        %s\n" (include "common.utils.secret.getvalue" .) -}}
    {{- end -}}
    {{- printf "\n    '%s' must not be empty, please add '--set %s%s=$%s' to the command.%s" .valueKey $subchart .valueKey $varname $getCurrentValue -}}
  {{- end -}}
{{- end -}}

{{- define "common.validations.values.multiple.empty" -}}
  {{- range .required -}}
    {{- include "common.validations.values.single.empty" (dict "valueKey" .valueKey "secret" .secret "field" .field "context" $.context) -}}
  {{- end -}}
{{- end -}}

{{- define "common.validations.values.enum" -}}
{{- $value := include "common.utils.getValueFromKey" (dict "key" .valueKey "context" .context) -}}
{{- if not (has $value .allowed) -}}
{{- printf "\n    '%s' must be one of [%s], got '%s'." .valueKey (join ", " .allowed) $value -}}
{{- end -}}
{{- end -}}

{{- define "common.validations.render" -}}
{{- $messages := without .messages "" -}}
{{- $message := join "\n" $messages -}}
{{- if $message -}}
{{- printf "\nVALUES VALIDATION:\n%s" $message | fail -}}
{{- end -}}
{{- end -}}
'''

COMMON["_warnings.tpl"] = r'''{{- define "common.warnings.rollingTag" -}}
{{- if and (contains "example/" .repository) (not (.tag | toString | regexFind "-r\\d+$|sha256:")) }}
WARNING: Rolling tag detected ({{ .repository }}:{{ .tag }}), please note that it is strongly recommended to avoid using rolling tags in a production environment.
{{- end }}
{{- end -}}

{{- define "common.warnings.modifiedImages" -}}
{{- $affectedImages := list -}}
{{- $printMessage := false -}}
{{- $originalImages := .context.Chart.Annotations.images -}}
{{- range .images -}}
  {{- $fullImageName := printf (printf "%s/%s:%s" .registry .repository .tag) -}}
  {{- if not (contains $fullImageName $originalImages) }}
    {{- $affectedImages = append $affectedImages (printf "%s/%s:%s" .registry .repository .tag) -}}
    {{- $printMessage = true -}}
  {{- end -}}
{{- end -}}
{{- if $printMessage }}

WARNING: Original containers have been substituted:
{{- range $affectedImages }}
  - {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{- define "common.warnings.resources" -}}
{{- $values := .context.Values -}}
{{- $printMessage := false -}}
{{ $affectedSections := list -}}
{{- range .sections -}}
  {{- if eq . "" -}}
    {{- if not (index $values "resources") -}}
    {{- $affectedSections = append $affectedSections "resources" -}}
    {{- $printMessage = true -}}
    {{- end -}}
  {{- else -}}
    {{- $keys := split "." . -}}
    {{- $section := $values -}}
    {{- range $keys -}}
      {{- $section = index $section . -}}
    {{- end -}}
    {{- if not (index $section "resources") -}}
      {{- $affectedSections = append $affectedSections (printf "%s.resources" .) -}}
      {{- $printMessage = true -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- if $printMessage }}

WARNING: There are "resources" sections in the chart not set. Using "resourcesPreset" is not recommended for production. Sections:
{{- range $affectedSections }}
  - {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
'''

COMMON["_ingress.tpl"] = r'''{{- define "common.ingress.backend" -}}
service:
  name: {{ .serviceName }}
  port:
    {{- if typeIs "string" .servicePort }}
    name: {{ .servicePort }}
    {{- else if or (typeIs "int" .servicePort) (typeIs "float64" .servicePort) (typeIs "int64" .servicePort) }}
    number: {{ .servicePort | int }}
    {{- end }}
{{- end -}}

{{- define "common.ingress.supportsPathType" -}}
{{- if (semverCompare "<1.18-0" (include "common.capabilities.kubeVersion" .)) -}}
{{- print "false" -}}
{{- else -}}
{{- print "true" -}}
{{- end -}}
{{- end -}}

{{- define "common.ingress.supportsIngressClassname" -}}
{{- if semverCompare "<1.18-0" (include "common.capabilities.kubeVersion" .) -}}
{{- print "false" -}}
{{- else -}}
{{- print "true" -}}
{{- end -}}
{{- end -}}

{{- define "common.ingress.certManagerRequest" -}}
{{ if or (hasKey .annotations "cert-manager.io/cluster-issuer") (hasKey .annotations "cert-manager.io/issuer") (hasKey .annotations "kubernetes.io/tls-acme") }}
    {{- true -}}
{{- end -}}
{{- end -}}
'''

COMMON["_serviceaccount.tpl"] = r'''{{- define "common.serviceAccount.name" -}}
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
'''

COMMON["_probes.tpl"] = r'''{{- define "common.probes.http" -}}
httpGet:
  path: {{ .path | default "/healthz" }}
  port: {{ .port }}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
successThreshold: {{ .probe.successThreshold }}
{{- end -}}

{{- define "common.probes.tcp" -}}
tcpSocket:
  port: {{ .port }}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
{{- end -}}

{{- define "common.probes.render" -}}
{{- if .probe.enabled -}}
{{- if eq (.probe.type | default "http") "tcp" -}}
{{ include "common.probes.tcp" . }}
{{- else -}}
{{ include "common.probes.http" . }}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.env.fromConfig" -}}
{{- range $k := keys .config | sortAlpha }}
- name: {{ printf "%s_%s" ($.prefix | upper) ($k | snakecase | upper) }}
  value: {{ index $.config $k | toString | quote }}
{{- end }}
{{- end -}}

{{- define "common.volumes.emptyDirs" -}}
{{- range . }}
- name: {{ . }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{- define "common.volumeMounts.emptyDirs" -}}
{{- range . }}
- name: {{ . }}
  mountPath: {{ printf "/%s" (. | replace "-" "/") }}
{{- end }}
{{- end -}}

{{- define "common.checksum" -}}
{{- toYaml . | sha256sum | trunc 16 -}}
{{- end -}}

{{- define "common.podSecurityContext" -}}
{{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.podSecurityContext "context" $) -}}
{{- end -}}

{{- define "common.containerSecurityContext" -}}
{{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.containerSecurityContext "context" $) -}}
{{- end -}}

{{- define "common.tolerations" -}}
{{- with .Values.tolerations }}
tolerations: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "common.nodeSelector" -}}
{{- with .Values.nodeSelector }}
nodeSelector: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "common.affinity" -}}
{{- if .Values.affinity }}
affinity: {{- include "common.tplvalues.render" (dict "value" .Values.affinity "context" $) | nindent 2 }}
{{- else }}
affinity:
  podAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAffinityPreset "customLabels" .Values.podLabels "context" $) | nindent 4 }}
  podAntiAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAntiAffinityPreset "customLabels" .Values.podLabels "context" $) | nindent 4 }}
  nodeAffinity: {{- include "common.affinities.nodes" (dict "type" .Values.nodeAffinityPreset.type "key" .Values.nodeAffinityPreset.key "values" .Values.nodeAffinityPreset.values) | nindent 4 }}
{{- end }}
{{- end -}}
'''


# --------------------------------------------------------------------------
# component subchart templates; NAME is substituted

def comp_templates(name, port, workload, ingress, persistence):
    t = {}
    t["_helpers.tpl"] = r'''{{- define "NAME.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "NAME.labels" -}}
{{- include "common.labels.component" (dict "customLabels" .Values.commonLabels "context" . "component" "NAME") -}}
{{- end -}}

{{- define "NAME.matchLabels" -}}
{{- include "common.labels.componentMatch" (dict "customLabels" .Values.podLabels "context" . "component" "NAME") -}}
{{- end -}}

{{- define "NAME.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) -}}
{{- end -}}

{{- define "NAME.configName" -}}
{{- printf "%s-config" (include "NAME.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "NAME.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultNameSuffix" "auth" "context" .) -}}
{{- end -}}

{{- define "NAME.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "common.validations.values.enum" (dict "valueKey" "logLevel" "allowed" (list "debug" "info" "warn" "error") "context" .)) -}}
{{- include "common.validations.render" (dict "messages" $messages) -}}
{{- end -}}
'''
    t["_podspec.tpl"] = r'''{{- define "NAME.podSpec" -}}
{{- include "common.images.renderPullSecrets" (dict "images" (list .Values.image) "context" $) }}
serviceAccountName: {{ include "common.serviceAccount.name" . }}
automountServiceAccountToken: {{ .Values.automountServiceAccountToken }}
{{- include "common.affinity" . }}
{{- include "common.nodeSelector" . }}
{{- include "common.tolerations" . }}
{{- if .Values.priorityClassName }}
priorityClassName: {{ .Values.priorityClassName | quote }}
{{- end }}
{{- if .Values.podSecurityContext.enabled }}
securityContext: {{- include "common.podSecurityContext" . | nindent 2 }}
{{- end }}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
{{- if .Values.initContainers.enabled }}
initContainers:
  - name: wait-for-deps
    image: {{ include "common.images.image" (dict "imageRoot" .Values.initContainers.image "global" .Values.global) }}
    command: ["sh", "-c", {{ printf "until nc -z %s %v; do sleep 2; done" .Values.initContainers.waitHost .Values.initContainers.waitPort | quote }}]
{{- end }}
containers:
  - name: NAME
    image: {{ include "NAME.image" . }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    {{- if .Values.containerSecurityContext.enabled }}
    securityContext: {{- include "common.containerSecurityContext" . | nindent 6 }}
    {{- end }}
    {{- with .Values.command }}
    command: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 6 }}
    {{- end }}
    args:
      - --port={{ .Values.containerPorts.http }}
      - --log-level={{ .Values.logLevel }}
      {{- range .Values.extraArgs }}
      - {{ tpl . $ }}
      {{- end }}
    env:
      - name: POD_NAME
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      - name: NAME_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ include "NAME.secretName" . }}
            key: {{ include "common.secrets.key" (dict "existingSecret" .Values.auth.existingSecret "key" "password") }}
      {{- include "common.env.fromConfig" (dict "config" .Values.config "prefix" "NAME") | nindent 6 }}
      {{- with .Values.extraEnvVars }}
      {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 6 }}
      {{- end }}
    envFrom:
      - configMapRef:
          name: {{ include "NAME.configName" . }}
    ports:
      - name: http
        containerPort: {{ .Values.containerPorts.http }}
      - name: metrics
        containerPort: {{ .Values.containerPorts.metrics }}
    {{- with (include "common.probes.render" (dict "probe" .Values.livenessProbe "port" "http" "path" "/live")) }}
    livenessProbe: {{- . | nindent 6 }}
    {{- end }}
    {{- with (include "common.probes.render" (dict "probe" .Values.readinessProbe "port" "http" "path" "/ready")) }}
    readinessProbe: {{- . | nindent 6 }}
    {{- end }}
    resources: {{- include "common.resources.render" (dict "resources" .Values.resources "preset" .Values.resourcesPreset) | nindent 6 }}
    volumeMounts:
      - name: config
        mountPath: /etc/NAME
      {{- include "common.volumeMounts.emptyDirs" .Values.emptyDirs | nindent 6 }}
      {{- if .Values.persistence.enabled }}
      - name: data
        mountPath: {{ .Values.persistence.mountPath }}
      {{- end }}
  {{- range .Values.sidecars }}
  - name: {{ .name }}
    image: {{ .image }}
    {{- with .args }}
    args: {{- toYaml . | nindent 6 }}
    {{- end }}
  {{- end }}
volumes:
  - name: config
    configMap:
      name: {{ include "NAME.configName" . }}
  {{- include "common.volumes.emptyDirs" .Values.emptyDirs | nindent 2 }}
  {{- if and .Values.persistence.enabled .Values.persistence.existingClaim }}
  - name: data
    persistentVolumeClaim:
      claimName: {{ .Values.persistence.existingClaim }}
  {{- end }}
{{- end -}}
'''
    api = {"Deployment": "deployment", "DaemonSet": "daemonset", "StatefulSet": "statefulset"}[workload]
    wl = r'''{{- include "NAME.validateValues" . }}
apiVersion: {{ include "common.capabilities.API.apiVersion" . }}
kind: KIND
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  {{- with (include "common.annotations.standard" (dict "annotations" .Values.annotations "context" $)) }}
  annotations: {{- . | nindent 4 }}
  {{- end }}
spec:
'''.replace("API", api).replace("KIND", workload)
    if workload != "DaemonSet":
        wl += r'''  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
'''
    if workload == "StatefulSet":
        wl += r'''  serviceName: {{ printf "%s-headless" (include "NAME.fullname" .) }}
  podManagementPolicy: {{ .Values.podManagementPolicy }}
'''
    elif workload == "Deployment":
        wl += r'''  {{- with .Values.updateStrategy }}
  strategy: {{- toYaml . | nindent 4 }}
  {{- end }}
'''
    wl += r'''  selector:
    matchLabels: {{- include "NAME.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "NAME.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
        checksum/secret: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 8 }}
        {{- end }}
    spec: {{- include "NAME.podSpec" . | nindent 6 }}
'''
    if workload == "StatefulSet":
        wl += r'''  {{- if and .Values.persistence.enabled (not .Values.persistence.existingClaim) }}
  volumeClaimTemplates: {{- include "common.storage.pvcTemplate" (dict "persistence" .Values.persistence "global" .Values.global) | nindent 4 }}
  {{- end }}
'''
    t[api + ".yaml"] = wl
    t["service.yaml"] = r'''apiVersion: v1
kind: Service
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  {{- if and (eq .Values.service.type "LoadBalancer") .Values.service.loadBalancerIP }}
  loadBalancerIP: {{ .Values.service.loadBalancerIP }}
  {{- end }}
  sessionAffinity: {{ .Values.service.sessionAffinity }}
  ports:
    - name: http
      port: {{ .Values.service.ports.http }}
      targetPort: http
      {{- if and (eq .Values.service.type "NodePort") .Values.service.nodePorts.http }}
      nodePort: {{ .Values.service.nodePorts.http }}
      {{- end }}
    - name: metrics
      port: {{ .Values.service.ports.metrics }}
      targetPort: metrics
  selector: {{- include "NAME.matchLabels" . | nindent 4 }}
'''
    t["service-headless.yaml"] = r'''apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-headless" (include "NAME.fullname" .) | trunc 63 | trimSuffix "-" }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  clusterIP: None
  publishNotReadyAddresses: true
  ports:
    - name: http
      port: {{ .Values.service.ports.http }}
      targetPort: http
  selector: {{- include "NAME.matchLabels" . | nindent 4 }}
'''
    t["configmap.yaml"] = r'''apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "NAME.configName" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
data:
  LOG_LEVEL: {{ .Values.logLevel | quote }}
  {{- range $k, $v := .Values.config }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
  settings.yaml: |
    {{- toYaml .Values.settings | nindent 4 }}
  features.json: {{ toJson .Values.features | quote }}
'''
    t["configmap-extra.yaml"] = r'''{{- range $name, $content := .Values.extraConfigMaps }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "%s-%s" (include "NAME.fullname" $) $name | trunc 63 | trimSuffix "-" }}
  labels: {{- include "NAME.labels" $ | nindent 4 }}
data: {{- include "common.tplvalues.render" (dict "value" $content "context" $) | nindent 2 }}
{{- end }}
'''
    t["secret.yaml"] = r'''{{- if not .Values.auth.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "NAME.secretName" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
type: Opaque
data:
  password: {{ include "common.secrets.passwords.manage" (dict "secret" (include "NAME.secretName" .) "key" "password" "providedValues" (list "auth.password") "context" $) }}
  username: {{ .Values.auth.username | b64enc | quote }}
{{- end }}
'''
    t["serviceaccount.yaml"] = r'''{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "common.serviceAccount.name" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations: {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
{{- end }}
'''
    t["role.yaml"] = r'''{{- if .Values.rbac.create }}
apiVersion: {{ include "common.capabilities.rbac.apiVersion" . }}
kind: Role
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["configmaps", "secrets"]
    verbs: ["get", "list", "watch"]
  {{- with .Values.rbac.rules }}
  {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 2 }}
  {{- end }}
{{- end }}
'''
    t["rolebinding.yaml"] = r'''{{- if .Values.rbac.create }}
apiVersion: {{ include "common.capabilities.rbac.apiVersion" . }}
kind: RoleBinding
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ include "NAME.fullname" . }}
subjects:
  - kind: ServiceAccount
    name: {{ include "common.serviceAccount.name" . }}
    namespace: {{ include "common.names.namespace" . | quote }}
{{- end }}
'''
    t["hpa.yaml"] = r'''{{- if .Values.autoscaling.enabled }}
apiVersion: {{ include "common.capabilities.hpa.apiVersion" (dict "context" $) }}
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
    kind: KIND
    name: {{ include "NAME.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    {{- if .Values.autoscaling.targetCPU }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPU }}
    {{- end }}
    {{- if .Values.autoscaling.targetMemory }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetMemory }}
    {{- end }}
{{- end }}
'''.replace("KIND", workload)
    t["pdb.yaml"] = r'''{{- if .Values.pdb.create }}
apiVersion: {{ include "common.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  {{- if .Values.pdb.minAvailable }}
  minAvailable: {{ .Values.pdb.minAvailable }}
  {{- end }}
  {{- if or .Values.pdb.maxUnavailable (not .Values.pdb.minAvailable) }}
  maxUnavailable: {{ .Values.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels: {{- include "NAME.matchLabels" . | nindent 6 }}
{{- end }}
'''
    t["networkpolicy.yaml"] = r'''{{- if .Values.networkPolicy.enabled }}
kind: NetworkPolicy
apiVersion: {{ include "common.capabilities.networkPolicy.apiVersion" . }}
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels: {{- include "NAME.matchLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  {{- if .Values.networkPolicy.allowExternalEgress }}
  egress:
    - {}
  {{- end }}
  ingress:
    - ports:
        - port: {{ .Values.containerPorts.http }}
      {{- if not .Values.networkPolicy.allowExternal }}
      from:
        - podSelector:
            matchLabels: {{- include "common.labels.matchLabels" (dict "customLabels" .Values.podLabels "context" $) | nindent 14 }}
        {{- range $k, $v := .Values.networkPolicy.ingressNSMatchLabels }}
        - namespaceSelector:
            matchLabels:
              {{ $k }}: {{ $v | quote }}
        {{- end }}
      {{- end }}
{{- end }}
'''
    t["servicemonitor.yaml"] = r'''{{- if and .Values.metrics.enabled .Values.metrics.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ default (include "common.names.namespace" .) .Values.metrics.serviceMonitor.namespace | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
    {{- with .Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  jobLabel: {{ .Values.metrics.serviceMonitor.jobLabel | quote }}
  endpoints:
    - port: metrics
      path: /metrics
      {{- with .Values.metrics.serviceMonitor.interval }}
      interval: {{ . }}
      {{- end }}
      {{- with .Values.metrics.serviceMonitor.scrapeTimeout }}
      scrapeTimeout: {{ . }}
      {{- end }}
  namespaceSelector:
    matchNames:
      - {{ include "common.names.namespace" . | quote }}
  selector:
    matchLabels: {{- include "NAME.matchLabels" . | nindent 6 }}
{{- end }}
'''
    t["prometheusrule.yaml"] = r'''{{- if and .Values.metrics.enabled .Values.metrics.prometheusRule.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "NAME.fullname" . }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  groups:
    - name: {{ include "NAME.fullname" . }}
      rules:
        {{- range .Values.metrics.prometheusRule.rules }}
        - alert: {{ .alert }}
          expr: {{ tpl .expr $ | quote }}
          for: {{ .for | default "5m" }}
          labels:
            severity: {{ .severity | default "warning" }}
        {{- end }}
{{- end }}
'''
    t["cronjob.yaml"] = r'''{{- range $name, $job := .Values.cronjobs }}
{{- if $job.enabled }}
---
apiVersion: {{ include "common.capabilities.cronjob.apiVersion" $ }}
kind: CronJob
metadata:
  name: {{ printf "%s-%s" (include "NAME.fullname" $) $name | trunc 52 | trimSuffix "-" }}
  labels: {{- include "NAME.labels" $ | nindent 4 }}
spec:
  schedule: {{ $job.schedule | quote }}
  concurrencyPolicy: {{ $job.concurrencyPolicy | default "Forbid" }}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: {{ $name }}
              image: {{ include "NAME.image" $ }}
              args: {{- toYaml $job.args | nindent 16 }}
{{- end }}
{{- end }}
'''
    t["extra-list.yaml"] = r'''{{- range .Values.extraDeploy }}
---
{{ include "common.tplvalues.render" (dict "value" . "context" $) }}
{{- end }}
'''
    t["tests/test-connection.yaml"] = r'''{{- if .Values.tests.enabled }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ printf "%s-test" (include "NAME.fullname" .) }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  restartPolicy: Never
  containers:
    - name: curl
      image: {{ include "common.images.image" (dict "imageRoot" .Values.tests.image "global" .Values.global) }}
      command: ["curl", "-sf", {{ printf "http://%s:%v/healthz" (include "NAME.fullname" .) .Values.service.ports.http | quote }}]
{{- end }}
'''
    t["hooks/pre-upgrade-migrate.yaml"] = r'''{{- if .Values.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate" (include "NAME.fullname" .) }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ .Values.migrations.weight | quote }}
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: {{ .Values.migrations.backoffLimit }}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: {{ include "NAME.image" . }}
          args: ["migrate", "--to={{ .Values.migrations.target }}"]
{{- end }}
'''
    t["NOTES.txt"] = r'''CHART NAME: {{ .Chart.Name }}
CHART VERSION: {{ .Chart.Version }}
{{- include "common.warnings.rollingTag" .Values.image }}
{{- include "common.warnings.resources" (dict "sections" (list "") "context" $) }}
'''
    for extra in range(6):
        t["modules/module-%d.yaml" % extra] = (r'''{{- $mod := index .Values.modules "m%d" }}
{{- if $mod.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "%%s-module-%d" (include "NAME.fullname" .) }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  annotations:
    checksum/module: {{ include "common.checksum" $mod }}
data:
  {{- range $k, $v := $mod.settings }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
  rendered: {{ include "common.tplvalues.render" (dict "value" $mod.template "context" $) | quote }}
  env: |
    {{- include "common.utils.dictToEnv" $mod.settings | nindent 4 }}
{{- end }}
''' % (extra, extra))
    if ingress:
        t["ingress.yaml"] = r'''{{- if .Values.ingress.enabled }}
apiVersion: {{ include "common.capabilities.ingress.apiVersion" . }}
kind: Ingress
metadata:
  name: {{ include "NAME.fullname" . }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
  {{- if or .Values.ingress.annotations .Values.commonAnnotations }}
  {{- $annotations := include "common.tplvalues.merge" (dict "values" (list .Values.ingress.annotations .Values.commonAnnotations) "context" .) }}
  annotations: {{- include "common.tplvalues.render" (dict "value" $annotations "context" $) | nindent 4 }}
  {{- end }}
spec:
  {{- if and .Values.ingress.ingressClassName (eq "true" (include "common.ingress.supportsIngressClassname" .)) }}
  ingressClassName: {{ .Values.ingress.ingressClassName | quote }}
  {{- end }}
  rules:
    {{- if .Values.ingress.hostname }}
    - host: {{ tpl .Values.ingress.hostname $ }}
      http:
        paths:
          - path: {{ .Values.ingress.path }}
            {{- if eq "true" (include "common.ingress.supportsPathType" .) }}
            pathType: {{ .Values.ingress.pathType }}
            {{- end }}
            backend: {{- include "common.ingress.backend" (dict "serviceName" (include "NAME.fullname" .) "servicePort" "http" "context" $) | nindent 14 }}
    {{- end }}
    {{- range .Values.ingress.extraHosts }}
    - host: {{ .name | quote }}
      http:
        paths:
          - path: {{ default "/" .path }}
            pathType: {{ default "ImplementationSpecific" .pathType }}
            backend: {{- include "common.ingress.backend" (dict "serviceName" (include "NAME.fullname" $) "servicePort" 80 "context" $) | nindent 14 }}
    {{- end }}
  {{- if or (and .Values.ingress.tls (or (include "common.ingress.certManagerRequest" (dict "annotations" .Values.ingress.annotations)) .Values.ingress.selfSigned)) .Values.ingress.extraTls }}
  tls:
    {{- if and .Values.ingress.tls (or (include "common.ingress.certManagerRequest" (dict "annotations" .Values.ingress.annotations)) .Values.ingress.selfSigned) }}
    - hosts:
        - {{ tpl .Values.ingress.hostname $ | quote }}
      secretName: {{ printf "%s-tls" (tpl .Values.ingress.hostname $) }}
    {{- end }}
    {{- with .Values.ingress.extraTls }}
    {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end }}
'''
    else:
        t["vpa.yaml"] = r'''{{- if .Values.vpa.enabled }}
apiVersion: {{ include "common.capabilities.vpa.apiVersion" (dict "context" $) }}
kind: VerticalPodAutoscaler
metadata:
  name: {{ include "NAME.fullname" . }}
spec:
  targetRef:
    apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
    kind: KIND
    name: {{ include "NAME.fullname" . }}
  updatePolicy:
    updateMode: {{ .Values.vpa.updateMode | quote }}
{{- end }}
'''.replace("KIND", workload)
    if persistence:
        t["pvc-backup.yaml"] = r'''{{- if .Values.backup.enabled }}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ printf "%s-backup" (include "NAME.fullname" .) }}
  labels: {{- include "NAME.labels" . | nindent 4 }}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: {{ .Values.backup.size | quote }}
  {{- include "common.storage.class" (dict "persistence" .Values.backup "global" .Values.global) | nindent 2 }}
{{- end }}
'''
    return {k: v.replace("NAME", name) for k, v in t.items()}


# --------------------------------------------------------------------------
# values

def comp_values(name, port, workload, ingress, persistence, i):
    """Return the component's own values.yaml text (deterministic, ~150 lines)."""
    L = []
    a = L.append
    a("## @section %s parameters" % name)
    a("## @param nameOverride String to partially override %s.fullname" % name)
    a('nameOverride: ""')
    a('fullnameOverride: ""')
    a('namespaceOverride: ""')
    a("commonLabels: {}")
    a("commonAnnotations: {}")
    a("annotations: {}")
    a("image:")
    a("  registry: registry.example.com")
    a("  repository: example/%s" % name)
    a('  tag: "%d.%d.%d"' % (1 + i, i * 3 % 7, i * 5 % 11))
    a('  digest: ""')
    a("  pullPolicy: IfNotPresent")
    a("  pullSecrets: []")
    a("replicaCount: %d" % (1 + i % 3))
    a("revisionHistoryLimit: 10")
    a("podManagementPolicy: OrderedReady")
    a("updateStrategy:")
    a("  type: RollingUpdate")
    a("  rollingUpdate:")
    a("    maxSurge: 25%")
    a("    maxUnavailable: 0")
    a("automountServiceAccountToken: false")
    a('priorityClassName: ""')
    a("terminationGracePeriodSeconds: %d" % (30 + i))
    a("logLevel: info")
    a("command: []")
    a("extraArgs:")
    a('  - "--release={{ .Release.Name }}"')
    a('  - "--namespace={{ .Release.Namespace }}"')
    a("extraEnvVars: []")
    a("containerPorts:")
    a("  http: %d" % port)
    a("  metrics: %d" % (port + 1000 if port < 60000 else 9090))
    a("service:")
    a("  type: ClusterIP")
    a("  ports:")
    a("    http: %d" % (80 if ingress else port))
    a("    metrics: 9%03d" % i)
    a("  nodePorts:")
    a('    http: ""')
    a('  loadBalancerIP: ""')
    a("  sessionAffinity: None")
    a("  annotations: {}")
    a("podSecurityContext:")
    a("  enabled: true")
    a("  fsGroupChangePolicy: Always")
    a("  sysctls: []")
    a("  supplementalGroups: []")
    a("  fsGroup: 1001")
    a("containerSecurityContext:")
    a("  enabled: true")
    a("  seLinuxOptions: {}")
    a("  runAsUser: 1001")
    a("  runAsGroup: 1001")
    a("  runAsNonRoot: true")
    a("  privileged: false")
    a("  readOnlyRootFilesystem: true")
    a("  allowPrivilegeEscalation: false")
    a("  capabilities:")
    a('    drop: ["ALL"]')
    a("  seccompProfile:")
    a('    type: "RuntimeDefault"')
    a("resourcesPreset: %s" % ["nano", "micro", "small", "medium", "large", "none", "small", "micro"][i])
    a("resources: {}")
    for probe in ("livenessProbe", "readinessProbe"):
        a("%s:" % probe)
        a("  enabled: true")
        a("  type: %s" % ("tcp" if (persistence and probe == "livenessProbe") else "http"))
        a("  initialDelaySeconds: %d" % (10 + i))
        a("  periodSeconds: 10")
        a("  timeoutSeconds: 5")
        a("  failureThreshold: 6")
        a("  successThreshold: 1")
    a("podLabels: {}")
    a("podAnnotations:")
    a('  prometheus.io/scrape: "true"')
    a('  example.com/release: "{{ .Release.Name }}"')
    a('podAffinityPreset: ""')
    a("podAntiAffinityPreset: soft")
    a("nodeAffinityPreset:")
    a('  type: ""')
    a('  key: ""')
    a("  values: []")
    a("affinity: {}")
    a("nodeSelector: {}")
    a("tolerations: []")
    a("emptyDirs:")
    a("  - tmp")
    a("  - var-cache")
    a("sidecars: []")
    a("initContainers:")
    a("  enabled: %s" % ("true" if i % 2 == 0 else "false"))
    a("  image:")
    a("    registry: registry.example.com")
    a("    repository: example/os-shell")
    a('    tag: "12-debian-12-r%d"' % (10 + i))
    a("  waitHost: store")
    a("  waitPort: 5432")
    a("persistence:")
    a("  enabled: %s" % ("true" if persistence else "false"))
    a('  existingClaim: ""')
    a('  storageClass: ""')
    a("  mountPath: /data")
    a("  accessModes:")
    a("    - ReadWriteOnce")
    a("  size: %dGi" % (8 * (i + 1)))
    a("  annotations: {}")
    a("backup:")
    a("  enabled: false")
    a("  size: 20Gi")
    a('  storageClass: ""')
    a("serviceAccount:")
    a("  create: true")
    a('  name: ""')
    a("  automountServiceAccountToken: false")
    a("  annotations: {}")
    a("rbac:")
    a("  create: %s" % ("true" if i % 3 != 2 else "false"))
    a("  rules: []")
    a("auth:")
    a("  username: %s" % name)
    a('  password: ""')
    a('  existingSecret: ""')
    a("autoscaling:")
    a("  enabled: false")
    a("  minReplicas: 2")
    a("  maxReplicas: %d" % (5 + i))
    a("  targetCPU: 75")
    a('  targetMemory: ""')
    a("vpa:")
    a("  enabled: false")
    a("  updateMode: Auto")
    a("pdb:")
    a("  create: true")
    a('  minAvailable: ""')
    a('  maxUnavailable: ""')
    a("networkPolicy:")
    a("  enabled: true")
    a("  allowExternal: %s" % ("true" if ingress else "false"))
    a("  allowExternalEgress: true")
    a("  ingressNSMatchLabels: {}")
    if ingress:
        a("ingress:")
        a("  enabled: false")
        a("  pathType: ImplementationSpecific")
        a('  hostname: "%s.{{ .Release.Namespace }}.example.com"' % name)
        a('  ingressClassName: ""')
        a("  path: /")
        a("  annotations: {}")
        a("  tls: false")
        a("  selfSigned: false")
        a("  extraHosts: []")
        a("  extraTls: []")
    a("metrics:")
    a("  enabled: false")
    a("  serviceMonitor:")
    a("    enabled: false")
    a('    namespace: ""')
    a('    jobLabel: ""')
    a("    interval: 30s")
    a('    scrapeTimeout: ""')
    a("    labels: {}")
    a("  prometheusRule:")
    a("    enabled: false")
    a("    rules:")
    a("      - alert: %sDown" % name.capitalize())
    a("        expr: 'up{job=\"{{ include \"common.names.fullname\" . }}\"} == 0'")
    a("        for: 1m")
    a("        severity: critical")
    a("      - alert: %sHighLatency" % name.capitalize())
    a('        expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 0.5')
    a("tests:")
    a("  enabled: true")
    a("  image:")
    a("    registry: registry.example.com")
    a("    repository: example/curl")
    a('    tag: "8.5.0"')
    a("migrations:")
    a("  enabled: %s" % ("true" if i in (0, 7) else "false"))
    a('  weight: "-%d"' % (i + 1))
    a("  backoffLimit: 3")
    a("  target: latest")
    a("config:")
    for k in range(12):
        a("  %s_setting_%d: %s" % (name, k, ["true", "42", "\"text value %d\"" % k, "1.5", "null-ish", "on"][k % 6]))
    a("settings:")
    a("  server:")
    a("    host: 0.0.0.0")
    a("    port: %d" % port)
    a("    timeouts:")
    a("      read: 30s")
    a("      write: 30s")
    a("      idle: 120s")
    a("  upstreams:")
    for k in range(4):
        a("    - name: upstream-%d" % k)
        a("      url: http://svc-%d.internal:%d" % (k, 8000 + k))
        a("      weight: %d" % (k + 1))
    a("features:")
    for k in range(8):
        a("  feature%s: %s" % (chr(65 + k), "true" if (k + i) % 2 else "false"))
    a("cronjobs:")
    a("  cleanup:")
    a("    enabled: %s" % ("true" if i % 2 else "false"))
    a('    schedule: "%d 3 * * *"' % (i * 7 % 60))
    a("    args: [cleanup, --older-than=7d]")
    a("  report:")
    a("    enabled: false")
    a('    schedule: "@daily"')
    a("    args: [report]")
    a("extraConfigMaps: {}")
    a("extraDeploy: []")
    a("modules:")
    for m in range(6):
        a("  m%d:" % m)
        a("    enabled: %s" % ("true" if (m + i) % 3 != 0 else "false"))
        a("    settings:")
        for s in range(5):
            a("      key_%d_%d: value-%d-%d" % (m, s, i, s))
        a('    template: "module {{ .Chart.Name }} #%d in {{ .Release.Namespace }}"' % m)
    return "\n".join(L) + "\n"


def root_values():
    L = []
    a = L.append
    a("## Global parameters")
    a("global:")
    a('  imageRegistry: ""')
    a("  imagePullSecrets:")
    a("    - name: regcred")
    a('  storageClass: ""')
    a("  defaultStorageClass: standard")
    a("  security:")
    a("    allowInsecureImages: false")
    a("  compatibility:")
    a("    openshift:")
    a("      adaptSecurityContext: auto")
    a("  environment: production")
    a("  domain: example.com")
    a("")
    a("## Umbrella parameters")
    a('nameOverride: ""')
    a('fullnameOverride: ""')
    a("commonLabels:")
    a("  team: platform")
    a("  cost-center: \"1234\"")
    a("commonAnnotations: {}")
    a("clusterDomain: cluster.local")
    a("extraDeploy: []")
    a("ingressGateway:")
    a("  enabled: true")
    a("  className: nginx")
    a("  hosts:")
    for k in range(10):
        a("    - host: app%d.{{ .Values.global.domain }}" % k)
        a("      service: %s" % COMPONENTS[k % 5][0])
        a("      path: /svc%d" % k)
    a("dashboards:")
    for k in range(36):
        a("  dashboard-%02d:" % k)
        a("    title: Dashboard %d" % k)
        a("    refresh: %ds" % (10 * (k % 6 + 1)))
        a("    panels:")
        for p in range(4):
            a("      - title: Panel %d.%d" % (k, p))
            a('        expr: sum(rate(http_requests_total{service="svc%d"}[5m]))' % p)
            a("        unit: %s" % ["reqps", "ms", "percent", "bytes"][p])
    a("alerts:")
    for k in range(48):
        a("  - name: Alert%02d" % k)
        a("    severity: %s" % ["info", "warning", "critical"][k % 3])
        a("    threshold: %s" % (k * 1.25))
        a("    enabled: %s" % ("true" if k % 4 else "false"))
    a("")
    a("## Component overrides (each subchart also has its own values.yaml)")
    for i, (name, port, workload, ingress, persistence) in enumerate(COMPONENTS):
        keys = ALIASES.get(name, [name])
        for key in keys:
            a("%s:" % key)
            a("  enabled: %s" % ("false" if key == "replica-store" else "true"))
            a("  logLevel: %s" % ["info", "debug", "warn", "info", "error", "info", "debug", "info"][i])
            a("  commonLabels:")
            a("    component-group: %s" % ("frontend" if ingress else "backend"))
            a("  config:")
            for k in range(64):
                a("    override_%s_%02d: %s" % (key.replace("-", "_"), k, ["v%d" % k, str(k * 11), "true", "\"%d\"" % k][k % 4]))
            a("  modules:")
            a("    m1:")
            a("      settings:")
            a("        overridden: \"yes\"")
            a("  extraConfigMaps:")
            a("    extra:")
            a("      owner: '{{ .Release.Name }}'")
            a("      key: value")
            if key == "primary-store":
                a("  auth:")
                a("    password: s3cr3t-primary")
            if key == "api":
                a("  extraDeploy:")
                a("    - apiVersion: v1")
                a("      kind: ConfigMap")
                a("      metadata:")
                a("        name: '{{ .Release.Name }}-api-extra'")
                a("      data:")
                a("        rendered-by: api")
            a("")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------
# umbrella templates

ROOT_TEMPLATES = {
    "_helpers.tpl": r'''{{- define "big.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{- define "big.labels" -}}
{{- include "common.labels.standard" (dict "customLabels" .Values.commonLabels "context" .) -}}
{{- end -}}
''',
    "namespace-config.yaml": r'''apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "big.fullname" . }}-overview
  labels: {{- include "big.labels" . | nindent 4 }}
data:
  components: {{ keys .Subcharts | sortAlpha | join "," | quote }}
  environment: {{ .Values.global.environment | quote }}
  dependencies: |
    {{- range .Chart.Dependencies }}
    - {{ .Alias | default .Name }} {{ .Version }} enabled={{ .Enabled }}
    {{- end }}
''',
    "ingress-gateway.yaml": r'''{{- if .Values.ingressGateway.enabled }}
apiVersion: {{ include "common.capabilities.ingress.apiVersion" . }}
kind: Ingress
metadata:
  name: {{ include "big.fullname" . }}-gateway
  labels: {{- include "big.labels" . | nindent 4 }}
spec:
  ingressClassName: {{ .Values.ingressGateway.className }}
  rules:
    {{- range .Values.ingressGateway.hosts }}
    - host: {{ tpl .host $ }}
      http:
        paths:
          - path: {{ .path }}
            pathType: Prefix
            backend: {{- include "common.ingress.backend" (dict "serviceName" (printf "%s-%s" $.Release.Name .service) "servicePort" "http") | nindent 14 }}
    {{- end }}
{{- end }}
''',
    "dashboards.yaml": r'''{{- range $name, $d := .Values.dashboards }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "%s-%s" (include "big.fullname" $) $name }}
  labels:
    {{- include "big.labels" $ | nindent 4 }}
    grafana_dashboard: "1"
data:
  {{ $name }}.json: {{ dict "title" $d.title "refresh" $d.refresh "panels" $d.panels | toJson | quote }}
{{- end }}
''',
    "alerts.yaml": r'''apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "big.fullname" . }}-alerts
  labels: {{- include "big.labels" . | nindent 4 }}
spec:
  groups:
    - name: umbrella
      rules:
        {{- range .Values.alerts }}
        {{- if .enabled }}
        - alert: {{ .name }}
          expr: vector(1) > {{ .threshold }}
          labels:
            severity: {{ .severity }}
        {{- end }}
        {{- end }}
''',
    "extra-list.yaml": r'''{{- range .Values.extraDeploy }}
---
{{ include "common.tplvalues.render" (dict "value" . "context" $) }}
{{- end }}
''',
    "tests/test-gateway.yaml": r'''apiVersion: v1
kind: Pod
metadata:
  name: {{ include "big.fullname" . }}-test-gateway
  annotations:
    helm.sh/hook: test-success
spec:
  restartPolicy: Never
  containers:
    - name: probe
      image: registry.example.com/example/curl:8.5.0
''',
    "NOTES.txt": r'''Thank you for installing {{ .Chart.Name }} {{ .Chart.Version }}.
{{- range .Chart.Dependencies }}
  - {{ .Alias | default .Name }}: {{ .Enabled }}
{{- end }}
''',
}
for k in range(12):
    ROOT_TEMPLATES["shared/config-%02d.yaml" % k] = (r'''apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "big.fullname" . }}-shared-%02d
  labels: {{- include "big.labels" . | nindent 4 }}
data:
  index: "%d"
  domain: {{ .Values.global.domain | quote }}
  alertCount: {{ len .Values.alerts | quote }}
  digest: {{ include "common.checksum" (index .Values.dashboards (printf "dashboard-%%02d" %d)) | quote }}
''' % (k, k, k))


def tgz(src_dir, dest, root_name):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for dp, dns, fns in sorted(os.walk(src_dir)):
            dns.sort()
            for fn in sorted(fns):
                p = os.path.join(dp, fn)
                rel = os.path.relpath(p, src_dir)
                data = open(p, "rb").read()
                ti = tarfile.TarInfo(root_name + "/" + rel)
                ti.size = len(data)
                ti.mtime = MTIME
                ti.mode = 0o644
                ti.uname = ti.gname = "root"
                tf.addfile(ti, io.BytesIO(data))
    with open(dest, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
            gz.write(raw.getvalue())


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    deps = ["  - name: common", "    version: 2.x.x", "    repository: file://../common"]
    for name, port, workload, ingress, persistence in COMPONENTS:
        for key in ALIASES.get(name, [None]):
            deps.append("  - name: %s" % name)
            deps.append("    version: ~1.0.0")
            if key:
                deps.append("    alias: %s" % key)
            deps.append("    condition: %s.enabled" % (key or name))
            deps.append("    tags: [%s]" % ("frontend" if ingress else "backend"))
    w("Chart.yaml", "apiVersion: v2\nname: big\ndescription: A large umbrella chart modelled on community charts\n"
      "type: application\nversion: 10.4.2\nappVersion: \"5.1.0\"\nkubeVersion: \">=1.23.0-0\"\n"
      "annotations:\n  category: Infrastructure\n  images: |\n"
      + "".join("    - name: %s\n      image: registry.example.com/example/%s:1.0.0\n" % (c[0], c[0]) for c in COMPONENTS)
      + "dependencies:\n" + "\n".join(deps) + "\n")
    w("values.yaml", root_values())
    w(".helmignore", ".git/\n*.swp\n*.bak\n*.tmp\nci/\n")
    w("README.md", "# big\n\nGenerated by testdata/template/make-big-chart.py.\n")
    for fn, text in ROOT_TEMPLATES.items():
        w("templates/" + fn, text)
    w("charts/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 2.19.1\ntype: library\n"
      "description: Shared helpers for the big chart's components\n")
    w("charts/common/values.yaml", "exampleValue: common-chart\n")
    for fn, text in COMMON.items():
        w("charts/common/templates/" + fn, text)
    for i, (name, port, workload, ingress, persistence) in enumerate(COMPONENTS):
        base = "charts/%s/" % name
        w(base + "Chart.yaml", "apiVersion: v2\nname: %s\nversion: 1.0.%d\nappVersion: \"%d.0\"\n"
          "dependencies:\n  - name: common\n    version: 2.x.x\n" % (name, i, i + 1))
        w(base + "values.yaml", comp_values(name, port, workload, ingress, persistence, i))
        w(base + "values.schema.json",
          '{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "type": "object",\n'
          '  "properties": {\n    "replicaCount": {"type": "integer", "minimum": 0},\n'
          '    "logLevel": {"type": "string", "enum": ["debug", "info", "warn", "error"]},\n'
          '    "image": {"type": "object", "required": ["repository"]}\n  }\n}\n')
        for fn, text in comp_templates(name, port, workload, ingress, persistence).items():
            w(base + "templates/" + fn, text)
        # each component carries its own copy of the library, as `helm dep build` would
        shutil.copytree(os.path.join(OUT, "charts", "common"), os.path.join(OUT, base, "charts", "common"))
    arch = os.path.join(OUT, "charts", ARCHIVED)
    tgz(arch, os.path.join(OUT, "charts", "%s-1.0.%d.tgz" % (ARCHIVED, [c[0] for c in COMPONENTS].index(ARCHIVED))), ARCHIVED)
    shutil.rmtree(arch)


main()
