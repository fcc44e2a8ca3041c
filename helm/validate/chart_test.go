package validate

// Tests of the authsidecar chart: every profile renders, validates strictly and has the
// properties that matter; wrong values fail at `helm template`; the sidecar template renders
// inside a host chart; the validator itself rejects broken manifests.
//
// HELM names the helm binary (helm/test sets it); without it these tests are skipped, unless
// CI=true, where that is a failure.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	certmanagerv1 "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

const (
	chartDir      = "../authsidecar"
	hostChartDir  = "../testdata/host-chart"
	release       = "as"
	namespace     = "auth"
	healthPort    = 50052
	serviceMonAPI = "monitoring.coreos.com/v1/ServiceMonitor"
)

type profile struct {
	name        string
	valuesFile  string // under ci/, empty for the defaults
	apiVersions []string
}

var profiles = []profile{
	{"default", "", nil},
	{"standalone-hpa-netpol", "standalone-hpa-netpol-values.yaml", []string{serviceMonAPI}},
	{"sidecar", "sidecar-values.yaml", nil},
	{"external-postgres", "external-postgres-values.yaml", []string{serviceMonAPI}},
	{"mtls-cert-manager", "mtls-cert-manager-values.yaml", []string{serviceMonAPI}},
}

func helmBin(t *testing.T) string {
	t.Helper()
	h := os.Getenv("HELM")
	if h == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("HELM is not set (helm/test sets it)")
		}
		t.Skip("HELM is not set; run helm/test")
	}
	return h
}

