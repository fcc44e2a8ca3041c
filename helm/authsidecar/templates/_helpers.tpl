{{/*
Helpers of the authsidecar chart.

Every helper takes a chart scope: the chart's own `.`, or, in a login service's chart that has
authsidecar as a dependency, `.Subcharts.authsidecar` (the same .Values, .Release, .Chart and
.Capabilities the dependency's own templates see). Nothing here uses .Template, so the sidecar
templates render the same names from either scope.
*/}}

{{- define "authsidecar.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "authsidecar.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A name derived from the full name with a suffix, kept within 63 characters. */}}
{{- define "authsidecar.suffixed" -}}
{{- $scope := index . 0 }}{{- $suffix := index . 1 }}
{{- printf "%s-%s" (include "authsidecar.fullname" $scope | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix }}
{{- end }}

{{- define "authsidecar.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "authsidecar.selectorLabels" -}}
app.kubernetes.io/name: {{ include "authsidecar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The helm test pod: not matched by the Deployment's, Service's or PDB's selector. */}}
{{- define "authsidecar.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "authsidecar.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{- define "authsidecar.labels" -}}
helm.sh/chart: {{ include "authsidecar.chart" . }}
{{ include "authsidecar.selectorLabels" . }}
app.kubernetes.io/version: {{ include "authsidecar.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: authsidecar
{{- end }}

{{- define "authsidecar.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "authsidecar.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "authsidecar.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "authsidecar.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "authsidecar.imageTag" .) }}
{{- end }}
{{- end }}

{{/* ---- databases, secrets and files ------------------------------------------------------ */}}

{{- define "authsidecar.embedded" -}}
{{- if not .Values.database.url }}true{{ end }}
{{- end }}

{{/* The chart's own Secret holds only values given inline (database password, sealing keys). */}}
{{- define "authsidecar.chartSecretData" -}}
{{- if .Values.database.password }}
db-password: {{ .Values.database.password | b64enc | quote }}
{{- end }}
{{- if .Values.sealingKeys.value }}
secret-keys: {{ .Values.sealingKeys.value | b64enc | quote }}
{{- end }}
{{- end }}

{{- define "authsidecar.callersConfigured" -}}
{{- if or .Values.callers.list .Values.callers.existingSecret }}true{{ end }}
{{- end }}

{{- define "authsidecar.tlsSecretName" -}}
{{- if .Values.tls.existingSecret }}
{{- .Values.tls.existingSecret }}
{{- else }}
{{- include "authsidecar.suffixed" (list . "tls") }}
{{- end }}
{{- end }}

{{- define "authsidecar.tokenPath" -}}
{{- printf "/etc/authsidecar/tokens/%s/%s" .secretName .key }}
{{- end }}

{{/* The callers file rendered from callers.list: tokens are file paths of mounted Secrets. */}}
{{- define "authsidecar.callersFile" -}}
{{- $callers := list }}
{{- range .Values.callers.list }}
{{- $c := dict "name" .name "permissions" .permissions }}
{{- if .tokens }}
{{- $tokens := list }}
{{- range .tokens }}
{{- $tokens = append $tokens (dict "file" (include "authsidecar.tokenPath" .)) }}
{{- end }}
{{- $_ := set $c "tokens" $tokens }}
{{- end }}
{{- if .certificate }}
{{- $_ := set $c "certificate" .certificate }}
{{- end }}
{{- $callers = append $callers $c }}
{{- end }}
{{- toYaml (dict "callers" $callers) }}
{{- end }}

{{/* Settings of the container, all in the ConfigMap: nothing secret here. */}}
{{- define "authsidecar.configData" -}}
{{- $sidecar := eq .Values.mode "sidecar" }}
{{- $env := dict }}
{{- $_ := set $env "AUTHSIDECAR_LISTEN" (printf "%s:%d" (ternary "127.0.0.1" "0.0.0.0" $sidecar) (int .Values.ports.grpc)) }}
{{- $_ := set $env "AUTHSIDECAR_HEALTH_LISTEN" (printf "0.0.0.0:%d" (int .Values.ports.health)) }}
{{- $_ := set $env "AUTHSIDECAR_METRICS_LISTEN" (ternary (printf "0.0.0.0:%d" (int .Values.ports.metrics)) "off" .Values.metrics.enabled) }}
{{- $_ := set $env "AUTHSIDECAR_LOG_FORMAT" .Values.logFormat }}
{{- $_ := set $env "AUTHSIDECAR_SHUTDOWN_GRACE" (printf "%ds" (int .Values.shutdownGraceSeconds)) }}
{{- if include "authsidecar.embedded" . }}
{{- $_ := set $env "AUTHSIDECAR_DATA_DIR" "/var/lib/authsidecar" }}
{{- else }}
{{- $_ := set $env "AUTHSIDECAR_DB_URL" .Values.database.url }}
{{- $_ := set $env "AUTHSIDECAR_DB_USER" .Values.database.user }}
{{- $_ := set $env "AUTHSIDECAR_DB_POOL_SIZE" (toString (int .Values.database.poolSize)) }}
{{- end }}
{{- if include "authsidecar.callersConfigured" . }}
{{- $_ := set $env "AUTHSIDECAR_CALLERS_FILE" "/etc/authsidecar/callers/callers.yaml" }}
{{- end }}
{{- if .Values.callers.insecureNoCallers }}
{{- $_ := set $env "AUTHSIDECAR_INSECURE_NO_CALLERS" "true" }}
{{- end }}
{{- if .Values.tls.enabled }}
{{- $_ := set $env "AUTHSIDECAR_TLS_CERT_FILE" "/etc/authsidecar/tls/tls.crt" }}
{{- $_ := set $env "AUTHSIDECAR_TLS_KEY_FILE" "/etc/authsidecar/tls/tls.key" }}
{{- if .Values.tls.clientAuth }}
{{- $_ := set $env "AUTHSIDECAR_TLS_CLIENT_CA_FILE" (ternary "/etc/authsidecar/client-ca/ca.crt" "/etc/authsidecar/tls/ca.crt" (not (empty .Values.tls.clientCASecret))) }}
{{- end }}
{{- end }}
{{- range $k, $v := .Values.settings }}
{{- $_ := set $env $k (toString $v) }}
{{- end }}
{{- range $k, $v := $env }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}

{{/* ---- impossible combinations fail with a message that says what to set ---------------- */}}

{{- define "authsidecar.validate" -}}
{{- $v := .Values }}
{{- $standalone := eq $v.mode "standalone" }}
{{- $embedded := include "authsidecar.embedded" . }}
{{- if and $v.database.password $v.database.existingSecret }}
{{- fail "authsidecar: set database.password or database.existingSecret, not both" }}
{{- end }}
{{- if and $v.sealingKeys.value $v.sealingKeys.existingSecret }}
{{- fail "authsidecar: set sealingKeys.value or sealingKeys.existingSecret, not both" }}
{{- end }}
{{- if and $v.callers.list $v.callers.existingSecret }}
{{- fail "authsidecar: set callers.list or callers.existingSecret, not both" }}
{{- end }}
{{- if and (not $embedded) (not $v.sealingKeys.value) (not $v.sealingKeys.existingSecret) }}
{{- fail "authsidecar: PostgreSQL (database.url) needs sealing keys: set sealingKeys.existingSecret (or sealingKeys.value)" }}
{{- end }}
{{- if and $embedded $standalone (or (gt (int $v.replicaCount) 1) $v.autoscaling.enabled) }}
{{- fail "authsidecar: the embedded H2 database (empty database.url) is for one replica only: set database.url to a PostgreSQL, or replicaCount: 1 and autoscaling.enabled: false" }}
{{- end }}
{{- if and $standalone (not $v.tls.enabled) }}
{{- fail "authsidecar: mode standalone listens off loopback, which needs TLS: set tls.enabled with tls.existingSecret or tls.certManager" }}
{{- end }}
{{- if and $standalone (not (include "authsidecar.callersConfigured" .)) }}
{{- fail "authsidecar: mode standalone needs callers: set callers.list or callers.existingSecret" }}
{{- end }}
{{- if and $standalone $v.callers.insecureNoCallers }}
{{- fail "authsidecar: callers.insecureNoCallers is for sidecar mode only" }}
{{- end }}
{{- if and (not $embedded) (not (include "authsidecar.callersConfigured" .)) (not $v.callers.insecureNoCallers) }}
{{- fail "authsidecar: PostgreSQL without callers refuses to start: set callers.list or callers.existingSecret" }}
{{- end }}
{{- if $v.tls.enabled }}
{{- if and $v.tls.existingSecret $v.tls.certManager.enabled }}
{{- fail "authsidecar: set tls.existingSecret or tls.certManager.enabled, not both" }}
{{- end }}
{{- if not (or $v.tls.existingSecret $v.tls.certManager.enabled) }}
{{- fail "authsidecar: tls.enabled needs the material: set tls.existingSecret or tls.certManager.enabled" }}
{{- end }}
{{- if and $v.tls.certManager.enabled (not $v.tls.certManager.issuerRef.name) }}
{{- fail "authsidecar: tls.certManager.enabled needs tls.certManager.issuerRef.name" }}
{{- end }}
{{- else if or $v.tls.clientAuth $v.tls.certManager.enabled $v.tls.existingSecret }}
{{- fail "authsidecar: tls.clientAuth, tls.certManager and tls.existingSecret need tls.enabled: true" }}
{{- end }}
{{- if and $v.tls.certManager.clientCertificates (not $v.tls.certManager.enabled) }}
{{- fail "authsidecar: tls.certManager.clientCertificates needs tls.certManager.enabled" }}
{{- end }}
{{- if and $v.tls.clientAuth $v.callers.list }}
{{- $withCert := false }}
{{- range $v.callers.list }}{{ if .certificate }}{{ $withCert = true }}{{ end }}{{ end }}
{{- if not $withCert }}
{{- fail "authsidecar: tls.clientAuth needs at least one caller with a certificate identity (callers.list[].certificate)" }}
{{- end }}
{{- end }}
{{- $names := dict }}
{{- range $v.callers.list }}
{{- if hasKey $names .name }}
{{- fail (printf "authsidecar: callers.list: the name %q is used twice" .name) }}
{{- end }}
{{- $_ := set $names .name true }}
{{- end }}
{{- end }}

{{/* ---- the container, shared by the Deployment and the sidecar template ----------------- */}}

{{- define "authsidecar.container" -}}
{{- $sidecar := eq .Values.mode "sidecar" }}
{{- $embedded := include "authsidecar.embedded" . }}
{{- $healthName := ternary .Values.sidecar.portNames.health "health" $sidecar }}
{{- $metricsName := ternary .Values.sidecar.portNames.metrics "metrics" $sidecar -}}
- name: {{ ternary .Values.sidecar.containerName "authsidecar" $sidecar }}
  image: {{ include "authsidecar.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  {{- if and $sidecar .Values.sidecar.native }}
  restartPolicy: Always
  {{- end }}
  envFrom:
    - configMapRef:
        name: {{ include "authsidecar.fullname" . }}
  env:
    {{- with .Values.jvmOptions }}
    - name: JAVA_TOOL_OPTIONS
      value: {{ . | quote }}
    {{- end }}
    {{- if not $embedded }}
    {{- if or .Values.database.password .Values.database.existingSecret }}
    - name: AUTHSIDECAR_DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ default (include "authsidecar.fullname" .) .Values.database.existingSecret }}
          key: {{ ternary .Values.database.existingSecretPasswordKey "db-password" (not (empty .Values.database.existingSecret)) }}
    {{- end }}
    {{- end }}
    {{- if or .Values.sealingKeys.value .Values.sealingKeys.existingSecret }}
    - name: AUTHSIDECAR_SECRET_KEYS
      valueFrom:
        secretKeyRef:
          name: {{ default (include "authsidecar.fullname" .) .Values.sealingKeys.existingSecret }}
          key: {{ ternary .Values.sealingKeys.existingSecretKey "secret-keys" (not (empty .Values.sealingKeys.existingSecret)) }}
    {{- end }}
    {{- with .Values.extraEnv }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  ports:
    {{- if not $sidecar }}
    - name: grpc
      containerPort: {{ .Values.ports.grpc }}
      protocol: TCP
    {{- end }}
    - name: {{ $healthName }}
      containerPort: {{ .Values.ports.health }}
      protocol: TCP
    {{- if .Values.metrics.enabled }}
    - name: {{ $metricsName }}
      containerPort: {{ .Values.ports.metrics }}
      protocol: TCP
    {{- end }}
  startupProbe:
    grpc:
      port: {{ .Values.ports.health }}
      service: liveness
    periodSeconds: {{ .Values.probes.startup.periodSeconds }}
    failureThreshold: {{ .Values.probes.startup.failureThreshold }}
    timeoutSeconds: {{ .Values.probes.startup.timeoutSeconds }}
  livenessProbe:
    grpc:
      port: {{ .Values.ports.health }}
      service: liveness
    periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
    failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
    timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
  readinessProbe:
    grpc:
      port: {{ .Values.ports.health }}
      service: ""
    periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
    failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
    timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
  resources:
    {{- toYaml .Values.resources | nindent 4 }}
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: authsidecar-tmp
      mountPath: /tmp
    {{- if $embedded }}
    - name: authsidecar-data
      mountPath: /var/lib/authsidecar
    {{- end }}
    {{- if include "authsidecar.callersConfigured" . }}
    - name: authsidecar-callers
      mountPath: /etc/authsidecar/callers
      readOnly: true
    {{- end }}
    {{- if include "authsidecar.tokenSources" . }}
    - name: authsidecar-tokens
      mountPath: /etc/authsidecar/tokens
      readOnly: true
    {{- end }}
    {{- if .Values.tls.enabled }}
    - name: authsidecar-tls
      mountPath: /etc/authsidecar/tls
      readOnly: true
    {{- if and .Values.tls.clientAuth .Values.tls.clientCASecret }}
    - name: authsidecar-client-ca
      mountPath: /etc/authsidecar/client-ca
      readOnly: true
    {{- end }}
    {{- end }}
{{- end }}

{{/* The token Secrets as projected sources: one per Secret, each key at <secret>/<key>. */}}
{{- define "authsidecar.tokenSources" -}}
{{- $bySecret := dict }}
{{- range .Values.callers.list }}
{{- range .tokens }}
{{- $keys := get $bySecret .secretName | default list }}
{{- $_ := set $bySecret .secretName (append $keys .key | uniq) }}
{{- end }}
{{- end }}
{{- range $secret, $keys := $bySecret }}
- secret:
    name: {{ $secret }}
    items:
      {{- range $keys }}
      - key: {{ . }}
        path: {{ printf "%s/%s" $secret . }}
      {{- end }}
{{- end }}
{{- end }}

{{- define "authsidecar.volumes" -}}
{{- $sidecar := eq .Values.mode "sidecar" }}
{{- /* Without the pod's fsGroup (sidecar mode) the files must be readable by others: 0444. */}}
{{- $mode := ternary 292 288 $sidecar -}}
- name: authsidecar-tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if include "authsidecar.embedded" . }}
- name: authsidecar-data
  emptyDir: {}
{{- end }}
{{- if .Values.callers.existingSecret }}
- name: authsidecar-callers
  secret:
    secretName: {{ .Values.callers.existingSecret }}
    defaultMode: {{ $mode }}
    items:
      - key: {{ .Values.callers.existingSecretKey }}
        path: callers.yaml
{{- else if .Values.callers.list }}
- name: authsidecar-callers
  configMap:
    name: {{ include "authsidecar.suffixed" (list . "callers") }}
{{- end }}
{{- with include "authsidecar.tokenSources" . }}
- name: authsidecar-tokens
  projected:
    defaultMode: {{ $mode }}
    sources:
      {{- . | nindent 6 }}
{{- end }}
{{- if .Values.tls.enabled }}
- name: authsidecar-tls
  secret:
    secretName: {{ include "authsidecar.tlsSecretName" . }}
    defaultMode: {{ $mode }}
{{- if and .Values.tls.clientAuth .Values.tls.clientCASecret }}
- name: authsidecar-client-ca
  secret:
    secretName: {{ .Values.tls.clientCASecret }}
    defaultMode: {{ $mode }}
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end }}
{{- end }}

{{/* Restart the pods when the settings or the chart's Secret change. The callers file is left
out on purpose: the sidecar reloads it (and token files) without a restart. */}}
{{- define "authsidecar.podAnnotations" -}}
checksum/config: {{ include "authsidecar.configData" . | sha256sum }}
{{- with include "authsidecar.chartSecretData" . }}
checksum/secret: {{ . | sha256sum }}
{{- end }}
{{- end }}

{{/* ---- the sidecar templates a login service's chart includes -------------------------- */}}

{{/*
authsidecar.sidecar.container: the authsidecar container (a list item) for the login pod's
`containers:` (or `initContainers:` with sidecar.native). Call it with the dependency's scope:
  {{- include "authsidecar.sidecar.container" .Subcharts.authsidecar | nindent 8 }}
*/}}
{{- define "authsidecar.sidecar.container" -}}
{{- if ne .Values.mode "sidecar" }}
{{- fail "authsidecar.sidecar.container needs the authsidecar values mode: sidecar" }}
{{- end }}
{{- include "authsidecar.validate" . }}
{{- include "authsidecar.container" . }}
{{- end }}

{{/* authsidecar.sidecar.volumes: the volumes (list items) the container mounts. */}}
{{- define "authsidecar.sidecar.volumes" -}}
{{- include "authsidecar.volumes" . }}
{{- end }}

{{/* authsidecar.sidecar.podAnnotations: checksum annotations (map entries) for the login pod. */}}
{{- define "authsidecar.sidecar.podAnnotations" -}}
{{- include "authsidecar.podAnnotations" . }}
{{- end }}
