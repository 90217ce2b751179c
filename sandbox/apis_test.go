package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func signBody(t testing.TB) map[string]any {
	return map[string]any{"given_name": "signal", "surname_1": "test", "surname_2": "test", "id_document_type": "IDC",
		"id_document_country": "EC", "serial_number": "12345678A", "email": "testsignal@uanataca.ec",
		"mobile_phone_number": "+593000000000", "registration_authority": "35", "profile": "ECPFDSCF",
		"residence_address": "AV. MARIANA DE JESUS", "residence_city": "QUITO", "residence": "EC",
		"document_front": b64(fixture(t, "evidence/document_front.jpg")), "document_rear": b64(fixture(t, "evidence/document_rear.jpg")),
		"document_owner": b64(fixture(t, "evidence/document_owner.jpg"))}
}

func TestSignalFlow(t *testing.T) {
	e := newEnv(t, Options{ApprovalDelay: time.Second})
	r := e.postJSON("/signal/auth/login", map[string]any{"username": "usertest", "password": "passwordtest"})
	wantStatus(t, r, http.StatusOK)
	if m := r.json(t); m["message"] != "authorization completed" || m["status"] != float64(200) {
		t.Fatalf("login %v", m)
	}
	bearer := []string{"Authorization", "Bearer " + r.json(t)["token"].(string)}
	d := e.postJSON("/signal/auth/details", map[string]any{"token": r.json(t)["token"]})
	if u := d.json(t)["user"].(map[string]any); u["coll_username"] != "usertest" {
		t.Fatalf("details %s", d.Body)
	}
	r = e.postJSON("/signal/sign", signBody(t), bearer...)
	wantStatus(t, r, http.StatusOK)
	pk := jsonNumber(r.json(t)["details"].(map[string]any)["pk"].(float64))
	get := func() string {
		g := e.do(http.MethodGet, "/signal/sign/"+pk, nil, bearer...)
		wantStatus(t, g, http.StatusOK)
		return g.json(t)["details"].(map[string]any)["status"].(string)
	}
	if s := get(); s != StatusVideoReview {
		t.Fatalf("new sign request %s", s)
	}
	e.clk.add(time.Second)
	if s := get(); s != StatusEnrollReady {
		t.Fatalf("after approval delay %s", s)
	}
	bad := signBody(t)
	delete(bad, "document_rear")
	r = e.postJSON("/signal/sign", bad, bearer...)
	if r.Code != 400 || canon(t, r.Body) != `{"message":"Missing required parameters: document_rear","status":400}` {
		t.Fatalf("missing document: %d %s", r.Code, r.Body)
	}
}

