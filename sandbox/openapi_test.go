package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// repoRoot walks up from the package directory to the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// loadSpec loads the vendor's One-Shot OpenAPI document from shared/ beside the repo,
// without validating the document itself (it has known slips, see its README).
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	path := filepath.Join(repoRoot(t), "..", "shared", "specs", "oneshot_videoid.yaml")
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatalf("load the vendor OpenAPI document %s (CI clones shared/ beside the repo): %v", path, err)
	}
	fixSlips(doc)
	return doc
}

// fixSlips repairs the document's slips that stop request validation: the video upload's
// multipart schema has properties but no "type: object".
func fixSlips(doc *openapi3.T) {
	_, _, op := operation(doc, "upload_video")
	if mt := op.RequestBody.Value.Content.Get("multipart/form-data"); mt != nil && mt.Schema.Value.Type == nil {
		mt.Schema.Value.Type = &openapi3.Types{openapi3.TypeObject}
	}
}

// implementedOps are the One-Shot operations the sandbox serves.
var implementedOps = []string{"hello", "create_token", "list_tokens", "get_token", "delete_token", "create_videoid",
	"upload_data", "upload_video", "approve_request", "get_request", "update_request", "cancel_request",
	"refuse_request", "download_video", "version"}

// operation finds an operation by id.
func operation(doc *openapi3.T, id string) (path, method string, op *openapi3.Operation) {
	for p, item := range doc.Paths.Map() {
		for m, o := range item.Operations() {
			if o.OperationID == id {
				return p, m, o
			}
		}
	}
	return "", "", nil
}

// examples lists "opID code [name]" for every JSON response example of the operations.
func examples(doc *openapi3.T, ops []string) map[string]any {
	out := map[string]any{}
	for _, id := range ops {
		_, _, op := operation(doc, id)
		for code, ref := range op.Responses.Map() {
			mt := ref.Value.Content.Get("application/json")
			if mt == nil {
				continue
			}
			if mt.Example != nil {
				out[id+" "+code] = mt.Example
			}
			for name, ex := range mt.Examples {
				out[id+" "+code+" "+name] = ex.Value.Value
			}
		}
	}
	return out
}

// acceptedRecorder keeps every request the sandbox answered with 2xx.
type acceptedRecorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (a *acceptedRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.code >= 200 && sw.code < 300 {
			c := httptest.NewRequest(r.Method, r.URL.RequestURI(), bytes.NewReader(body))
			c.Header = r.Header.Clone()
			a.mu.Lock()
			a.reqs = append(a.reqs, c)
			a.mu.Unlock()
		}
	})
}

// route maps a request to its operation in doc, stripping a trailing slash; the approve
// alias of the vendor's curl example (/api/v1/request/{pk}/approve) maps to approve_request.
func route(doc *openapi3.T, r *http.Request) (*routers.Route, map[string]string, error) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	if m := regexp.MustCompile(`^/api/v1/request/([^/]+)/approve$`).FindStringSubmatch(path); m != nil {
		path = "/api/v1/requests/" + m[1] + "/approve"
	}
	for tmpl, item := range doc.Paths.Map() {
		names := regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(tmpl, -1)
		re := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `([^/]+)`) + "$"
		m := regexp.MustCompile(re).FindStringSubmatch(path)
		op := item.GetOperation(r.Method)
		if m == nil || op == nil {
			continue
		}
		params := map[string]string{}
		for i, n := range names {
			params[n[1]] = m[i+1]
		}
		return &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: r.Method, Operation: op}, params, nil
	}
	return nil, nil, fmt.Errorf("%s %s is not in the OpenAPI document", r.Method, r.URL.Path)
}

func validateAccepted(t *testing.T, doc *openapi3.T, reqs []*http.Request) {
	t.Helper()
	for _, r := range reqs {
		if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
			continue
		}
		rt, params, err := route(doc, r)
		if err != nil {
			t.Errorf("accepted request: %v", err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: rt,
			Options: &openapi3filter.Options{MultiError: true}}
		if err := openapi3filter.ValidateRequest(t.Context(), in); err != nil {
			t.Errorf("accepted %s %s does not validate against the OpenAPI document: %v", r.Method, r.URL.Path, err)
		}
	}
}

// curlSample is a request parsed from an x-codeSamples curl source.
type curlSample struct {
	method, url string
	header      http.Header
	data        string
	form        map[string]string
}

// curlOf parses the curl sample of operation id.
func curlOf(t testing.TB, doc *openapi3.T, id string) curlSample {
	t.Helper()
	_, _, op := operation(doc, id)
	samples, _ := op.Extensions["x-codeSamples"].([]any)
	for _, s := range samples {
		m := s.(map[string]any)
		if m["lang"] == "curl" {
			return parseCurl(t, m["source"].(string))
		}
	}
	t.Fatalf("operation %s has no curl sample", id)
	return curlSample{}
}

