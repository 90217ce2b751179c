package sandbox

import (
	"encoding/json"
	"github.com/getkin/kin-openapi/openapi3"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestOneShotReplaysVendorExamples replays the curl request example of every One-Shot
// operation the sandbox serves, produces every response example of those operations, and
// validates every request the sandbox accepted against the vendor's OpenAPI document.
func TestOneShotReplaysVendorExamples(t *testing.T) {
	doc := loadSpec(t)
	acc := &acceptedRecorder{}
	e := newEnvWrapped(t, Options{}, acc.wrap)
	x := &exampleCheck{covered: map[string]bool{}, all: examples(doc, implementedOps)}

	x.match(t, "hello 200", e.do(http.MethodGet, "/api/v1/hello", nil), "")
	uid := replayTokens(t, e, x, doc)
	pk := replayVideoID(t, e, x, doc)
	replayEvidences(t, e, x, doc, pk)
	replayUpdate(t, e, x, doc, pk)
	replayApprove(t, e, x, doc, pk, uid)
	replayGetAndCancel(t, e, x, doc, pk)
	replayRefuse(t, e, x, doc, uid)
	x.match(t, "version 200", e.do(http.MethodGet, "/api/v1/version", nil), "")

	if miss := x.uncovered(); len(miss) > 0 {
		t.Errorf("response examples not produced: %v", miss)
	}
	acc.mu.Lock()
	defer acc.mu.Unlock()
	if len(acc.reqs) < 12 {
		t.Fatalf("only %d accepted requests recorded", len(acc.reqs))
	}
	validateAccepted(t, doc, acc.reqs)
}

func replayTokens(t *testing.T, e *env, x *exampleCheck, doc docT) string {
	tok := curlOf(t, doc, "create_token")
	r := e.send(tok, "", nil)
	x.match(t, "create_token 200", r, "*")
	uid := r.json(t)["details"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(uid) {
		t.Errorf("token uid %q is not 32 hex digits like the example", uid)
	}
	x.match(t, "create_token 400 Token_exists", e.send(tok, "", nil), "")
	x.match(t, "create_token 400 Invalid_JSON", e.postJSON("/api/v1/token", `{"username": "9001800",`), "Could not parse JSON body - ")
	x.match(t, "create_token 400 Missing_parameter", e.postJSON("/api/v1/token", map[string]any{"env": "sandbox"}), "Missing required parameter")
	x.match(t, "create_token 400 Missing_parameters", e.postJSON("/api/v1/token", map[string]any{}), "Missing required parameters: ")
	// The Python sample's credentials are not a known RAO.
	x.match(t, "create_token 404", e.postJSON("/api/v1/token", map[string]any{"username": "1234567", "password": "Gy6F37xK", "pin": "p1n", "env": "sandbox"}), "")

	r = e.send(curlOf(t, doc, "list_tokens"), "", nil)
	x.match(t, "list_tokens 200", r, "")
	if got := mustJSON(t, r.json(t)["details"].(map[string]any)[uid]); got != `{"password":true,"pin":true,"username":"9001800"}` {
		t.Errorf("list_tokens shows %s", got)
	}
	x.match(t, "get_token 404", e.send(curlOf(t, doc, "get_token"), "", nil), "Token ")
	r = e.do(http.MethodGet, "/api/v1/token/"+uid, nil)
	x.match(t, "get_token 200", r, "")
	if got := mustJSON(t, r.json(t)["details"]); got != `{"password":true,"pin":true,"username":"9001800"}` {
		t.Errorf("get_token shows %s", got)
	}
	x.match(t, "get_token 400", e.do(http.MethodGet, "/api/v1/token/", nil), "")
	x.match(t, "delete_token 400", e.do(http.MethodDelete, "/api/v1/token/", nil), "")
	x.match(t, "delete_token 404", e.send(curlOf(t, doc, "delete_token"), "", nil), "Token ")
	other := e.postJSON("/api/v1/token", map[string]any{"username": "9001800", "env": "sandbox"}).json(t)["details"].(string)
	x.match(t, "delete_token 200", e.do(http.MethodDelete, "/api/v1/token/"+other, nil), "")
	return uid
}

func replayVideoID(t *testing.T, e *env, x *exampleCheck, doc docT) string {
	r := e.send(curlOf(t, doc, "create_videoid"), "", nil)
	x.match(t, "create_videoid 200", r, "")
	pk := jsonNumber(r.json(t)["details"].(map[string]any)["request_pk"].(float64))
	x.match(t, "create_videoid 400 Missing parameters", e.postJSON("/api/v1/videoid", map[string]any{}), "Missing required parameters")
	body := demoCreate()
	body["registration_authority"] = DemoDisabledRA
	x.match(t, "create_videoid 400 VideoID disabled", e.postJSON("/api/v1/videoid", body), "")
	body = demoCreate()
	body["billing_password"] = b64([]byte("wrong"))
	x.match(t, "create_videoid 403", e.postJSON("/api/v1/videoid", body), "")
	body = demoCreate()
	body["registration_authority"] = "999"
	x.match(t, "create_videoid 404", e.postJSON("/api/v1/videoid", body), "")
	return pk
}

// replayEvidences sends the vendor's evidences example as is (it is not valid JSON), then
// repaired step by step: each slip of the example is refused with the field named.
func replayEvidences(t *testing.T, e *env, x *exampleCheck, doc docT, pk string) {
	c := curlOf(t, doc, "upload_data")
	x.match(t, "upload_data 400", e.send(c, pk, nil), "Could not parse JSON body - ")
	c.data = strings.Replace(c.data, `"id_document_country": ES`, `"id_document_country": "ES"`, 1)
	var body map[string]any
	if err := json.Unmarshal([]byte(c.data), &body); err != nil {
		t.Fatalf("repaired example: %v", err)
	}
	path := "/api/v1/videoid/" + pk + "/evidences"
	for _, step := range []struct {
		fix  func()
		want string
	}{
		{func() {}, "acceptance.date must be a string"},
		{func() { body["acceptance"].(map[string]any)["date"] = "2021-06-04T16:24:39Z" }, "videoid_data.similarity_level must be an integer"},
		{func() { body["videoid_data"].(map[string]any)["similarity_level"] = 85 }, "is not valid base64"},
	} {
		step.fix()
		r := e.postJSON(path, body)
		if r.Code != http.StatusBadRequest || !strings.Contains(string(r.Body), step.want) {
			t.Errorf("evidences example: %d %s, want 400 with %q", r.Code, r.Body, step.want)
		}
	}
	images := body["videoid_data"].(map[string]any)["images"].(map[string]any)
	for _, name := range []string{"document_front", "document_rear", "document_owner"} {
		images[name] = b64(fixture(t, "evidence/"+name+".jpg"))
	}
	images["document_photo"] = b64(fixture(t, "evidence/document_owner.jpg"))
	x.match(t, "upload_data 200", e.postJSON(path, body), "")
	x.match(t, "upload_data 404", e.postJSON("/api/v1/videoid/1/evidences", body), "")

	v := curlOf(t, doc, "upload_video")
	x.match(t, "upload_video 200", e.send(v, pk, map[string][]byte{"video": fixture(t, "evidence/selfie.mp4")}), "")
	dl := e.send(curlOf(t, doc, "download_video"), pk, nil)
	if dl.Code != 200 || dl.Header.Get("Content-Type") != "video/mp4" || string(dl.Body) != string(fixture(t, "evidence/selfie.mp4")) {
		t.Errorf("download video: %d %s, %d bytes", dl.Code, dl.Header.Get("Content-Type"), len(dl.Body))
	}
	x.match(t, "download_video 400", e.do(http.MethodGet, "/api/v1/videoid/1/download/video", nil), "")
	x.match(t, "upload_video 404", e.postMultipart("/api/v1/videoid/1/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.mp4")}), "")
}

