package reach_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/internal/reach"
)

func TestProbe(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	res, err := reach.Probe(ctx, nil, srv.URL)
	if err != nil || res.Status != http.StatusFound {
		t.Fatalf("a redirect is an answer, not followed: %+v %v", res, err)
	}
	srv.Close()
	if _, err := reach.Probe(ctx, nil, srv.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	if _, err := reach.Probe(ctx, nil, ""); !errors.Is(err, reach.ErrNoURL) {
		t.Fatalf("empty URL: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := reach.Probe(cctx, nil, "http://127.0.0.1:9"); err == nil {
		t.Fatal("a cancelled context probed anyway")
	}
}
