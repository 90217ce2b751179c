package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
)

func queueCommand() command {
	return command{
		name:    "queue",
		summary: "list and manage the enrolment queue: queue ls|show ID|hold ID|release ID|retry ID|reconcile ID|amend ID",
		run:     runQueue,
	}
}

const queueUsage = "usage: enrolctl queue ls [--json] [--state STATE] | show ID [--json] | hold ID | release ID | retry ID | reconcile ID (--request-pk N | --create-new) | amend ID [--set FIELD=VALUE]... [--front FILE] [--rear FILE]"

func runQueue(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr(queueUsage)
	}
	fs := flag.NewFlagSet("queue "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	state := fs.String("state", "", "only entries in this state (ls)")
	requestPK := fs.String("request-pk", "", "reconcile: the id of the request the backend already has (its request_pk)")
	createNew := fs.Bool("create-new", false, "reconcile: send the request again, accepting a second one at the backend (audited)")
	set := map[string]string{}
	fs.Func("set", "amend: FIELD=VALUE of the applicant data (JSON names: email, serial_number...); repeatable", func(v string) error {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			return fmt.Errorf("--set wants FIELD=VALUE, got %q", v)
		}
		set[k] = val
		return nil
	})
	front := fs.String("front", "", "amend: a retaken front of the ID document (JPEG); refused, since the customer must sign again (the kiosk's queue screen does it)")
	rear := fs.String("rear", "", "amend: a retaken rear of the ID document (JPEG); refused, since the customer must sign again (the kiosk's queue screen does it)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	action, ok := queueActions[args[0]]
	switch {
	case args[0] == "ls" && len(pos) == 0:
	case ok || args[0] == "show" || args[0] == "reconcile" || args[0] == "amend":
		if len(pos) != 1 {
			return usageErr("queue %s needs one enrolment id", args[0])
		}
	default:
		return usageErr(queueUsage)
	}
	open := e.openStore
	if args[0] == "ls" || args[0] == "show" {
		open = func(ctx context.Context, _ bool) (*store.DB, config.Config, error) { return e.openStoreReadOnly(ctx) }
	}
	db, _, err := open(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "ls":
		return queueList(ctx, e, db, store.State(*state), *asJSON)
	case "show":
		return queueShow(ctx, e, db, pos[0], *asJSON)
	}
	id, err := resolveID(ctx, db, pos[0])
	if err != nil {
		return err
	}
	if args[0] == "amend" {
		return amend(ctx, e, db, id, set, map[store.EvidenceKind]string{store.DocumentFront: *front, store.DocumentRear: *rear})
	}
	if args[0] == "reconcile" {
		action = func(db *store.DB, ctx context.Context, id string) error {
			return reconcile(ctx, db, id, *requestPK, *createNew)
		}
	}
	if err := action(db, ctx, id); err != nil {
		return err
	}
	ent, err := db.Entry(ctx, id)
	if err == nil {
		fmt.Fprintf(e.stdout, "%s %s\n", store.ShortID(id), ent.State)
	}
	return err
}

// queueActions are the operator's changes.
var queueActions = map[string]func(*store.DB, context.Context, string) error{
	"hold":    (*store.DB).Hold,
	"release": (*store.DB).Release,
	"retry":   (*store.DB).Retry,
}

func queueList(ctx context.Context, e *env, db *store.DB, state store.State, asJSON bool) error {
	f := store.Filter{}
	if state != "" {
		f.States = []store.State{state}
	}
	entries, err := db.List(ctx, f)
	// Entries that cannot be read are not hidden: the rest is listed, then the error
	// (on stderr, exit 1) says how many could not be read.
	unreadable, partial := errors.AsType[*store.UnreadableError](err)
	if err != nil && !partial {
		return err
	}
	if asJSON {
		if entries == nil {
			entries = []store.Entry{}
		}
		err = printJSON(e.stdout, entries)
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tSTEP\tATTEMPTS\tSEALED\tNOTE")
		for _, en := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", en.ShortID(), en.State, stepText(en), en.Attempts,
				en.Sealed.Local().Format("2006-01-02 15:04"), note(en))
		}
		err = tw.Flush()
	}
	if err == nil && partial {
		return &exitError{code: exitProblem, err: unreadable}
	}
	return err
}

func stepText(en store.Entry) string {
	if en.StepName == "" {
		return "-"
	}
	return fmt.Sprintf("%d %s", en.Step, en.StepName)
}