func replayUpdate(t *testing.T, e *env, x *exampleCheck, doc docT, pk string) {
	c := curlOf(t, doc, "update_request")
	r := e.send(c, pk, nil)
	if r.Code != http.StatusBadRequest || !strings.Contains(string(r.Body), "scratchcard") {
		t.Errorf("update example with a foreign scratchcard: %d %s", r.Code, r.Body)
	}
	sc := e.do(http.MethodGet, "/api/v1/request/"+pk, nil).json(t)["details"].(map[string]any)["scratchcard"].(string)
	c.data = strings.Replace(c.data, `"1234567"`, `"`+sc+`"`, 1)
	c.data = strings.Replace(c.data, `"registration_authority": "1234"`, `"registration_authority": "`+DemoRegistrationAuthority+`"`, 1)
	x.match(t, "update_request 200", e.send(c, pk, nil), "")
}

func replayApprove(t *testing.T, e *env, x *exampleCheck, doc docT, pk, uid string) {
	c := curlOf(t, doc, "approve_request")
	x.match(t, "approve_request 403", e.send(c, pk, nil), "")
	x.match(t, "approve_request 400", e.postJSON("/api/v1/requests/"+pk+"/approve", map[string]any{"token": uid}), "")
	c.data = strings.Replace(c.data, "6d1cae4d55be4cdf9cac50ee36f73406", uid, 1)
	x.match(t, "approve_request 200", e.send(c, pk, nil), "")
}