func parseCurl(t testing.TB, src string) curlSample {
	t.Helper()
	toks := shellWords(strings.ReplaceAll(src, "\\\n", " "))
	c := curlSample{method: http.MethodGet, header: http.Header{}, form: map[string]string{}}
	for i := 1; i < len(toks); i++ {
		switch tok := toks[i]; tok {
		case "-i":
		case "-X":
			i++
			c.method = toks[i]
		case "-H":
			i++
			k, v, _ := strings.Cut(toks[i], ":")
			c.header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		case "-d":
			i++
			c.data = toks[i]
		case "-F":
			i++
			k, v, _ := strings.Cut(toks[i], "=")
			c.form[k] = v
		default:
			c.url = tok
		}
	}
	return c
}

// shellWords splits on blanks, keeping single-quoted text whole.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, has := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, has = !in, true
		case !in && (r == ' ' || r == '\n' || r == '\t'):
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// send replays a curl sample against the sandbox, with its host and its request_pk (the
// examples use 45836) replaced; files named with -F @path are replaced by fixtures.
func (e *env) send(c curlSample, pk string, files map[string][]byte) resp {
	e.t.Helper()
	u := regexp.MustCompile(`^https://[^/]+`).ReplaceAllString(c.url, "")
	if pk != "" {
		u = strings.Replace(u, "45836", pk, 1)
	}
	var body io.Reader
	var hdr []string
	for k := range c.header {
		hdr = append(hdr, k, c.header.Get(k))
	}
	switch {
	case c.data != "":
		body = strings.NewReader(c.data)
	case len(c.form) > 0:
		parts := map[string][]byte{}
		for k, v := range c.form {
			parts[k] = []byte(v)
			if f, ok := files[k]; ok {
				parts[k] = f
			}
		}
		b, ct := multipartBody(e.t, parts)
		body, hdr = b, append(hdr, "Content-Type", ct)
	}
	return e.do(c.method, u, body, hdr...)
}

// exampleCheck compares an answer with a vendor example.
type exampleCheck struct {
	covered map[string]bool
	all     map[string]any
}

// match checks r against example id: same HTTP code, same status text (unless the
// example's is not a status line), and details equal, starting with prefix, or (objects)
// with the same keys typed alike.
func (x *exampleCheck) match(t *testing.T, id string, r resp, prefix string) {
	t.Helper()
	ex, ok := x.all[id]
	if !ok {
		t.Fatalf("no example %q in the document", id)
	}
	x.covered[id] = true
	code := strings.Fields(id)[1]
	// The vendor lists "404 Not Found" bodies under 400 for these two; the sandbox sends 404.
	if fmt.Sprint(r.Code) != code && !((id == "get_request 400" || id == "download_video 400") && r.Code == 404) {
		t.Errorf("%s: answered %d: %s", id, r.Code, r.Body)
		return
	}
	got, want := r.json(t), ex.(map[string]any)
	if ws, _ := want["status"].(string); regexp.MustCompile(`^\d{3} `).MatchString(ws) && got["status"] != ws {
		t.Errorf("%s: status %v, example %v", id, got["status"], ws)
	}
	switch wd := want["details"].(type) {
	case string:
		gd, _ := got["details"].(string)
		if prefix == "*" {
			if gd == "" {
				t.Errorf("%s: details should be a non-empty string: %s", id, r.Body)
			}
			return
		}
		if prefix == "" && gd != wd {
			t.Errorf("%s: details %q, example %q", id, gd, wd)
		}
		if prefix != "" && (!strings.HasPrefix(gd, prefix) || !strings.HasPrefix(wd, prefix)) {
			t.Errorf("%s: details %q and example %q should both start with %q", id, gd, wd, prefix)
		}
	case map[string]any:
		gd, _ := got["details"].(map[string]any)
		sameShape(t, id, gd, wd)
	}
}

// sameShape checks that every key of the example the answer has is typed alike, and that
// the answer has at least the example's identifying keys.
func sameShape(t *testing.T, id string, got, want map[string]any) {
	t.Helper()
	if len(got) == 0 {
		t.Errorf("%s: details is empty, example has %d keys", id, len(want))
	}
	for k, wv := range want {
		gv, ok := got[k]
		if !ok || (k == "mobile_phone_number" && strings.HasPrefix(fmt.Sprint(gv), "+")) {
			continue // the sandbox keeps "+34..." numbers as strings; the example has digits only
		}
		if fmt.Sprintf("%T", gv) != fmt.Sprintf("%T", wv) && !(isNumber(gv) && isNumber(wv)) {
			t.Errorf("%s: details.%s is %T, example %T", id, k, gv, wv)
		}
	}
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, int, uint64, int64:
		return true
	}
	return false
}

func (x *exampleCheck) uncovered() []string {
	var out []string
	for id := range x.all {
		if !x.covered[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
