// Command yaml-oracle reads files the way `kubectl apply -f` does and prints, for each, the JSON
// the cluster would receive: Modelgate's differential test (test/parse/k8s-yaml.test.ts) holds
// Modelgate's own YAML reading against it.
//
// The steps are kubectl's (k8s.io/cli-runtime resource.FileVisitor and StreamVisitor): a UTF-16
// or UTF-8 byte-order mark is honoured (unicode.BOMOverride), then apimachinery's
// YAMLOrJSONDecoder cuts the stream into documents at `---` lines (or reads a JSON stream) and
// converts each with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1); empty and null documents are skipped,
// and each is decoded as the resource builder decodes it (k8s.io/apimachinery/pkg/util/json).
//
// `yaml-oracle -version` prints the SHA-256 of this source and the modules it was built with, so
// that src/tools/yaml-oracle.ts rebuilds a stale binary.
//
// Usage: yaml-oracle FILE...  prints one JSON line per file:
// {"file": FILE, "documents": [...]} or {"file": FILE, "documents": [...before the error], "error": "..."}.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/yaml"
)

type reading struct {
	File      string            `json:"file"`
	Documents []json.RawMessage `json:"documents"`
	Error     string            `json:"error,omitempty"`
}

func read(file string) reading {
	out := reading{File: file, Documents: []json.RawMessage{}}
	data, err := os.ReadFile(file)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	decoded := transform.NewReader(bytes.NewReader(data), unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	decoder := yaml.NewYAMLOrJSONDecoder(decoded, 4096)
	for {
		var raw json.RawMessage
		if err := decoder.Decode(&raw); err != nil {
			if !errors.Is(err, io.EOF) {
				out.Error = err.Error()
			}
			return out
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		// what the resource builder then does (unstructured.UnstructuredJSONScheme): utiljson keeps
		// integers as int64, and the object is sent marshalled again
		var object interface{}
		if err := utiljson.Unmarshal(raw, &object); err != nil {
			out.Error = err.Error()
			return out
		}
		sent, err := json.Marshal(object)
		if err != nil {
			out.Error = err.Error()
			return out
		}
		out.Documents = append(out.Documents, sent)
	}
}

//go:embed main.go
var source []byte

func version() string {
	parts := []string{fmt.Sprintf("yaml-oracle %x", sha256.Sum256(source))}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			switch dep.Path {
			case "k8s.io/apimachinery", "sigs.k8s.io/yaml", "go.yaml.in/yaml/v2":
				parts = append(parts, dep.Path+"@"+dep.Version)
			}
		}
	}
	return strings.Join(parts, " ")
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-version" {
		fmt.Println(version())
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: yaml-oracle FILE...")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for _, file := range os.Args[1:] {
		if err := enc.Encode(read(file)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
