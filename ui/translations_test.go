package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/assets"
)

// keyLists are package-level variables whose string literals are passed to lang.L.
var keyLists = map[string]bool{"applicantFields": true, "reviewRows": true, "documentTypes": true, "viewedKinds": true, "stepNames": true, "countryNames": true}

// keyPackages hold sentinel errors whose texts are shown through lang.L(err.Error()).
var keyPackages = []string{"../enrol", "../enrol/applicant", "../access", "wizard", "../capture/signature"}

// TestEveryStringTranslated finds every text the UI passes to lang.L (literals, the key
// lists above, and the sentinel errors of keyPackages) and checks that English and
// Spanish both have it, so no screen shows an untranslated string.
func TestEveryStringTranslated(t *testing.T) {
	keys := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		collect(t, path, keys, false)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range keyPackages {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				collect(t, f, keys, true)
			}
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, language := range []string{"en", "es"} {
		b, err := assets.Translations.ReadFile("translations/" + language + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var tr map[string]string
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s.json: %v", language, err)
		}
		var missing []string
		for k := range keys {
			if strings.TrimSpace(tr[k]) == "" {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			if os.Getenv("PRINT_MISSING") != "" {
				out, _ := json.MarshalIndent(missing, "", "  ")
				t.Logf("%s", out)
			}
			t.Errorf("%s.json lacks %d keys, first %q", language, len(missing), missing[0])
		}
	}
}

// collect adds the translation keys of one file.
func collect(t *testing.T, path string, keys map[string]bool, sentinels bool) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	lit := func(e ast.Expr) {
		if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == token.STRING {
			if s, err := strconv.Unquote(bl.Value); err == nil && s != "" {
				keys[s] = true
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && len(n.Args) > 0 {
				if id, ok := sel.X.(*ast.Ident); ok && ((id.Name == "lang" && sel.Sel.Name == "L") || (sentinels && id.Name == "errors" && sel.Sel.Name == "New")) {
					lit(n.Args[0])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 1 && keyLists[n.Names[0].Name] && len(n.Values) == 1 {
				listKeys(n.Values[0], lit)
			}
		}
		return true
	})
}

// listKeys takes the strings of a key list: every element of a list of strings, and every
// field but the first (a code or a field name) of a list of structs.
func listKeys(e ast.Expr, lit func(ast.Expr)) {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return
	}
	for _, el := range cl.Elts {
		if row, ok := el.(*ast.CompositeLit); ok && len(row.Elts) > 1 {
			for _, f := range row.Elts[1:] {
				lit(f)
			}
			continue
		}
		lit(el)
	}
}