func runHelm(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(helmBin(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return errb.String(), err
	}
	return out.String(), nil
}

func templateArgs(chart string, p profile, extra ...string) []string {
	args := []string{"template", release, chart, "--namespace", namespace}
	if p.valuesFile != "" {
		args = append(args, "-f", filepath.Join(chartDir, "ci", p.valuesFile))
	}
	for _, a := range p.apiVersions {
		args = append(args, "--api-versions", a)
	}
	return append(args, extra...)
}

// render renders and validates strictly; any decoding or cross-object problem fails the test.
func render(t *testing.T, chart string, p profile, extra ...string) []Object {
	t.Helper()
	out, err := runHelm(t, templateArgs(chart, p, extra...)...)
	if err != nil {
		t.Fatalf("helm template %s: %v\n%s", p.name, err, out)
	}
	objs, errs := Decode(strings.NewReader(out), p.name)
	errs = append(errs, Check(objs, Options{})...)
	for _, e := range errs {
		t.Error(e)
	}
	if len(objs) == 0 {
		t.Fatalf("%s rendered no objects", p.name)
	}
	return objs
}

func all[T any](objs []Object) []T {
	var out []T
	for _, o := range objs {
		if v, ok := o.Obj.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// authsidecarContainers finds the authsidecar container in every pod template, with its pod.
type found struct {
	owner     string
	c         corev1.Container
	pod       *corev1.PodSpec
	podAnnots map[string]string
}

func authsidecarContainers(objs []Object) []found {
	var out []found
	visit := func(owner string, spec *corev1.PodSpec, annots map[string]string) {
		for _, c := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
			if c.Name == "authsidecar" {
				out = append(out, found{owner, c, spec, annots})
			}
		}
	}
	for _, d := range all[*appsv1.Deployment](objs) {
		visit("Deployment/"+d.Name, &d.Spec.Template.Spec, d.Spec.Template.Annotations)
	}
	return out
}

func configData(t *testing.T, objs []Object) map[string]string {
	t.Helper()
	for _, cm := range all[*corev1.ConfigMap](objs) {
		if _, ok := cm.Data["AUTHSIDECAR_LISTEN"]; ok {
			return cm.Data
		}
	}
	t.Fatal("no ConfigMap with the AUTHSIDECAR_* settings")
	return nil
}

// assertContainer checks what every authsidecar container must have, in either mode.
func assertContainer(t *testing.T, f found) {
	t.Helper()
	c := f.c
	ports := map[int32]bool{}
	for _, p := range c.Ports {
		ports[p.ContainerPort] = true
	}
	for kind, want := range map[string]struct {
		probe   *corev1.Probe
		service string
	}{
		"startupProbe":   {c.StartupProbe, "liveness"},
		"livenessProbe":  {c.LivenessProbe, "liveness"},
		"readinessProbe": {c.ReadinessProbe, ""},
	} {
		p := want.probe
		switch {
		case p == nil:
			t.Errorf("%s: no %s", f.owner, kind)
		case p.GRPC == nil || p.HTTPGet != nil || p.TCPSocket != nil || p.Exec != nil:
			t.Errorf("%s: %s is not a native gRPC probe", f.owner, kind)
		case p.GRPC.Port != healthPort || !ports[healthPort]:
			t.Errorf("%s: %s probes port %d, want the declared health port %d", f.owner, kind, p.GRPC.Port, healthPort)
		case p.GRPC.Service == nil:
			t.Errorf("%s: %s names no service, want %q", f.owner, kind, want.service)
		case *p.GRPC.Service != want.service:
			t.Errorf("%s: %s asks for service %q, want %q", f.owner, kind, *p.GRPC.Service, want.service)
		}
	}
	if c.StartupProbe != nil && int(c.StartupProbe.FailureThreshold)*int(c.StartupProbe.PeriodSeconds) < 60 {
		t.Errorf("%s: the startup probe allows less than 60 s for migrations", f.owner)
	}
	sc := c.SecurityContext
	if sc == nil {
		t.Fatalf("%s: no container securityContext", f.owner)
	}
	check := func(what string, ok bool) {
		if !ok {
			t.Errorf("%s: securityContext: %s", f.owner, what)
		}
	}
	check("runAsNonRoot must be true", sc.RunAsNonRoot != nil && *sc.RunAsNonRoot)
	check("runAsUser must be 65532", sc.RunAsUser != nil && *sc.RunAsUser == 65532)
	check("readOnlyRootFilesystem must be true", sc.ReadOnlyRootFilesystem != nil && *sc.ReadOnlyRootFilesystem)
	check("allowPrivilegeEscalation must be false", sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation)
	check("privileged must be false", sc.Privileged == nil || !*sc.Privileged)
	check("capabilities must drop ALL and add none", sc.Capabilities != nil && slices.Contains(sc.Capabilities.Drop, "ALL") && len(sc.Capabilities.Add) == 0)
	check("seccompProfile must be RuntimeDefault", sc.SeccompProfile != nil && sc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault)
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := c.Resources.Requests[res]; !ok {
			t.Errorf("%s: no %s request", f.owner, res)
		}
		if _, ok := c.Resources.Limits[res]; !ok {
			t.Errorf("%s: no %s limit", f.owner, res)
		}
	}
	tmp := false
	for _, m := range c.VolumeMounts {
		if m.MountPath == "/tmp" {
			for _, v := range f.pod.Volumes {
				if v.Name == m.Name && v.EmptyDir != nil {
					tmp = true
				}
			}
		}
	}
	check("/tmp must be a writable emptyDir (read-only root filesystem)", tmp)
	if f.podAnnots["checksum/config"] == "" {
		t.Errorf("%s: the pod template has no checksum/config annotation", f.owner)
	}
	for _, e := range c.Env {
		if strings.HasPrefix(e.Name, "AUTHSIDECAR_") && e.Value != "" {
			t.Errorf("%s: %s is set inline in the pod; settings belong in the ConfigMap, secrets in Secrets", f.owner, e.Name)
		}
		if (e.Name == "AUTHSIDECAR_DB_PASSWORD" || e.Name == "AUTHSIDECAR_SECRET_KEYS") && (e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil) {
			t.Errorf("%s: %s must come from a Secret", f.owner, e.Name)
		}
	}
}

// secretRef returns the Secret name and key an env var of the container reads.
func secretRef(f found, name string) (string, string) {
	for _, e := range f.c.Env {
		if e.Name == name && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			return e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key
		}
	}
	return "", ""
}

func volume(f found, name string) *corev1.Volume {
	for i := range f.pod.Volumes {
		if f.pod.Volumes[i].Name == name {
			return &f.pod.Volumes[i]
		}
	}
	return nil
}

