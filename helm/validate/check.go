package validate

import (
	"fmt"
	"sort"
	"strings"

	certmanagerv1 "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Options tune Check.
type Options struct {
	// ExternalConfigMaps may be referenced by pods without being rendered.
	ExternalConfigMaps []string
}

// podTemplate is a pod spec with its labels and owner, from a workload or a bare Pod.
type podTemplate struct {
	owner  string
	labels map[string]string
	spec   *corev1.PodSpec
	hook   bool // a Helm hook (e.g. the helm test pod): never a target of long-lived selectors
}

// Check applies the rules a decoder cannot: names and labels are valid, references between the
// rendered objects resolve, selectors select what they are meant to.
func Check(objs []Object, opts Options) []error {
	var errs []error
	fail := func(o Object, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s (%s): %s", o.Name(), o.Source, fmt.Sprintf(format, args...)))
	}

	seen := map[string]string{}
	configMaps := map[string]bool{}
	for _, c := range opts.ExternalConfigMaps {
		configMaps[c] = true
	}
	services := map[string]*corev1.Service{}
	var pods []podTemplate
	workloads := map[string]bool{} // "Kind/name"

	for _, o := range objs {
		meta, ok := o.Obj.(metav1.Object)
		if !ok {
			fail(o, "has no object metadata")
			continue
		}
		key := o.GVK.GroupKind().String() + "/" + meta.GetNamespace() + "/" + meta.GetName()
		if prev, dup := seen[key]; dup {
			fail(o, "rendered twice (also at %s)", prev)
		}
		seen[key] = o.Source
		checkMeta(o, meta, fail)
		switch t := o.Obj.(type) {
		case *corev1.ConfigMap:
			configMaps[t.Name] = true
		case *corev1.Service:
			services[t.Name] = t
			if msgs := validation.IsDNS1035Label(t.Name); len(msgs) > 0 {
				fail(o, "Service name %q: %s", t.Name, strings.Join(msgs, "; "))
			}
		case *appsv1.Deployment:
			workloads["Deployment/"+t.Name] = true
			checkWorkloadSelector(o, t.Spec.Selector, t.Spec.Template.Labels, fail)
			pods = append(pods, podTemplate{o.Name(), t.Spec.Template.Labels, &t.Spec.Template.Spec, false})
		case *appsv1.StatefulSet:
			workloads["StatefulSet/"+t.Name] = true
			checkWorkloadSelector(o, t.Spec.Selector, t.Spec.Template.Labels, fail)
			pods = append(pods, podTemplate{o.Name(), t.Spec.Template.Labels, &t.Spec.Template.Spec, false})
		case *appsv1.DaemonSet:
			checkWorkloadSelector(o, t.Spec.Selector, t.Spec.Template.Labels, fail)
			pods = append(pods, podTemplate{o.Name(), t.Spec.Template.Labels, &t.Spec.Template.Spec, false})
		case *batchv1.Job:
			pods = append(pods, podTemplate{o.Name(), t.Spec.Template.Labels, &t.Spec.Template.Spec, t.Annotations["helm.sh/hook"] != ""})
		case *corev1.Pod:
			pods = append(pods, podTemplate{o.Name(), t.Labels, &t.Spec, t.Annotations["helm.sh/hook"] != ""})
		}
	}

	for _, p := range pods {
		errs = append(errs, checkPodSpec(p, configMaps)...)
	}

	// selected returns the long-lived pod templates a selector picks; hook pods never count and
	// a selector that picks one is an error (a Service would route to the test pod).
	selected := func(o Object, what string, sel labels.Selector) []podTemplate {
		var out []podTemplate
		for _, p := range pods {
			if !sel.Matches(labels.Set(p.labels)) {
				continue
			}
			if p.hook {
				fail(o, "%s also selects the hook pod %s", what, p.owner)
				continue
			}
			out = append(out, p)
		}
		return out
	}
	portNames := func(ps []podTemplate) map[string]bool {
		names := map[string]bool{}
		for _, p := range ps {
			for _, c := range append(append([]corev1.Container{}, p.spec.InitContainers...), p.spec.Containers...) {
				for _, port := range c.Ports {
					if port.Name != "" {
						names[port.Name] = true
					}
				}
			}
		}
		return names
	}

	for _, o := range objs {
		switch t := o.Obj.(type) {
		case *corev1.Service:
			if len(t.Spec.Selector) == 0 {
				continue
			}
			matched := selected(o, "selector", labels.SelectorFromSet(t.Spec.Selector))
			if len(matched) == 0 {
				fail(o, "selector %v matches no rendered pod template", t.Spec.Selector)
				continue
			}
			names := portNames(matched)
			seenPorts := map[string]bool{}
			for _, sp := range t.Spec.Ports {
				if seenPorts[sp.Name] {
					fail(o, "port name %q used twice", sp.Name)
				}
				seenPorts[sp.Name] = true
				if sp.TargetPort.Type == intstr.String && !names[sp.TargetPort.StrVal] {
					fail(o, "port %q targets the container port %q, which the selected pods do not declare", sp.Name, sp.TargetPort.StrVal)
				}
			}
		case *policyv1.PodDisruptionBudget:
			sel, err := metav1.LabelSelectorAsSelector(t.Spec.Selector)
			if err != nil || t.Spec.Selector == nil || sel.Empty() {
				fail(o, "needs a non-empty, valid selector (%v)", err)
				continue
			}
			if len(selected(o, "selector", sel)) == 0 {
				fail(o, "selector matches no rendered pod template")
			}
		case *networkingv1.NetworkPolicy:
			sel, err := metav1.LabelSelectorAsSelector(&t.Spec.PodSelector)
			if err != nil {
				fail(o, "podSelector: %v", err)
				continue
			}
			matched := selected(o, "podSelector", sel)
			if len(matched) == 0 {
				fail(o, "podSelector matches no rendered pod template")
				continue
			}
			names := portNames(matched)
			for i, rule := range t.Spec.Ingress {
				for _, p := range rule.Ports {
					if p.Port != nil && p.Port.Type == intstr.String && !names[p.Port.StrVal] {
						fail(o, "ingress[%d] names the port %q, which the selected pods do not declare", i, p.Port.StrVal)
					}
				}
				for j, peer := range rule.From {
					for _, s := range []*metav1.LabelSelector{peer.PodSelector, peer.NamespaceSelector} {
						if s == nil {
							continue
						}
						if _, err := metav1.LabelSelectorAsSelector(s); err != nil {
							fail(o, "ingress[%d].from[%d]: %v", i, j, err)
						}
					}
				}
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			ref := t.Spec.ScaleTargetRef
			if !workloads[ref.Kind+"/"+ref.Name] {
				fail(o, "scaleTargetRef %s/%s is not rendered", ref.Kind, ref.Name)
			}
			if t.Spec.MinReplicas != nil && *t.Spec.MinReplicas > t.Spec.MaxReplicas {
				fail(o, "minReplicas %d > maxReplicas %d", *t.Spec.MinReplicas, t.Spec.MaxReplicas)
			}
			for _, w := range objs {
				if d, ok := w.Obj.(*appsv1.Deployment); ok && ref.Kind == "Deployment" && d.Name == ref.Name && d.Spec.Replicas != nil {
					fail(o, "the Deployment it scales sets replicas, which fights the autoscaler on every upgrade")
				}
			}
		case *monitoringv1.ServiceMonitor:
			sel, err := metav1.LabelSelectorAsSelector(&t.Spec.Selector)
			if err != nil || sel.Empty() {
				fail(o, "needs a non-empty, valid selector (%v)", err)
				continue
			}
			var svcPorts = map[string]bool{}
			found := false
			for _, s := range services {
				if sel.Matches(labels.Set(s.Labels)) {
					found = true
					for _, p := range s.Spec.Ports {
						svcPorts[p.Name] = true
					}
				}
			}
			if !found {
				fail(o, "selector matches no rendered Service")
			}
			for _, ep := range t.Spec.Endpoints {
				if ep.Port != "" && !svcPorts[ep.Port] {
					fail(o, "endpoint port %q is not a port of the selected Services", ep.Port)
				}
			}
		case *certmanagerv1.Certificate:
			if t.Spec.SecretName == "" {
				fail(o, "spec.secretName is required")
			}
			if t.Spec.IssuerRef.Name == "" {
				fail(o, "spec.issuerRef.name is required")
			}
			if len(t.Spec.DNSNames) == 0 && len(t.Spec.URIs) == 0 && t.Spec.CommonName == "" && len(t.Spec.IPAddresses) == 0 && len(t.Spec.EmailAddresses) == 0 {
				fail(o, "names no identity (dnsNames, uris, commonName, ...)")
			}
			for _, u := range t.Spec.Usages {
				if !knownUsages[u] {
					fail(o, "unknown usage %q", u)
				}
			}
			for _, n := range t.Spec.DNSNames {
				if msgs := validation.IsDNS1123Subdomain(n); len(msgs) > 0 {
					fail(o, "dnsName %q: %s", n, strings.Join(msgs, "; "))
				}
			}
		}
	}
	return errs
}

var knownUsages = map[certmanagerv1.KeyUsage]bool{}

func init() {
	for _, u := range []certmanagerv1.KeyUsage{
		certmanagerv1.UsageSigning, certmanagerv1.UsageDigitalSignature, certmanagerv1.UsageContentCommitment,
		certmanagerv1.UsageKeyEncipherment, certmanagerv1.UsageKeyAgreement, certmanagerv1.UsageDataEncipherment,
		certmanagerv1.UsageCertSign, certmanagerv1.UsageCRLSign, certmanagerv1.UsageEncipherOnly,
		certmanagerv1.UsageDecipherOnly, certmanagerv1.UsageAny, certmanagerv1.UsageServerAuth,
		certmanagerv1.UsageClientAuth, certmanagerv1.UsageCodeSigning, certmanagerv1.UsageEmailProtection,
		certmanagerv1.UsageSMIME, certmanagerv1.UsageIPsecEndSystem, certmanagerv1.UsageIPsecTunnel,
		certmanagerv1.UsageIPsecUser, certmanagerv1.UsageTimestamping, certmanagerv1.UsageOCSPSigning,
		certmanagerv1.UsageMicrosoftSGC, certmanagerv1.UsageNetscapeSGC,
	} {
		knownUsages[u] = true
	}
}

func checkMeta(o Object, meta metav1.Object, fail func(Object, string, ...any)) {
	if meta.GetName() == "" {
		fail(o, "metadata.name is required")
	} else if msgs := validation.IsDNS1123Subdomain(meta.GetName()); len(msgs) > 0 {
		fail(o, "metadata.name %q: %s", meta.GetName(), strings.Join(msgs, "; "))
	}
	for k, v := range meta.GetLabels() {
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			fail(o, "label key %q: %s", k, strings.Join(msgs, "; "))
		}
		if msgs := validation.IsValidLabelValue(v); len(msgs) > 0 {
			fail(o, "label %q value %q: %s", k, v, strings.Join(msgs, "; "))
		}
	}
	for k := range meta.GetAnnotations() {
		if msgs := validation.IsQualifiedName(strings.ToLower(k)); len(msgs) > 0 {
			fail(o, "annotation key %q: %s", k, strings.Join(msgs, "; "))
		}
	}
}

func checkWorkloadSelector(o Object, s *metav1.LabelSelector, podLabels map[string]string, fail func(Object, string, ...any)) {
	sel, err := metav1.LabelSelectorAsSelector(s)
	if err != nil || s == nil || sel.Empty() {
		fail(o, "spec.selector must be a non-empty, valid selector (%v)", err)
		return
	}
	if !sel.Matches(labels.Set(podLabels)) {
		fail(o, "spec.selector %s does not match the pod template's labels %v", sel, podLabels)
	}
}

func checkPodSpec(p podTemplate, configMaps map[string]bool) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: pod spec: %s", p.owner, fmt.Sprintf(format, args...)))
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range p.spec.Volumes {
		if _, dup := volumes[v.Name]; dup {
			fail("volume %q declared twice", v.Name)
		}
		volumes[v.Name] = v
		if msgs := validation.IsDNS1123Label(v.Name); len(msgs) > 0 {
			fail("volume name %q: %s", v.Name, strings.Join(msgs, "; "))
		}
		if v.ConfigMap != nil && !configMaps[v.ConfigMap.Name] && !(v.ConfigMap.Optional != nil && *v.ConfigMap.Optional) {
			fail("volume %q mounts the ConfigMap %q, which is not rendered", v.Name, v.ConfigMap.Name)
		}
		if v.Projected != nil {
			paths := map[string]bool{}
			for _, src := range v.Projected.Sources {
				if src.Secret == nil {
					continue
				}
				for _, it := range src.Secret.Items {
					if paths[it.Path] {
						fail("projected volume %q: path %q twice", v.Name, it.Path)
					}
					paths[it.Path] = true
				}
			}
		}
	}
	containerNames := map[string]bool{}
	portNames := map[string]string{}
	used := map[string]bool{}
	all := append(append([]corev1.Container{}, p.spec.InitContainers...), p.spec.Containers...)
	for _, c := range all {
		if containerNames[c.Name] {
			fail("container name %q used twice", c.Name)
		}
		containerNames[c.Name] = true
		if msgs := validation.IsDNS1123Label(c.Name); len(msgs) > 0 {
			fail("container name %q: %s", c.Name, strings.Join(msgs, "; "))
		}
		if c.Image == "" {
			fail("container %q has no image", c.Name)
		}
		ports := map[int32]bool{}
		named := map[string]bool{}
		for _, port := range c.Ports {
			ports[port.ContainerPort] = true
			if port.Name == "" {
				continue
			}
			named[port.Name] = true
			if msgs := validation.IsValidPortName(port.Name); len(msgs) > 0 {
				fail("container %q port name %q: %s", c.Name, port.Name, strings.Join(msgs, "; "))
			}
			if other, dup := portNames[port.Name]; dup {
				fail("port name %q declared by containers %q and %q (must be unique in the pod)", port.Name, other, c.Name)
			}
			portNames[port.Name] = c.Name
		}
		for kind, probe := range map[string]*corev1.Probe{"startupProbe": c.StartupProbe, "livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe} {
			if probe == nil {
				continue
			}
			switch {
			case probe.GRPC != nil:
				if !ports[probe.GRPC.Port] {
					fail("container %q %s: gRPC port %d is not one of its containerPorts", c.Name, kind, probe.GRPC.Port)
				}
			case probe.HTTPGet != nil:
				checkProbePort(c.Name, kind, probe.HTTPGet.Port, ports, named, fail)
			case probe.TCPSocket != nil:
				checkProbePort(c.Name, kind, probe.TCPSocket.Port, ports, named, fail)
			}
		}
		mountPaths := map[string]bool{}
		for _, m := range c.VolumeMounts {
			if _, ok := volumes[m.Name]; !ok {
				fail("container %q mounts the volume %q, which the pod does not declare", c.Name, m.Name)
			}
			if mountPaths[m.MountPath] {
				fail("container %q mounts two volumes at %s", c.Name, m.MountPath)
			}
			mountPaths[m.MountPath] = true
			used[m.Name] = true
		}
		envNames := map[string]bool{}
		for _, e := range c.Env {
			if envNames[e.Name] {
				fail("container %q sets %s twice", c.Name, e.Name)
			}
			envNames[e.Name] = true
		}
		for _, ef := range c.EnvFrom {
			if ef.ConfigMapRef != nil && !configMaps[ef.ConfigMapRef.Name] && !(ef.ConfigMapRef.Optional != nil && *ef.ConfigMapRef.Optional) {
				fail("container %q takes env from the ConfigMap %q, which is not rendered", c.Name, ef.ConfigMapRef.Name)
			}
		}
		for res, lim := range c.Resources.Limits {
			if req, ok := c.Resources.Requests[res]; ok && req.Cmp(lim) > 0 {
				fail("container %q requests more %s (%s) than its limit (%s)", c.Name, res, req.String(), lim.String())
			}
		}
	}
	var unused []string
	for name := range volumes {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		fail("volumes declared but mounted by no container: %s", strings.Join(unused, ", "))
	}
	return errs
}

func checkProbePort(container, kind string, port intstr.IntOrString, ports map[int32]bool, named map[string]bool, fail func(string, ...any)) {
	if port.Type == intstr.String {
		if !named[port.StrVal] {
			fail("container %q %s: port %q is not one of its named ports", container, kind, port.StrVal)
		}
	} else if !ports[port.IntVal] {
		fail("container %q %s: port %d is not one of its containerPorts", container, kind, port.IntVal)
	}
}
