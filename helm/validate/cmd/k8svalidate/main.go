// Command k8svalidate decodes every object of rendered manifests strictly against the typed
// Kubernetes API (plus the registered CRDs) and checks the cross-object rules of package validate.
//
//	k8svalidate [-external-configmap NAME]... FILE...   ("-" reads standard input)
//
// It prints one summary line per file (objects, bytes, kinds) and every problem, and exits 1 when
// there is any.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"authsidecar.dev/helm/validate"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var external list
	flag.Var(&external, "external-configmap", "a ConfigMap pods may reference without it being rendered (repeatable)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: k8svalidate [-external-configmap NAME]... FILE...")
		os.Exit(2)
	}
	failed := false
	for _, file := range flag.Args() {
		var data []byte
		var err error
		if file == "-" {
			data, err = io.ReadAll(os.Stdin)
		} else {
			data, err = os.ReadFile(file)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		objs, errs := validate.Decode(bytes.NewReader(data), file)
		errs = append(errs, validate.Check(objs, validate.Options{ExternalConfigMaps: external})...)
		kinds := map[string]int{}
		for _, o := range objs {
			kinds[o.GVK.Kind]++
		}
		var names []string
		for k, n := range kinds {
			names = append(names, fmt.Sprintf("%s×%d", k, n))
		}
		sort.Strings(names)
		status := "ok"
		if len(errs) > 0 {
			status = fmt.Sprintf("%d problem(s)", len(errs))
			failed = true
		}
		fmt.Printf("%s: %d objects, %d bytes, %s: %s\n", file, len(objs), len(data), status, strings.Join(names, " "))
		for _, e := range errs {
			fmt.Printf("  %v\n", e)
		}
	}
	if failed {
		os.Exit(1)
	}
}