// assertStandalone checks the standalone objects every standalone profile has.
func assertStandalone(t *testing.T, objs []Object, cfg map[string]string) {
	t.Helper()
	if cfg["AUTHSIDECAR_LISTEN"] != "0.0.0.0:50051" {
		t.Errorf("standalone listens on %q", cfg["AUTHSIDECAR_LISTEN"])
	}
	if cfg["AUTHSIDECAR_TLS_CERT_FILE"] == "" || cfg["AUTHSIDECAR_TLS_KEY_FILE"] == "" || cfg["AUTHSIDECAR_CALLERS_FILE"] == "" {
		t.Errorf("standalone off loopback needs TLS files and a callers file: %v", cfg)
	}
	svcs := all[*corev1.Service](objs)
	if len(svcs) != 1 {
		t.Fatalf("want one Service, got %d", len(svcs))
	}
	grpc := false
	for _, p := range svcs[0].Spec.Ports {
		if p.Name == "grpc" && p.AppProtocol != nil && *p.AppProtocol == "grpc" && p.TargetPort.StrVal == "grpc" {
			grpc = true
		}
	}
	if !grpc {
		t.Errorf("the Service's gRPC port must be named grpc with appProtocol grpc: %+v", svcs[0].Spec.Ports)
	}
	d := all[*appsv1.Deployment](objs)[0]
	ps := d.Spec.Template.Spec
	if ps.SecurityContext == nil || ps.SecurityContext.RunAsNonRoot == nil || !*ps.SecurityContext.RunAsNonRoot ||
		ps.SecurityContext.SeccompProfile == nil || ps.SecurityContext.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("pod securityContext must be non-root with RuntimeDefault seccomp: %+v", ps.SecurityContext)
	}
	if ps.AutomountServiceAccountToken == nil || *ps.AutomountServiceAccountToken {
		t.Error("the pod must not mount a service account token")
	}
	if ps.TerminationGracePeriodSeconds == nil || *ps.TerminationGracePeriodSeconds <= 20 {
		t.Error("termination grace must exceed AUTHSIDECAR_SHUTDOWN_GRACE (20 s)")
	}
	if len(ps.TopologySpreadConstraints) == 0 {
		t.Error("no topology spread constraints")
	}
	// The helm test pod: the image's health subcommand against the Service's health port.
	var test *corev1.Pod
	for _, p := range all[*corev1.Pod](objs) {
		if p.Annotations["helm.sh/hook"] == "test" {
			test = p
		}
	}
	if test == nil {
		t.Fatal("no helm test pod")
	}
	want := []string{"health", "--service", "", "as-authsidecar.auth.svc:50052"}
	if !slices.Equal(test.Spec.Containers[0].Args, want) {
		t.Errorf("helm test pod args %q, want %q", test.Spec.Containers[0].Args, want)
	}
}

