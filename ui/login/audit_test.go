package login

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// memAudit keeps the recorded events in memory.
type memAudit struct {
	mu     sync.Mutex
	events []string
}

func (a *memAudit) Record(_ context.Context, event, detail string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, event+" "+detail)
	return nil
}

var _ Auditor = (*memAudit)(nil)

func TestLoginsAreAuditedWithoutTheNameTyped(t *testing.T) {
	down := false
	a := &memAudit{}
	s := NewService(context.Background(), Config{Online: backend(&down), Values: &memValues{m: map[string][]byte{}}, Audit: a,
		MaxFailures: 3, Params: cheap, Now: (&fixedClock{t: time.Unix(1e9, 0)}).now})
	ctx := context.Background()
	s.Login(ctx, "ana", "secret", "")
	s.Login(ctx, "Zacarías Quintanilla", "wrong", "")
	down = true
	s.Login(ctx, "ana", "secret", "")
	want := []string{store.EventLoginOnline + " ana", store.EventLoginFailed + " online, 1 failures in a row", store.EventLoginOffline + " ana"}
	if strings.Join(a.events, "|") != strings.Join(want, "|") {
		t.Fatalf("audited %q, want %q", a.events, want)
	}
}
