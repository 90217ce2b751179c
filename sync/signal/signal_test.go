package signal

import (
	"context"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

func TestSignalDeliversAndPolls(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{ApprovalDelay: 30 * time.Millisecond})
	db := storetest.Open(t)
	var ids []string
	for i := range 2 {
		ids = append(ids, sandboxtest.Seal(t, db, Name, i).ID)
	}
	login := sandboxtest.Client(t, url+"/signal", "inst-1", nil)
	b := &auth.Bearer{Login: auth.SignalLogin(login, auth.Credentials{Username: "usertest", Password: "passwordtest"}),
		Cache: db, CacheName: "sync/token/signal"}
	c := sandboxtest.Client(t, url+"/signal", "inst-1", func(o *api.Options) { o.Auth = b })
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{Name: New(c, Config{RegistrationAuthority: "139",
		CertProfile: "PFnubeQAFCiudadano", PollInterval: 5 * time.Millisecond})}, Default: Name, Idle: 20 * time.Millisecond, PollInterval: 5 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if e, _ := db.Entry(ctx, id); e.State != store.Confirmed || e.Results["sign_pk"] == "" {
			t.Errorf("%s: %s %v %q", id, e.State, e.Results, e.LastError)
		}
	}
	sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "signal", 2, "sign")
}

func FuzzParseSign(f *testing.F) {
	f.Add([]byte(`{"status":"200 OK","details":{"pk":22885,"status":"VIDEOREVIEW"}}`))
	f.Add([]byte(`{"details":{"pk":"x","status":""}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := parseSign(b); err == nil && (d.Status == "" || d.PK.String() == "") {
			t.Fatalf("accepted %q", b)
		}
	})
}