func TestProfiles(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			objs := render(t, chartDir, p)
			cfg := configData(t, objs)
			if cfg["AUTHSIDECAR_HEALTH_LISTEN"] != "0.0.0.0:50052" || cfg["AUTHSIDECAR_METRICS_LISTEN"] != "0.0.0.0:9464" {
				t.Errorf("health and metrics listeners: %v", cfg)
			}
			for _, f := range authsidecarContainers(objs) {
				assertContainer(t, f)
			}
			secrets := all[*corev1.Secret](objs)
			// Dashboard: valid JSON, and every query is about the sidecar's own metrics.
			for _, cm := range all[*corev1.ConfigMap](objs) {
				if js, ok := cm.Data["authsidecar.json"]; ok {
					var dash struct {
						Panels []struct{ Targets []struct{ Expr string } }
					}
					if err := yaml.Unmarshal([]byte(js), &dash); err != nil || len(dash.Panels) == 0 {
						t.Errorf("dashboard JSON: %v", err)
					}
					for _, pn := range dash.Panels {
						for _, tg := range pn.Targets {
							if !strings.Contains(tg.Expr, "authsidecar_") {
								t.Errorf("dashboard query without an authsidecar metric: %s", tg.Expr)
							}
						}
					}
				}
			}
			switch p.name {
			case "default":
				if len(all[*appsv1.Deployment](objs)) != 0 || len(secrets) != 0 {
					t.Error("the default (sidecar, embedded H2) renders no Deployment and no Secret")
				}
				if cfg["AUTHSIDECAR_LISTEN"] != "127.0.0.1:50051" || cfg["AUTHSIDECAR_DATA_DIR"] == "" {
					t.Errorf("default config: %v", cfg)
				}
			case "sidecar":
				if len(all[*appsv1.Deployment](objs))+len(all[*corev1.Service](objs)) != 0 {
					t.Error("sidecar mode renders no Deployment or Service of its own")
				}
				if len(secrets) != 0 {
					t.Errorf("existing Secrets are named, yet the chart renders %d Secret(s)", len(secrets))
				}
				if cfg["AUTHSIDECAR_LISTEN"] != "127.0.0.1:50051" {
					t.Errorf("sidecar mode must keep the API on loopback, got %q", cfg["AUTHSIDECAR_LISTEN"])
				}
			case "standalone-hpa-netpol":
				assertStandalone(t, objs, cfg)
				d := all[*appsv1.Deployment](objs)[0]
				hpas := all[*autoscalingv2.HorizontalPodAutoscaler](objs)
				if len(hpas) != 1 || hpas[0].Spec.ScaleTargetRef.Name != d.Name || d.Spec.Replicas != nil {
					t.Error("want an HPA scaling the Deployment, and no replicas on the Deployment")
				}
				nps := all[*networkingv1.NetworkPolicy](objs)
				if len(nps) != 1 {
					t.Fatal("want a NetworkPolicy")
				}
				rule := nps[0].Spec.Ingress[0]
				if rule.Ports[0].Port.StrVal != "grpc" || len(rule.From) != 1 || rule.From[0].PodSelector == nil ||
					rule.From[0].PodSelector.MatchLabels["authsidecar.dev/client"] != "true" || rule.From[0].NamespaceSelector == nil {
					t.Errorf("the gRPC port must admit only labelled login pods: %+v", rule)
				}
				if len(all[*monitoringv1.ServiceMonitor](objs)) != 1 {
					t.Error("want a ServiceMonitor when the CRD is present")
				}
				// Inline values go to the chart's Secret, and only there.
				if len(secrets) != 1 || len(secrets[0].Data) != 2 || secrets[0].Data["db-password"] == nil || secrets[0].Data["secret-keys"] == nil {
					t.Errorf("want the chart Secret with db-password and secret-keys: %+v", secrets)
				}
				f := authsidecarContainers(objs)[0]
				if n, k := secretRef(f, "AUTHSIDECAR_DB_PASSWORD"); n != secrets[0].Name || k != "db-password" {
					t.Errorf("the password comes from %s/%s", n, k)
				}
				for _, cm := range all[*corev1.ConfigMap](objs) {
					for _, v := range cm.Data {
						if strings.Contains(v, "ci-only-not-a-real-password") || strings.Contains(v, "k1:AAAA") {
							t.Errorf("ConfigMap %s holds a secret value", cm.Name)
						}
					}
				}
				assertTokenFiles(t, objs, f)
			case "external-postgres":
				assertStandalone(t, objs, cfg)
				if len(secrets) != 0 {
					t.Errorf("every secret is an existing Secret, yet the chart renders %d Secret(s)", len(secrets))
				}
				f := authsidecarContainers(objs)[0]
				if n, k := secretRef(f, "AUTHSIDECAR_DB_PASSWORD"); n != "authsidecar-db" || k != "postgres-password" {
					t.Errorf("password from %s/%s, want authsidecar-db/postgres-password", n, k)
				}
				if n, k := secretRef(f, "AUTHSIDECAR_SECRET_KEYS"); n != "authsidecar-sealing-keys" || k != "keys" {
					t.Errorf("sealing keys from %s/%s", n, k)
				}
				if v := volume(f, "authsidecar-callers"); v == nil || v.Secret == nil || v.Secret.SecretName != "authsidecar-callers" {
					t.Errorf("the callers file must come from the existing Secret: %+v", v)
				}
				if v := volume(f, "authsidecar-tls"); v == nil || v.Secret == nil || v.Secret.SecretName != "authsidecar-server-tls" {
					t.Errorf("TLS must come from the existing Secret: %+v", v)
				}
				if d := all[*appsv1.Deployment](objs)[0]; d.Spec.Replicas == nil || *d.Spec.Replicas != 3 {
					t.Error("want 3 replicas")
				}
			case "mtls-cert-manager":
				assertStandalone(t, objs, cfg)
				if cfg["AUTHSIDECAR_TLS_CLIENT_CA_FILE"] != "/etc/authsidecar/tls/ca.crt" {
					t.Errorf("mutual TLS needs the client CA file, got %q", cfg["AUTHSIDECAR_TLS_CLIENT_CA_FILE"])
				}
				certs := all[*certmanagerv1.Certificate](objs)
				if len(certs) != 3 {
					t.Fatalf("want the server and two client Certificates, got %d", len(certs))
				}
				f := authsidecarContainers(objs)[0]
				server := certs[0]
				if v := volume(f, "authsidecar-tls"); v == nil || v.Secret == nil || v.Secret.SecretName != server.Spec.SecretName {
					t.Errorf("the pod must mount the server Certificate's Secret %q", server.Spec.SecretName)
				}
				if server.Spec.PrivateKey == nil || server.Spec.PrivateKey.Encoding != certmanagerv1.PKCS8 ||
					!slices.Contains(server.Spec.Usages, certmanagerv1.UsageServerAuth) ||
					!slices.Contains(server.Spec.DNSNames, "as-authsidecar.auth.svc") {
					t.Errorf("server Certificate: want PKCS#8, server auth and the Service's name: %+v", server.Spec)
				}
				for _, c := range certs[1:] {
					if !slices.Contains(c.Spec.Usages, certmanagerv1.UsageClientAuth) || c.Spec.PrivateKey.Encoding != certmanagerv1.PKCS8 {
						t.Errorf("client Certificate %s: want client auth and PKCS#8", c.Name)
					}
				}
				var callers struct {
					Callers []struct {
						Name        string
						Permissions []string
						Certificate map[string]string
					}
				}
				for _, cm := range all[*corev1.ConfigMap](objs) {
					if y, ok := cm.Data["callers.yaml"]; ok {
						if err := yaml.UnmarshalStrict([]byte(y), &callers); err != nil {
							t.Fatal(err)
						}
					}
				}
				if len(callers.Callers) != 2 || callers.Callers[0].Certificate["uri"] != certs[1].Spec.URIs[0] {
					t.Errorf("the callers must be named by the client certificates' identities: %+v", callers)
				}
			}
		})
	}
}

