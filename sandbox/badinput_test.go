package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// badCase is one bad input and the exact answer expected.
type badCase struct {
	name string
	send func(t *testing.T, e *env) resp
	code int
	body string
}

func runBad(t *testing.T, e *env, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.send(t, e)
			if r.Code != c.code {
				t.Errorf("status %d, want %d: %s", r.Code, c.code, r.Body)
			}
			if got, want := canon(t, r.Body), canon(t, []byte(c.body)); got != want {
				t.Errorf("body\n got %s\nwant %s", got, want)
			}
		})
	}
}

// canon re-encodes JSON so key order and spacing do not matter.
func canon(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "not JSON: " + string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// withImage returns complete evidences with one image replaced.
func withImage(t *testing.T, name, value string) map[string]any {
	ev := demoEvidences(t)
	ev["videoid_data"].(map[string]any)["images"].(map[string]any)[name] = value
	return ev
}

func TestOneShotBadInputs(t *testing.T) {
	e := newEnv(t, Options{})
	pk := e.createRequest()
	ev := "/api/v1/videoid/" + pk + "/evidences"
	video := "/api/v1/videoid/" + pk + "/evidences/video"
	big := b64(bytes.Repeat([]byte{0xff}, maxEvidenceImage+1))
	runBad(t, e, []badCase{
		{"missing videoid_data", func(t *testing.T, e *env) resp { return e.postJSON(ev, map[string]any{"acceptance": map[string]any{}}) },
			400, `{"status":"400 Bad Request","details":"Missing required parameters: videoid_data"}`},
		{"missing ocr field", func(t *testing.T, e *env) resp {
			b := demoEvidences(t)
			delete(b["videoid_data"].(map[string]any)["ocr_data"].(map[string]any), "serial_number")
			return e.postJSON(ev, b)
		}, 400, `{"status":"400 Bad Request","details":"Missing required parameters: videoid_data.ocr_data.serial_number"}`},
		{"wrong type", func(t *testing.T, e *env) resp {
			b := demoEvidences(t)
			b["videoid_data"].(map[string]any)["similarity_level"] = "high"
			return e.postJSON(ev, b)
		}, 400, `{"status":"400 Bad Request","details":"videoid_data.similarity_level must be an integer, not string"}`},
		{"bad base64", func(t *testing.T, e *env) resp { return e.postJSON(ev, withImage(t, "document_front", "not base64!")) },
			400, `{"status":"400 Bad Request","details":"videoid_data.images.document_front is not valid base64 (illegal base64 data at input byte 3)"}`},
		{"image that does not decode", func(t *testing.T, e *env) resp {
			return e.postJSON(ev, withImage(t, "document_rear", b64(fixture(t, "bad/truncated.jpg"))))
		}, 400, `{"status":"400 Bad Request","details":"videoid_data.images.document_rear is not a JPEG or PNG image that decodes (invalid JPEG format: short Huffman data)"}`},
		{"GIF image", func(t *testing.T, e *env) resp {
			return e.postJSON(ev, withImage(t, "document_owner", b64(fixture(t, "bad/tiny.gif"))))
		}, 400, `{"status":"400 Bad Request","details":"videoid_data.images.document_owner is not a JPEG or PNG image that decodes (image: unknown format)"}`},
		{"oversize image", func(t *testing.T, e *env) resp { return e.postJSON(ev, withImage(t, "document_front", big)) },
			413, `{"status":"413 Request Entity Too Large","details":"videoid_data.images.document_front is too large: 10485761 bytes, limit 10485760"}`},
		{"invalid JSON", func(t *testing.T, e *env) resp { return e.postJSON(ev, `{"videoid_data": `) },
			400, `{"status":"400 Bad Request","details":"Could not parse JSON body - unexpected end of JSON input"}`},
		{"wrong content type", func(t *testing.T, e *env) resp {
			return e.do(http.MethodPost, ev, strings.NewReader("a=b"), "Content-Type", "application/x-www-form-urlencoded")
		}, 415, `{"status":"415 Unsupported Media Type","details":"Content-Type must be application/json"}`},
		{"unknown request", func(t *testing.T, e *env) resp { return e.postJSON("/api/v1/videoid/99/evidences", demoEvidences(t)) },
			404, `{"status":"404 Not Found","details":"Request not found"}`},
		{"truncated webm", func(t *testing.T, e *env) resp {
			return e.postMultipart(video, map[string][]byte{"video": fixture(t, "bad/truncated.webm")})
		}, 400, `{"status":"400 Bad Request","details":"video is not a WebM or MP4 video that parses: element 0x18538067 at byte 36 claims 2907 bytes, 1952 left (upload cut short?)"}`},
		{"truncated mp4", func(t *testing.T, e *env) resp {
			return e.postMultipart(video, map[string][]byte{"video": fixture(t, "bad/truncated.mp4")})
		}, 400, `{"status":"400 Bad Request","details":"video is not a WebM or MP4 video that parses: box \"mdat\" at byte 36 claims 3044 bytes, 464 left"}`},
		{"image as video", func(t *testing.T, e *env) resp {
			return e.postMultipart(video, map[string][]byte{"video": fixture(t, "evidence/document_front.jpg")})
		}, 400, `{"status":"400 Bad Request","details":"video is not a WebM or MP4 video that parses: it starts with neither an EBML header nor an ftyp box"}`},
		{"missing video part", func(t *testing.T, e *env) resp { return e.postMultipart(video, map[string][]byte{"clip": []byte("x")}) },
			400, `{"status":"400 Bad Request","details":"Missing required parameters: video"}`},
		{"video not multipart", func(t *testing.T, e *env) resp { return e.postJSON(video, `{}`) },
			415, `{"status":"415 Unsupported Media Type","details":"Content-Type must be multipart/form-data with parts video"}`},
		{"create missing fields", func(t *testing.T, e *env) resp {
			b := demoCreate()
			delete(b, "email")
			delete(b, "env")
			return e.postJSON("/api/v1/videoid", b)
		}, 400, `{"status":"400 Bad Request","details":"Missing required parameters: email, env"}`},
		{"create with prod env", func(t *testing.T, e *env) resp {
			b := demoCreate()
			b["env"] = "prod"
			return e.postJSON("/api/v1/videoid", b)
		}, 400, `{"status":"400 Bad Request","details":"env prod is not served by this sandbox: send env sandbox"}`},
	})
}

func TestAuthBadInputs(t *testing.T) {
	e := newEnv(t, Options{})
	key := []string{"X-API-Key", DemoAPIKey}
	login := func(email, pw string, hdr ...string) func(*testing.T, *env) resp {
		return func(t *testing.T, e *env) resp {
			return e.postJSON("/v1/auth/login", map[string]any{"email": email, "password": pw}, hdr...)
		}
	}
	r := e.postJSON("/v1/auth/login", map[string]any{"email": "user@example.com", "password": "SecurePassword123!"}, key...)
	wantStatus(t, r, http.StatusOK)
	access := r.json(t)["data"].(map[string]any)["token"].(string)
	e.clk.add(16 * time.Minute)
	runBad(t, e, []badCase{
		{"no API key", login("user@example.com", "SecurePassword123!"), 401,
			`{"success":false,"message":"X-API-Key header is required (use the sandbox key sk_test_enrolkiosk_demo)","errors":[]}`},
		{"live API key", login("user@example.com", "SecurePassword123!", "X-API-Key", "sk_live_abc123"), 401,
			`{"success":false,"message":"sk_live_ keys are production keys and are refused by the sandbox: use an sk_test_ key","errors":[]}`},
		{"wrong API key", login("user@example.com", "SecurePassword123!", "X-API-Key", "sk_test_nope"), 401,
			`{"success":false,"message":"X-API-Key is not a valid partner key (keys start with sk_test_ or sk_live_)","errors":[]}`},
		{"wrong password", login("user@example.com", "guess", key...), 401,
			`{"success":false,"message":"Invalid credentials","errors":[]}`},
		{"missing email", login("", "x", key...), 400,
			`{"success":false,"message":"email is required","errors":[{"field":"email","message":"is required"}]}`},
		{"expired token", func(t *testing.T, e *env) resp {
			return e.do(http.MethodGet, "/v1/user/profile", nil, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+access)
		}, 401, `{"success":false,"message":"token expired: it expired at 2026-11-22T10:15:00Z; refresh it or log in again","errors":[]}`},
		{"access token used to refresh", func(t *testing.T, e *env) resp {
			return e.postJSON("/v1/auth/refresh", map[string]any{"refresh_token": access}, key...)
		}, 401, `{"success":false,"message":"Invalid token: a \"access\" token was sent where a \"refresh\" token is needed","errors":[]}`},
		{"forged token", func(t *testing.T, e *env) resp {
			return e.do(http.MethodGet, "/v1/user/profile", nil, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+access[:len(access)-2]+"xx")
		}, 401, `{"success":false,"message":"Invalid token","errors":[]}`},
		{"wrong MFA code", func(t *testing.T, e *env) resp {
			r := login("mfa@example.com", "SecurePassword123!", key...)(t, e)
			tok := r.json(t)["data"].(map[string]any)["mfa_token"].(string)
			return e.postJSON("/v1/auth/mfa/verify", map[string]any{"mfa_token": tok, "code": "000000"}, key...)
		}, 401, `{"success":false,"message":"Invalid MFA code: send the 6-digit TOTP code of the operator's authenticator","errors":[]}`},
		{"signal without token", func(t *testing.T, e *env) resp { return e.postJSON("/signal/sign", map[string]any{}) },
			401, `{"status":401,"message":"Authorization: Bearer <token> header is required: log in first"}`},
		{"signal expired token", func(t *testing.T, e *env) resp {
			return e.postJSON("/signal/sign", map[string]any{}, "Authorization", "Bearer "+access)
		}, 401, `{"status":401,"message":"token expired: it expired at 2026-11-22T10:15:00Z; refresh it or log in again"}`},
		{"signal wrong password", func(t *testing.T, e *env) resp {
			return e.postJSON("/signal/auth/login", map[string]any{"username": "usertest", "password": "nope"})
		}, 401, `{"status":401,"message":"Invalid credentials"}`},
		{"signal MFA user without otp", func(t *testing.T, e *env) resp {
			return e.postJSON("/signal/auth/login", map[string]any{"username": "mfa", "password": "SecurePassword123!"})
		}, 401, `{"status":401,"message":"otp required: this user has MFA; send the 6-digit TOTP code as otp"}`},
	})
}

func TestMFALoginAndRefresh(t *testing.T) {
	e := newEnv(t, Options{TokenTTL: time.Minute})
	key := []string{"X-API-Key", DemoAPIKey}
	r := e.postJSON("/v1/auth/login", map[string]any{"email": "mfa@example.com", "password": "SecurePassword123!"}, key...)
	wantStatus(t, r, http.StatusOK)
	data := r.json(t)["data"].(map[string]any)
	if data["mfa_required"] != true || data["token"] != nil {
		t.Fatalf("MFA user got %v", data)
	}
	code, err := totp.GenerateCode(DemoTOTPSecret, e.clk.now())
	if err != nil {
		t.Fatal(err)
	}
	r = e.postJSON("/v1/auth/mfa/verify", map[string]any{"mfa_token": data["mfa_token"], "code": code}, key...)
	wantStatus(t, r, http.StatusOK)
	sess := r.json(t)["data"].(map[string]any)
	e.clk.add(2 * time.Minute)
	r = e.do(http.MethodGet, "/v1/user/profile", nil, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+sess["token"].(string))
	wantStatus(t, r, http.StatusUnauthorized)
	r = e.postJSON("/v1/auth/refresh", map[string]any{"refresh_token": sess["refresh_token"]}, key...)
	wantStatus(t, r, http.StatusOK)
	fresh := r.json(t)["data"].(map[string]any)["token"].(string)
	r = e.do(http.MethodGet, "/v1/user/profile", nil, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+fresh)
	wantStatus(t, r, http.StatusOK)
	if got := r.json(t)["data"].(map[string]any)["email"]; got != "mfa@example.com" {
		t.Fatalf("profile of %v", got)
	}
	out := e.postJSON("/v1/auth/logout", map[string]any{"refresh_token": sess["refresh_token"]}, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+fresh)
	wantStatus(t, out, http.StatusOK)
	r = e.do(http.MethodGet, "/v1/user/profile", nil, "X-API-Key", DemoAPIKey, "Authorization", "Bearer "+fresh)
	if r.Code != 401 || r.json(t)["message"] != "Token revoked by logout: log in again" {
		t.Fatalf("after logout: %d %s", r.Code, r.Body)
	}
	r = e.postJSON("/v1/auth/refresh", map[string]any{"refresh_token": sess["refresh_token"]}, key...)
	wantStatus(t, r, http.StatusUnauthorized)
}