func TestPeopleFlow(t *testing.T) {
	e := newEnv(t, Options{})
	key := []string{"X-API-Key", DemoAPIKey}
	person := map[string]any{"national_id": "PESJ880212HDFHLX01", "name": "Juan", "first_lastname": "Perez",
		"second_lastname": "Suares", "birthdate": "1988-02-12T00:00:00.000000Z", "gender": "MALE", "nationality_id": 144, "state_id": 7}
	r := e.postJSON("/people/api/v1/persons", person, key...)
	wantStatus(t, r, http.StatusCreated)
	id := r.json(t)["result"].(map[string]any)["id"].(string)
	ine := map[string][]byte{"ine_front": fixture(t, "evidence/document_front.jpg"), "ine_reverse": fixture(t, "evidence/document_rear.jpg")}
	wantStatus(t, e.postMultipart("/people/api/v1/persons/"+id+"/ine", ine, key...), http.StatusOK)
	r = e.postJSON("/people/api/v1/contacts", map[string]any{"person_id": id, "email": "juan@example.com", "phone": "525591038054"}, key...)
	wantStatus(t, r, http.StatusCreated)
	wantStatus(t, e.postJSON("/people/api/v1/contacts/sms/send", map[string]any{"person_id": id, "phone": "525591038054"}, key...), http.StatusOK)
	r = e.postJSON("/people/api/v1/contacts/sms/verify", map[string]any{"person_id": id, "phone": "525591038054", "code": DemoVerificationCode}, key...)
	if r.Code != 200 || r.json(t)["result"] != "Phone validated" {
		t.Fatalf("verify %d %s", r.Code, r.Body)
	}
	byCURP := e.do(http.MethodGet, "/people/api/v1/persons/national_id/PESJ880212HDFHLX01", nil, key...)
	if byCURP.Code != 200 || byCURP.json(t)["result"].(map[string]any)["id"] != id {
		t.Fatalf("person by CURP: %d %s", byCURP.Code, byCURP.Body)
	}
	rec, _ := e.s.Received(t.Context())
	if len(rec.Enrolments) != 1 || rec.Enrolments[0].Steps["ine"] != 1 || rec.Enrolments[0].Steps["contact"] != 1 {
		t.Fatalf("received %+v", rec.Enrolments)
	}
	badCURP := map[string]any{"national_id": "PESJ880212HDFHLX02", "name": "J", "first_lastname": "P", "second_lastname": "S"}
	runBad(t, e, []badCase{
		{"bad CURP check digit", func(t *testing.T, e *env) resp { return e.postJSON("/people/api/v1/persons", badCURP, key...) },
			400, `{"success":false,"code":400,"error":"national_id is not a valid CURP: check digit is 2, expected 1 (typing error?)"}`},
		{"same CURP twice", func(t *testing.T, e *env) resp { return e.postJSON("/people/api/v1/persons", person, key...) },
			409, `{"success":false,"code":409,"error":"a person with this national_id already exists: id ` + id + `"}`},
		{"INE reverse missing", func(t *testing.T, e *env) resp {
			return e.postMultipart("/people/api/v1/persons/"+id+"/ine", map[string][]byte{"ine_front": ine["ine_front"]}, key...)
		}, 400, `{"success":false,"code":400,"error":"Missing required parameters: ine_reverse"}`},
		{"INE not an image", func(t *testing.T, e *env) resp {
			return e.postMultipart("/people/api/v1/persons/"+id+"/ine", map[string][]byte{"ine_front": ine["ine_front"], "ine_reverse": []byte("%PDF-1.4")}, key...)
		}, 400, `{"success":false,"code":400,"error":"ine_reverse is not a JPEG or PNG image that decodes (image: unknown format)"}`},
		{"no API key", func(t *testing.T, e *env) resp { return e.postJSON("/people/api/v1/persons", person) },
			401, `{"success":false,"code":401,"error":"X-API-Key header is required (use the sandbox key sk_test_enrolkiosk_demo)"}`},
		{"phone with plus", func(t *testing.T, e *env) resp {
			return e.postJSON("/people/api/v1/contacts", map[string]any{"person_id": id, "email": "a@b.c", "phone": "+525591038054"}, key...)
		}, 400, `{"success":false,"code":400,"error":"phone must be 10 to 15 digits with the country code (Mexico: 52), no + or spaces"}`},
	})
}