// assertTokenFiles: every token file in the callers file is a path the projected volume provides.
func assertTokenFiles(t *testing.T, objs []Object, f found) {
	t.Helper()
	var callers struct {
		Callers []struct {
			Name        string
			Permissions []string
			Tokens      []struct{ File string }
		}
	}
	for _, cm := range all[*corev1.ConfigMap](objs) {
		if y, ok := cm.Data["callers.yaml"]; ok {
			if err := yaml.UnmarshalStrict([]byte(y), &callers); err != nil {
				t.Fatal(err)
			}
		}
	}
	v := volume(f, "authsidecar-tokens")
	if v == nil || v.Projected == nil {
		t.Fatal("no projected token volume")
	}
	paths := map[string]bool{}
	for _, s := range v.Projected.Sources {
		for _, it := range s.Secret.Items {
			paths["/etc/authsidecar/tokens/"+it.Path] = true
		}
	}
	n := 0
	for _, c := range callers.Callers {
		for _, tok := range c.Tokens {
			n++
			if !paths[tok.File] {
				t.Errorf("caller %s reads %s, which no Secret provides", c.Name, tok.File)
			}
		}
	}
	if n == 0 {
		t.Error("no token files in the callers file")
	}
}

func TestServiceMonitorOnlyWithTheCRD(t *testing.T) {
	p := profiles[1]
	p.apiVersions = nil
	objs := render(t, chartDir, p)
	if n := len(all[*monitoringv1.ServiceMonitor](objs)); n != 0 {
		t.Errorf("without the monitoring.coreos.com/v1 API the chart must not render a ServiceMonitor (got %d)", n)
	}
}

