// Command valuesdoc turns the `# --` comments of a chart's values.yaml into the values table of
// its README (between <!-- values:start --> and <!-- values:end -->), and checks that every value
// is documented and declared in values.schema.json.
//
//	valuesdoc CHART_DIR          rewrite the table in CHART_DIR/README.md
//	valuesdoc -check CHART_DIR   exit 1 when the table is stale or a value is undocumented
//
// A key with a `# --` comment is one row (its whole default shown, maps and lists included); a
// mapping key without one is descended into. A leaf without a comment is an error.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	startMarker = "<!-- values:start -->"
	endMarker   = "<!-- values:end -->"
)

type row struct{ key, typ, def, desc string }

func main() {
	check := flag.Bool("check", false, "fail when README.md's table differs instead of rewriting it")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: valuesdoc [-check] CHART_DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	src, err := os.ReadFile(filepath.Join(dir, "values.yaml"))
	must(err)
	var doc yaml.Node
	must(yaml.Unmarshal(src, &doc))
	var rows []row
	var problems []string
	walk(doc.Content[0], "", &rows, &problems)

	schemaSrc, err := os.ReadFile(filepath.Join(dir, "values.schema.json"))
	must(err)
	var schema map[string]any
	must(json.Unmarshal(schemaSrc, &schema))
	for _, r := range rows {
		if !inSchema(schema, strings.Split(r.key, ".")) {
			problems = append(problems, fmt.Sprintf("%s: not declared in values.schema.json", r.key))
		}
	}

	var table bytes.Buffer
	table.WriteString("| key | type | default | description |\n|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&table, "| `%s` | %s | %s | %s |\n", r.key, r.typ, r.def, r.desc)
	}
	readmePath := filepath.Join(dir, "README.md")
	readme, err := os.ReadFile(readmePath)
	must(err)
	start := bytes.Index(readme, []byte(startMarker))
	end := bytes.Index(readme, []byte(endMarker))
	if start < 0 || end < start {
		problems = append(problems, "README.md has no "+startMarker+" … "+endMarker+" block")
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "valuesdoc:", p)
		}
		os.Exit(1)
	}
	updated := append(append(append([]byte{}, readme[:start+len(startMarker)]...), '\n'), table.Bytes()...)
	updated = append(updated, readme[end:]...)
	if *check {
		if !bytes.Equal(updated, readme) {
			fmt.Fprintf(os.Stderr, "valuesdoc: the values table in %s is stale: run helm/validate's valuesdoc %s (helm/test --fix-docs)\n", readmePath, dir)
			os.Exit(1)
		}
		fmt.Printf("valuesdoc: %s documents all %d values\n", readmePath, len(rows))
		return
	}
	must(os.WriteFile(readmePath, updated, 0o644))
	fmt.Printf("valuesdoc: wrote %d values into %s\n", len(rows), readmePath)
}

func walk(m *yaml.Node, prefix string, rows *[]row, problems *[]string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := prefix + k.Value
		desc, documented := description(k.HeadComment)
		if !documented && v.Kind == yaml.MappingNode && len(v.Content) > 0 {
			walk(v, key+".", rows, problems)
			continue
		}
		if !documented {
			*problems = append(*problems, fmt.Sprintf("%s: no `# --` description", key))
			continue
		}
		*rows = append(*rows, row{key, typeOf(v), defaultOf(v), desc})
	}
}

// description returns the text of the last `# --` block of a head comment.
func description(head string) (string, bool) {
	lines := strings.Split(head, "\n")
	idx := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "# --") {
			idx = i
		}
	}
	if idx < 0 {
		return "", false
	}
	var parts []string
	for i, l := range lines[idx:] {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "#"))
		if i == 0 {
			l = strings.TrimSpace(strings.TrimPrefix(l, "--"))
		}
		if l != "" {
			parts = append(parts, l)
		}
	}
	return strings.ReplaceAll(strings.Join(parts, " "), "|", `\|`), true
}

func typeOf(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "object"
	case yaml.SequenceNode:
		return "list"
	}
	switch v.Tag {
	case "!!int":
		return "int"
	case "!!bool":
		return "bool"
	case "!!float":
		return "number"
	}
	return "string"
}

func defaultOf(v *yaml.Node) string {
	var val any
	if err := v.Decode(&val); err != nil {
		return "?"
	}
	js, _ := json.Marshal(val)
	s := string(js)
	if s == "null" {
		s = "{}"
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

func inSchema(schema map[string]any, path []string) bool {
	node := schema
	for _, p := range path {
		props, _ := node["properties"].(map[string]any)
		next, ok := props[p].(map[string]any)
		if !ok {
			return false
		}
		node = next
	}
	return true
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "valuesdoc:", err)
		os.Exit(2)
	}
}
