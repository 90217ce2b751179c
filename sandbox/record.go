package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// maxRecordBody bounds how much of a body a record file keeps.
const maxRecordBody = maxVideoBytes + 1<<20

// secretHeaders are written as "[redacted]" in record files.
var secretHeaders = map[string]bool{"Authorization": true, "X-Api-Key": true, "Cookie": true,
	"Proxy-Authorization": true, "Set-Cookie": true}

// secretFields are JSON body fields written as "[redacted]" in record files.
var secretFields = map[string]bool{"password": true, "billing_password": true, "pin": true, "token": true,
	"code": true, "otp": true, "mfa_token": true, "refresh_token": true, "newPassword": true}

// recorder writes each raw request to its own file in dir.
type recorder struct {
	dir string
	log *slog.Logger
	seq atomic.Uint64
}

func newRecorder(dir string, log *slog.Logger) (*recorder, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create record directory %s: %w", dir, err)
	}
	rc := &recorder{dir: dir, log: log}
	rc.seq.Store(lastRecord(dir))
	return rc, nil
}

// lastRecord returns the highest sequence number of the record files already in dir, so a
// restarted sandbox appends instead of overwriting.
func lastRecord(dir string) uint64 {
	names, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9][0-9][0-9][0-9]*-*.http"))
	var last uint64
	for _, n := range names {
		num, _, _ := strings.Cut(filepath.Base(n), "-")
		if v, err := strconv.ParseUint(num, 10, 64); err == nil && v > last {
			last = v
		}
	}
	return last
}

// middleware tees the body the handlers read, drains the rest, then writes the file.
func (rc *recorder) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		body := r.Body
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.TeeReader(io.LimitReader(body, maxRecordBody), &buf), body}
		next.ServeHTTP(w, r)
		io.Copy(io.Discard, r.Body)
		if err := rc.write(r, buf.Bytes()); err != nil {
			rc.log.Error("sandbox: record request", "path", r.URL.Path, "err", err)
		}
	})
}

// write stores method, path, headers (secrets redacted) and body, durably.
func (rc *recorder) write(r *http.Request, body []byte) error {
	n := rc.seq.Add(1)
	name := fmt.Sprintf("%06d-%s%s.http", n, r.Method, strings.NewReplacer("/", "_", "{", "", "}", "").Replace(r.URL.Path))
	var out bytes.Buffer
	fmt.Fprintf(&out, "%s %s %s\r\nHost: %s\r\n", r.Method, r.URL.RequestURI(), r.Proto, r.Host)
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			if secretHeaders[k] {
				v = "[redacted]"
			}
			fmt.Fprintf(&out, "%s: %s\r\n", k, v)
		}
	}
	out.WriteString("\r\n")
	out.Write(redactJSON(body))
	return durable.WriteFile(filepath.Join(rc.dir, name), out.Bytes(), 0o600)
}

// redactJSON replaces secret fields of a JSON object body; other bodies pass unchanged.
func redactJSON(body []byte) []byte {
	if len(body) == 0 || len(body) > 1<<20 || body[0] != '{' {
		return body
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	changed := false
	for k := range m {
		if secretFields[k] {
			m[k], changed = "[redacted]", true
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