// note is the one thing an operator most needs to know about an entry.
func note(en store.Entry) string {
	switch {
	case en.State == store.Rejected:
		return en.Reason
	case en.State == store.Reconcile:
		return en.LastError
	case en.LastError != "":
		return fmt.Sprintf("%s (next try %s)", en.LastError, en.NextAttempt.Local().Format(time.TimeOnly))
	}
	return ""
}

// queueShowOutput is what `queue show --json` prints: the outbox entry and the evidence
// descriptions, without the applicant's personal data.
type queueShowOutput struct {
	Entry    store.Entry      `json:"entry"`
	Evidence []store.Evidence `json:"evidence"`
}

func queueShow(ctx context.Context, e *env, db *store.DB, arg string, asJSON bool) error {
	id, err := resolveID(ctx, db, arg)
	if err != nil {
		return err
	}
	out := queueShowOutput{Evidence: []store.Evidence{}}
	if out.Entry, err = db.Entry(ctx, id); err != nil {
		return err
	}
	if out.Entry.State != store.Purged {
		rec, err := db.Get(ctx, id)
		if err != nil {
			return err
		}
		out.Evidence = rec.Evidence
	}
	if asJSON {
		return printJSON(e.stdout, out)
	}
	en := out.Entry
	fmt.Fprintf(e.stdout, "id        %s\nprofile   %s\nstate     %s\nstep      %s\nattempts  %d\nsealed    %s\n",
		en.ID, en.Profile, en.State, stepText(en), en.Attempts, en.Sealed.Local().Format(time.DateTime))
	if n := note(en); n != "" {
		fmt.Fprintf(e.stdout, "note      %s\n", n)
	}
	for k, v := range en.Results {
		fmt.Fprintf(e.stdout, "result    %s=%s\n", k, v)
	}
	for _, ev := range out.Evidence {
		fmt.Fprintf(e.stdout, "evidence  %-16s %-24s %9d bytes  sha256 %s\n", ev.Kind, ev.ContentType, ev.Size, ev.SHA256)
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// reconcile resolves an entry waiting for reconciliation: attach the request the backend
// has (--request-pk), or send a new one (--create-new). Both are audited.
func reconcile(ctx context.Context, db *store.DB, id, pk string, createNew bool) error {
	if (pk == "") == !createNew {
		return usageErr("queue reconcile needs exactly one of --request-pk N and --create-new")
	}
	if createNew {
		return db.ReconcileCreateNew(ctx, id, "enrolctl")
	}
	ent, err := db.Entry(ctx, id)
	if err != nil {
		return err
	}
	vals, err := agent.Attachment(ent, pk)
	if err != nil {
		return &exitError{code: exitProblem, err: err}
	}
	return db.Reconcile(ctx, id, vals, "enrolctl")
}

// amend seals a corrected version of a rejected enrolment: applicant fields (checked by
// the wizard's rules). The signature is carried over unchanged, so a correction of what
// the customer signed (the name, or an ID image: the biometric data is bound to both) is
// refused: the customer must sign again, on the kiosk's queue screen.
func amend(ctx context.Context, e *env, db *store.DB, id string, set map[string]string, images map[store.EvidenceKind]string) error {
	rec, err := db.Get(ctx, id)
	if err != nil {
		return err
	}
	var a store.Amendment
	a.By = "enrolctl"
	if len(set) > 0 {
		fixed, err := enrol.Correct(rec.Profile, rec.Applicant, set, time.Now())
		if err != nil {
			return &exitError{code: exitProblem, err: err}
		}
		a.Applicant = &fixed
	}
	for kind, path := range images {
		if path == "" {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(b) < 3 || b[0] != 0xFF || b[1] != 0xD8 {
			return &exitError{code: exitProblem, err: fmt.Errorf("%s is not a JPEG image", path)}
		}
		a.Evidence = append(a.Evidence, store.Bytes(kind, store.MediaJPEG, b))
	}
	if a.Applicant == nil && len(a.Evidence) == 0 {
		return usageErr("queue amend needs --set FIELD=VALUE, --front FILE or --rear FILE")
	}
	next, err := db.Amend(ctx, id, a)
	if errors.Is(err, store.ErrSignAgain) && len(a.Evidence) > 0 {
		err = fmt.Errorf("%w: the signature is bound to the ID images; retake the image on the kiosk (Queue, Amend…, Retake the ID front or rear), where the customer signs again on the pad", err)
	}
	if err != nil {
		return &exitError{code: exitProblem, err: err}
	}
	fmt.Fprintf(e.stdout, "%s amended by %s (queued; %s is kept until it is confirmed)\n", store.ShortID(id), store.ShortID(next.ID), store.ShortID(id))
	return nil
}