func replayGetAndCancel(t *testing.T, e *env, x *exampleCheck, doc docT, pk string) {
	x.match(t, "get_request 400", e.send(curlOf(t, doc, "get_request"), "", nil), "")
	r := e.do(http.MethodGet, "/api/v1/request/"+pk, nil)
	x.match(t, "get_request 200", r, "")
	d := r.json(t)["details"].(map[string]any)
	if d["status"] != StatusEnrollReady || d["given_name"] != "John" || d["email"] != "mail@domain.com" {
		t.Errorf("request after update and approval: %v", d)
	}
	x.match(t, "cancel_request 404", e.do(http.MethodDelete, "/api/v1/request/1234567", nil), "")
	x.match(t, "cancel_request 200", e.send(curlOf(t, doc, "cancel_request"), pk, nil), "")
}

// replayRefuse refuses a second, complete request: the vendor's example (wrong password,
// unknown token), then each missing part, then a valid refusal.
func replayRefuse(t *testing.T, e *env, x *exampleCheck, doc docT, uid string) {
	pk := e.createRequest()
	wantStatus(t, e.postJSON("/api/v1/videoid/"+pk+"/evidences", demoEvidences(t)), http.StatusOK)
	wantStatus(t, e.postMultipart("/api/v1/videoid/"+pk+"/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.webm")}), http.StatusOK)
	c := curlOf(t, doc, "refuse_request")
	x.match(t, "refuse_request 403", e.send(c, pk, nil), "")
	path := "/api/v1/videoid/" + pk + "/refuse"
	x.match(t, "refuse_request 400 Invalid JSON", e.postJSON(path, `{"token": `), "Could not parse JSON body - ")
	x.match(t, "refuse_request 400 Missing parameters", e.postJSON(path, map[string]any{"token": uid, "reason": "Expired document"}), "")
	body := approveBody(uid)
	x.match(t, "refuse_request 400 Missing reason", e.postJSON(path, body), "")
	body["reason"] = "Expired document"
	x.match(t, "refuse_request 200", e.postJSON(path, body), "")
	if got := e.status(pk); got != StatusRefused {
		t.Errorf("refused request is %s", got)
	}
	wantStatus(t, e.postJSON("/api/v1/requests/"+pk+"/approve", approveBody(uid)), http.StatusBadRequest)
}

type docT = *openapi3.T
