{{- define "worker.podSpec" -}}
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
  - name: worker
    image: {{ include "worker.image" . }}
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
      - name: POD_worker
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      - name: worker_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ include "worker.secretName" . }}
            key: {{ include "common.secrets.key" (dict "existingSecret" .Values.auth.existingSecret "key" "password") }}
      {{- include "common.env.fromConfig" (dict "config" .Values.config "prefix" "worker") | nindent 6 }}
      {{- with .Values.extraEnvVars }}
      {{- include "common.tplvalues.render" (dict "value" . "context" $) | nindent 6 }}
      {{- end }}
    envFrom:
      - configMapRef:
          name: {{ include "worker.configName" . }}
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
        mountPath: /etc/worker
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
      name: {{ include "worker.configName" . }}
  {{- include "common.volumes.emptyDirs" .Values.emptyDirs | nindent 2 }}
  {{- if and .Values.persistence.enabled .Values.persistence.existingClaim }}
  - name: data
    persistentVolumeClaim:
      claimName: {{ .Values.persistence.existingClaim }}
  {{- end }}
{{- end -}}