func TestImage(t *testing.T) {
	objs := render(t, chartDir, profiles[4])
	if img := authsidecarContainers(objs)[0].c.Image; img != "authsidecar/authsidecar:0.1.0" {
		t.Errorf("default image %q, want authsidecar/authsidecar:<appVersion 0.1.0>", img)
	}
	digest := "sha256:" + strings.Repeat("ab", 32)
	objs = render(t, chartDir, profiles[4], "--set", "image.digest="+digest)
	if img := authsidecarContainers(objs)[0].c.Image; img != "authsidecar/authsidecar@"+digest {
		t.Errorf("image by digest: %q", img)
	}
}

// Wrong values fail at `helm template` (so at `helm install`), with a message naming the value.
func TestWrongValuesFail(t *testing.T) {
	base := profiles[0]
	standalone := profiles[3]
	cases := []struct {
		name string
		p    profile
		args []string
		want string
	}{
		{"unknown mode", base, []string{"--set", "mode=foo"}, "value must be one of 'sidecar', 'standalone'"},
		{"replicas not a number", base, []string{"--set", "replicaCount=two"}, "/replicaCount': got string, want integer"},
		{"misspelt key", base, []string{"--set", "replicas=3"}, "additional properties 'replicas' not allowed"},
		{"misspelt nested key", base, []string{"--set", "database.passwd=x"}, "additional properties 'passwd' not allowed"},
		{"port out of range", base, []string{"--set", "ports.grpc=70000"}, "/ports/grpc"},
		{"unknown permission", base, []string{"--set", "callers.list[0].name=a", "--set", "callers.list[0].permissions[0]=admn", "--set", "callers.list[0].tokens[0].secretName=s", "--set", "callers.list[0].tokens[0].key=k"}, "/callers/list/0/permissions/0"},
		{"managed setting", base, []string{"--set", "settings.AUTHSIDECAR_LISTEN=0.0.0.0:1"}, "invalid propertyName 'AUTHSIDECAR_LISTEN'"},
		{"not a setting", base, []string{"--set", "settings.TOTP_DIGITS=8"}, "invalid propertyName 'TOTP_DIGITS'"},
		{"not a JDBC PostgreSQL URL", base, []string{"--set", "database.url=postgres://db/x"}, "/database/url"},
		{"malformed sealing key", base, []string{"--set", "sealingKeys.value=k1:short"}, "/sealingKeys/value"},
		{"standalone without TLS", base, []string{"--set", "mode=standalone"}, "/tls/enabled': value must be true"},
		{"standalone without callers", standalone, []string{"--set", "callers.existingSecret="}, "mode standalone needs callers"},
		{"TLS without material", standalone, []string{"--set", "tls.existingSecret="}, "tls.enabled needs the material"},
		{"both password and existing Secret", standalone, []string{"--set", "database.password=x"}, "database.password or database.existingSecret, not both"},
		{"PostgreSQL without sealing keys", standalone, []string{"--set", "sealingKeys.existingSecret="}, "needs sealing keys"},
		{"H2 with replicas", base, []string{"--set", "mode=standalone", "--set", "tls.enabled=true", "--set", "tls.existingSecret=t", "--set", "callers.existingSecret=c"}, "embedded H2 database"},
		{"mTLS without certificate callers", profiles[1], []string{"--set", "tls.clientAuth=true"}, "needs at least one caller with a certificate identity"},
		{"cert-manager without issuer", profiles[4], []string{"--set", "tls.certManager.issuerRef.name="}, "needs tls.certManager.issuerRef.name"},
		{"insecure no-callers off loopback", standalone, []string{"--set", "callers.insecureNoCallers=true"}, "insecureNoCallers is for sidecar mode only"},
		{"caller name twice", profiles[2], []string{"--set", "callers.list[1].name=login-web", "--set", "callers.list[1].permissions[0]=audit", "--set", "callers.list[1].certificate.cn=x"}, "is used twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runHelm(t, templateArgs(chartDir, c.p, c.args...)...)
			if err == nil {
				t.Fatalf("helm template %v succeeded; want a failure mentioning %q", c.args, c.want)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("helm template %v failed with\n%s\nwant it to mention %q", c.args, out, c.want)
			}
		})
	}
}

