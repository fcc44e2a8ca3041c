// Package validate checks rendered Kubernetes manifests offline: every object is decoded strictly
// into the typed API of a current Kubernetes release (k8s.io/api), or of the CRDs the chart
// renders (prometheus-operator's ServiceMonitor, cert-manager's Certificate and Issuer), so an
// unknown kind, an unknown or misspelt field, a duplicate field or a wrong type fails. Check then
// applies rules the decoder cannot see (names, references between objects, selectors).
package validate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	certmanagerv1 "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Scheme knows every built-in kind of the Kubernetes release k8s.io/api matches, plus the CRD
// kinds registered here. Nothing else decodes.
var Scheme = runtime.NewScheme()

// builtinGroups are the API groups of Kubernetes itself (not CRDs).
var builtinGroups = map[string]bool{}

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(Scheme))
	for gvk := range Scheme.AllKnownTypes() {
		builtinGroups[gvk.Group] = true
	}
	utilruntime.Must(monitoringv1.AddToScheme(Scheme))
	utilruntime.Must(certmanagerv1.AddToScheme(Scheme))
}

// Object is one decoded manifest.
type Object struct {
	Source string // file name and document number, for messages
	GVK    schema.GroupVersionKind
	Obj    runtime.Object // the typed object, e.g. *appsv1.Deployment
	JSON   []byte         // the document as JSON
}

// Name returns "Kind/name" for messages.
func (o Object) Name() string {
	if m, ok := o.Obj.(interface{ GetName() string }); ok {
		return o.GVK.Kind + "/" + m.GetName()
	}
	return o.GVK.Kind
}

// Decode splits a multi-document YAML stream and decodes each non-empty document strictly.
// It returns the objects that decoded and one error per document that did not.
func Decode(r io.Reader, source string) ([]Object, []error) {
	var objs []Object
	var errs []error
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	for n := 1; ; n++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		where := fmt.Sprintf("%s#%d", source, n)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: reading YAML: %w", where, err))
			break
		}
		if isEmptyDoc(doc) {
			continue
		}
		obj, err := DecodeOne(doc, where)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		objs = append(objs, obj)
	}
	return objs, errs
}

func isEmptyDoc(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && line != "---" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// DecodeOne decodes one YAML document into its typed API object.
func DecodeOne(doc []byte, where string) (Object, error) {
	// Strict YAML: a key given twice in one mapping is an error.
	js, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return Object{}, fmt.Errorf("%s: not valid YAML: %w", where, err)
	}
	var tm struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(js, &tm); err != nil {
		return Object{}, fmt.Errorf("%s: %w", where, err)
	}
	if tm.APIVersion == "" || tm.Kind == "" {
		return Object{}, fmt.Errorf("%s: apiVersion and kind are required", where)
	}
	gv, err := schema.ParseGroupVersion(tm.APIVersion)
	if err != nil {
		return Object{}, fmt.Errorf("%s: apiVersion %q: %w", where, tm.APIVersion, err)
	}
	gvk := gv.WithKind(tm.Kind)
	if builtinGroups[gv.Group] && (strings.Contains(gv.Version, "alpha") || strings.Contains(gv.Version, "beta")) {
		// The typed packages keep old versions for clients; a cluster of this release serves
		// them no more (removed) or only when enabled (beta and alpha APIs are off by default).
		return Object{}, fmt.Errorf("%s: %s %s: not served by default by this Kubernetes release; use the GA version", where, tm.APIVersion, tm.Kind)
	}
	obj, err := Scheme.New(gvk)
	if err != nil {
		return Object{}, fmt.Errorf("%s: unknown kind %s %s: not a type of this Kubernetes release nor a registered CRD", where, tm.APIVersion, tm.Kind)
	}
	if strings.HasSuffix(tm.Kind, "List") {
		return Object{}, fmt.Errorf("%s: %s: lists are not expected in a chart's output", where, tm.Kind)
	}
	// Case-sensitive, and strict: unknown fields and duplicate fields are reported.
	strictErrs, err := sigsjson.UnmarshalStrict(js, obj)
	if err != nil {
		return Object{}, fmt.Errorf("%s: %s: %w", where, tm.Kind, err)
	}
	if len(strictErrs) > 0 {
		msgs := make([]string, len(strictErrs))
		for i, e := range strictErrs {
			msgs[i] = e.Error()
		}
		return Object{}, fmt.Errorf("%s: %s: %s", where, tm.Kind, strings.Join(msgs, "; "))
	}
	return Object{Source: where, GVK: gvk, Obj: obj, JSON: js}, nil
}