func TestBiometricFlow(t *testing.T) {
	e := newEnv(t, Options{})
	sign := uuid.NewString()
	path := "/v1/orgs/acme/biometric_signs/" + sign
	hdr := []string{"X-API-Key", DemoAPIKey, "x-installation_id", "inst-1", "x-fingerprint", "fp-1", "x-location", "19.4326,-99.1332"}
	body := map[string]any{"biometric_data": b64(fixture(t, "evidence/signature.iso")), "signature_image": b64(fixture(t, "evidence/signature.png"))}
	r := e.postJSON(path, body, append(hdr, "Idempotency-Key", "sig-1")...)
	if r.Code != http.StatusNoContent || len(r.Body) != 0 {
		t.Fatalf("biometric sign: %d %s", r.Code, r.Body)
	}
	again := e.postJSON(path, body, append(hdr, "Idempotency-Key", "sig-1")...)
	if again.Code != http.StatusNoContent || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("idempotent retry: %d %v", again.Code, again.Header)
	}
	g := e.do(http.MethodGet, path, nil, "X-API-Key", DemoAPIKey)
	if g.Code != 200 || g.json(t)["biometric_data_kind"] != "iso19794-7" {
		t.Fatalf("GET %d %s", g.Code, g.Body)
	}
	hdrWithout := func(name string) []string {
		var out []string
		for i := 0; i < len(hdr); i += 2 {
			if hdr[i] != name {
				out = append(out, hdr[i], hdr[i+1])
			}
		}
		return out
	}
	fresh := "/v1/orgs/acme/biometric_signs/" + uuid.NewString()
	with := func(field, value string) map[string]any {
		b := map[string]any{"biometric_data": body["biometric_data"], "signature_image": body["signature_image"]}
		b[field] = value
		return b
	}
	runBad(t, e, []badCase{
		{"missing fingerprint header", func(t *testing.T, e *env) resp { return e.postJSON(fresh, body, hdrWithout("x-fingerprint")...) },
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"x-fingerprint","details":"x-fingerprint header is required"}]}`},
		{"missing installation id", func(t *testing.T, e *env) resp { return e.postJSON(fresh, body, hdrWithout("x-installation_id")...) },
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"x-installation_id","details":"x-installation_id header is required"}]}`},
		{"bad location", func(t *testing.T, e *env) resp {
			return e.postJSON(fresh, body, append(hdrWithout("x-location"), "x-location", "Mexico City")...)
		},
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"x-location","details":"x-location header must be \"latitude,longitude\" in decimal degrees, like \"19.4326,-99.1332\""}]}`},
		{"wrong API key", func(t *testing.T, e *env) resp {
			return e.postJSON(fresh, body, append(hdrWithout("X-API-Key"), "X-API-Key", "sk_test_x")...)
		},
			401, `{"errors":[{"code":"UNAUTHORIZED","title":"Unauthorized","ref":"","details":"X-API-Key is not a valid partner key (keys start with sk_test_ or sk_live_)"}]}`},
		{"sign_id not a uuid", func(t *testing.T, e *env) resp { return e.postJSON("/v1/orgs/acme/biometric_signs/42", body, hdr...) },
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"sign_id","details":"sign_id must be a uuid"}]}`},
		{"oversize biometric_data", func(t *testing.T, e *env) resp {
			return e.postJSON(fresh, with("biometric_data", strings.Repeat("A", maxBiometricData+4)), hdr...)
		}, 413, `{"errors":[{"code":"REQUEST_ENTITY_TOO_LARGE","title":"Request Entity Too Large","ref":"biometric_data","details":"biometric_data is too large: 300004 characters, limit 300000 (300 KB)"}]}`},
		{"bad base64", func(t *testing.T, e *env) resp { return e.postJSON(fresh, with("biometric_data", "SDI%%"), hdr...) },
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"biometric_data","details":"biometric_data is not valid base64 (illegal base64 data at input byte 3)"}]}`},
		{"not an ISO record", func(t *testing.T, e *env) resp {
			return e.postJSON(fresh, with("biometric_data", b64([]byte("hello"))), hdr...)
		},
			400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"biometric_data","details":"biometric_data is not an ISO/IEC 19794-7 signature record (not valid biometric signature data: not an envelope (JSON) nor an ISO/IEC 19794-7 record: invalid character 'h' looking for beginning of value)"}]}`},
		{"signature image is a JPEG", func(t *testing.T, e *env) resp {
			return e.postJSON(fresh, with("signature_image", b64(fixture(t, "evidence/document_front.jpg"))), hdr...)
		}, 400, `{"errors":[{"code":"BAD_REQUEST","title":"Bad Request","ref":"signature_image","details":"signature_image is not a JPEG or PNG image that decodes: it is jpeg, expected png"}]}`},
		{"second POST without key", func(t *testing.T, e *env) resp { return e.postJSON(path, body, hdr...) },
			409, `{"errors":[{"code":"CONFLICT","title":"Conflict","ref":"","details":"signature ` + sign + ` was already received; send an Idempotency-Key to retry safely"}]}`},
	})
}
