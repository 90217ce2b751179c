package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// AdminGate decides who may change protected settings (config.Protected);
// *access.Service implements it.
type AdminGate interface {
	AdminRole(op access.Operator) (access.Administrator, bool)
	HasAdminPassphrase() bool
	CheckAdminPassphrase(ctx context.Context, passphrase string) (access.Administrator, error)
}

var _ AdminGate = (*access.Service)(nil)

// Auditor records kiosk events in the store's audit log; *store.DB implements it.
type Auditor interface {
	Record(ctx context.Context, event, detail string) error
}

var _ Auditor = (*store.DB)(nil)

// changedKeys returns the keys whose value in edits differs from before, sorted.
func changedKeys(before, edits map[string]any) []string {
	var keys []string
	for k, v := range edits {
		if fmt.Sprint(v) != fmt.Sprint(before[k]) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// protectedOf returns the keys that need an administrator.
func protectedOf(keys []string) []string {
	var p []string
	for _, k := range keys {
		if config.Protected(k) {
			p = append(p, k)
		}
	}
	return p
}

// authorise decides whether op may change the protected keys: by an administrator role
// of their online login, else by the administrator passphrase typed.
func authorise(ctx context.Context, gate AdminGate, op access.Operator, protected []string, passphrase string) (access.Administrator, error) {
	if len(protected) == 0 {
		return access.Administrator{}, nil
	}
	if gate == nil || op.ID == "" {
		return access.Administrator{}, access.ErrNotAdmin
	}
	if a, ok := gate.AdminRole(op); ok {
		return a, nil
	}
	if passphrase == "" || !gate.HasAdminPassphrase() {
		return access.Administrator{}, access.ErrNotAdmin
	}
	return gate.CheckAdminPassphrase(ctx, passphrase)
}

// auditDetail words a settings change for the audit log: the keys with their new values
// (settings are addresses, names and numbers; credentials are references the screen
// cannot edit), how it was authorised and a reference to the operator, never their name.
func auditDetail(keys []string, edits map[string]any, how string, op access.Operator) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		v := fmt.Sprint(edits[k])
		if edits[k] == nil {
			v = "(default)"
		}
		if len(v) > 200 {
			v = v[:200] + "…"
		}
		fmt.Fprintf(&b, "%s=%q", k, v)
	}
	if how != "" {
		b.WriteString("; by " + how)
	}
	if op.ID != "" {
		b.WriteString("; operator " + access.OperatorRef(op.ID))
	}
	return b.String()
}

// refusedDetail words a refused change for the audit log: the keys, and a reference to
// the operator who tried.
func refusedDetail(keys []string, op access.Operator) string {
	d := strings.Join(keys, ", ")
	if op.ID != "" {
		d += "; operator " + access.OperatorRef(op.ID)
	}
	return d
}