// The sidecar template renders inside a login service's own chart (authsidecar as a file://
// dependency), as a container and as a native sidecar.
func TestHostChart(t *testing.T) {
	if out, err := runHelm(t, "dependency", "update", hostChartDir, "--skip-refresh"); err != nil {
		t.Fatalf("helm dependency update: %v\n%s", err, out)
	}
	host := profile{name: "host-chart"}
	for _, native := range []bool{false, true} {
		objs := render(t, hostChartDir, host, "--set", "authsidecar.sidecar.native="+map[bool]string{false: "false", true: "true"}[native])
		ds := all[*appsv1.Deployment](objs)
		if len(ds) != 1 || ds[0].Name != "as-login-web" {
			t.Fatalf("want only the login Deployment, got %d", len(ds))
		}
		spec := ds[0].Spec.Template.Spec
		var names []string
		for _, c := range spec.Containers {
			names = append(names, c.Name)
		}
		if native {
			if len(spec.InitContainers) != 1 || spec.InitContainers[0].Name != "authsidecar" ||
				spec.InitContainers[0].RestartPolicy == nil || *spec.InitContainers[0].RestartPolicy != corev1.ContainerRestartPolicyAlways {
				t.Errorf("native sidecar: want authsidecar in initContainers with restartPolicy Always")
			}
		} else if !slices.Equal(names, []string{"login-web", "authsidecar"}) {
			t.Errorf("containers %v, want [login-web authsidecar]", names)
		}
		fs := authsidecarContainers(objs)
		if len(fs) != 1 {
			t.Fatalf("want one authsidecar container, got %d", len(fs))
		}
		assertContainer(t, fs[0])
		for _, p := range fs[0].c.Ports {
			if p.Name == "grpc" || p.Name == "health" || p.Name == "metrics" {
				t.Errorf("sidecar port name %q may clash with the login container's; want the as- prefix", p.Name)
			}
		}
		cfg := configData(t, objs)
		if cfg["AUTHSIDECAR_LISTEN"] != "127.0.0.1:50051" {
			t.Errorf("sidecar API must stay on loopback: %q", cfg["AUTHSIDECAR_LISTEN"])
		}
		if len(all[*corev1.Secret](objs)) != 0 {
			t.Error("existing Secrets are named; the host render must hold no Secret")
		}
		assertTokenFiles(t, objs, fs[0])
	}
	// The template refuses a dependency configured for standalone mode.
	out, err := runHelm(t, templateArgs(hostChartDir, host, "--set", "authsidecar.mode=standalone")...)
	if err == nil || !strings.Contains(out, "needs the authsidecar values mode: sidecar") && !strings.Contains(out, "/tls/enabled") {
		t.Errorf("a standalone-mode dependency must not render as a sidecar: %v\n%s", err, out)
	}
}

// The validator rejects broken manifests: each testdata/bad file states the error it must cause.
func TestValidatorRejectsBrokenManifests(t *testing.T) {
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(bad) < 10 {
		t.Fatalf("only %d bad fixtures", len(bad))
	}
	for _, file := range bad {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			if !ok {
				t.Fatal("first line must be '# want: <error text>'")
			}
			objs, errs := Decode(bytes.NewReader(data), file)
			errs = append(errs, Check(objs, Options{})...)
			var all []string
			for _, e := range errs {
				all = append(all, e.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), want) {
				t.Errorf("want an error containing %q, got %q", want, all)
			}
		})
	}
	good, _ := filepath.Glob("testdata/good/*.yaml")
	for _, file := range good {
		data, _ := os.ReadFile(file)
		objs, errs := Decode(bytes.NewReader(data), file)
		errs = append(errs, Check(objs, Options{})...)
		if len(errs) > 0 || len(objs) == 0 {
			t.Errorf("%s must pass: %v", file, errs)
		}
	}
}
