package access_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// memAudit is a hand-written access.Auditor keeping the recorded events in memory.
type memAudit struct {
	mu     sync.Mutex
	events []string
}

var _ access.Auditor = (*memAudit)(nil)

func (a *memAudit) Record(_ context.Context, event, detail string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, event+" "+detail)
	return nil
}

// Logins online, offline and refused are audited, never with the name typed for a
// refused one (it may be anyone's, or a customer's name typed by mistake).
func TestLoginsAreAuditedWithoutTheNameTyped(t *testing.T) {
	b, c, a := newBackend(), newClocks(), &memAudit{}
	cfg := c.config(b, accesstest.NewValues())
	cfg.Audit = a
	s := access.NewService(context.Background(), cfg)
	ctx := context.Background()
	s.Login(ctx, "ana", "secret", "")
	s.Login(ctx, "Zacarías Quintanilla", "wrong", "")
	b.fail = errDown
	s.Login(ctx, "ana", "secret", "")
	s.Login(ctx, "ana", "wrong", "")
	want := []string{store.EventLoginOnline + " ana", store.EventLoginFailed + " online",
		store.EventLoginOffline + " ana", store.EventLoginFailed + " offline"}
	if got := strings.Join(a.events, "|"); got != strings.Join(want, "|") {
		t.Fatalf("audited %q, want %q", a.events, want)
	}
	if strings.Contains(strings.Join(a.events, ""), "Zacar") {
		t.Fatal("the name typed for a refused login reached the audit log")
	}
}
