package api

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestNoResendAfterAnUnknownOutcome: a NoResend request whose answer was lost after the
// server read it (the connection reset, a 502) is sent once and fails with ErrAmbiguous;
// an answer that says nothing was done (503) is retried as usual; so is any request
// without NoResend.
func TestNoResendAfterAnUnknownOutcome(t *testing.T) {
	cases := map[string]struct {
		answer   func(w http.ResponseWriter)
		noResend bool
		calls    int32
		ambig    bool
	}{
		"reset, NoResend":   {answer: hangUp, noResend: true, calls: 1, ambig: true},
		"502, NoResend":     {answer: status(502), noResend: true, calls: 1, ambig: true},
		"503, NoResend":     {answer: status(503), noResend: true, calls: 5},
		"reset, resendable": {answer: hangUp, calls: 5},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				calls.Add(1)
				c.answer(w)
			}))
			defer srv.Close()
			cl, _ := newClient(t, srv.URL, nil)
			_, err := cl.Do(context.Background(), Request{Method: "POST", Path: "/create", Body: jsonBody(t, map[string]string{"a": "b"}),
				IdempotencyKey: Key("e1", "create"), NoResend: c.noResend})
			if got := calls.Load(); got != c.calls {
				t.Errorf("the server got %d calls, want %d", got, c.calls)
			}
			if errors.Is(err, ErrAmbiguous) != c.ambig {
				t.Errorf("err = %v, ambiguous %v", err, c.ambig)
			}
		})
	}
}

func TestRefusedConnectionIsNotAmbiguous(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cl, _ := newClient(t, "http://"+addr, nil)
	_, err = cl.Do(context.Background(), Request{Method: "POST", Path: "/create", Body: jsonBody(t, map[string]string{"a": "b"}), NoResend: true})
	if err == nil || errors.Is(err, ErrAmbiguous) {
		t.Fatalf("a refused connection: %v, want a plain unavailable error", err)
	}
}

func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}
