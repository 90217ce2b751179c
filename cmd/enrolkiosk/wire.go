package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/assets"
	"github.com/enrolkiosk/enrolkiosk/capture/device"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// The device headers present the key and audit head the store gives them.
var (
	_ api.EvidenceDevice = device.Headers{}
	_ device.AuditLog    = (*store.DB)(nil)
)

// openStore opens (or creates) the store in the data dir with the configured options;
// passphrase, when not empty, is the one typed on the unlock screen.
func openStore(ctx context.Context, dir string, cfg config.Config, logger *slog.Logger, passphrase []byte) (*store.DB, error) {
	return openStoreWith(ctx, dir, cfg, logger, false, passphrase)
}

// recoverStore moves a damaged database aside (kept, renamed with a timestamp) and starts
// a new one. The operator asks for it; it returns where the damaged file now is.
func recoverStore(ctx context.Context, dir string, cfg config.Config, logger *slog.Logger) (string, error) {
	db, err := openStoreWith(ctx, dir, cfg, logger, true, nil)
	if err != nil {
		return "", err
	}
	moved := db.Recovered()
	return moved, db.Close()
}

func openStoreWith(ctx context.Context, dir string, cfg config.Config, logger *slog.Logger, recover bool, passphrase []byte) (*store.DB, error) {
	opts, err := store.OptionsFromConfig(ctx, cfg.Store)
	if err != nil {
		return nil, fmt.Errorf("local queue: %w", err)
	}
	if len(passphrase) > 0 {
		opts.Passphrase = passphrase
	}
	opts.Logger, opts.Recover = logger, recover
	db, err := store.Open(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("local queue: %w", err)
	}
	return db, nil
}

// headers builds the identity headers of this installation.
func headers(ctx context.Context, db *store.DB, cfg config.Config) (device.Headers, error) {
	id, err := db.Identity(ctx)
	if err != nil {
		return device.Headers{}, err
	}
	ident, err := device.NewIdentity(ctx, id.InstallationID, id.PublicKey, device.FactSource{})
	if err != nil {
		return device.Headers{}, err
	}
	return device.Headers{ID: ident, Locator: device.LocatorFor(cfg.Location), Key: id.PublicKey, Audit: db}, nil
}

// fleetStartJitter spreads the first delivery pass of kiosks that start together (a branch
// back from a power cut, a fleet back online) so that they do not reach the backend at once.
const fleetStartJitter = 15 * time.Second

// newWorker builds the delivery worker; a configuration it cannot use is reported, and
// the kiosk still enrols (everything waits in the queue). Demo mode starts at once.
func newWorker(ctx context.Context, db *store.DB, cfg config.Config, dev device.Headers, demo bool, onEvent func(ksync.Event), logger *slog.Logger) (*ksync.Worker, error) {
	w, err := agent.New(ctx, agent.Options{Config: cfg, Store: db, Keyring: store.OSKeyring{}, Device: dev,
		OnEvent: onEvent, Logger: logger})
	if errors.Is(err, agent.ErrConfig) {
		return nil, fmt.Errorf("sending is off until the configuration is fixed: %w", err)
	}
	if err == nil && !demo {
		w.SetStartJitter(fleetStartJitter)
	}
	return w, err
}

// newLogin builds the operator login: online against the configured backend when one is
// set, always with the offline verifier in the store.
func newLogin(ctx context.Context, db *store.DB, cfg config.Config, dev device.Headers, logger *slog.Logger) *access.Service {
	c := access.Config{Values: db, Audit: db, MaxFailures: cfg.Kiosk.MaxLoginFailures,
		MaxOfflineAge: cfg.Kiosk.OfflineLoginMaxAge.Duration, AdminRoles: cfg.Kiosk.AdminRoles, Logger: logger}
	if ref := cfg.Kiosk.AdminPassphrase; !ref.IsZero() {
		p, err := ref.Resolve(ctx, store.OSKeyring{})
		if err != nil {
			logger.Warn("administrator passphrase unavailable: administrators by backend role only", "ref", ref.String(), "err", err)
		}
		c.AdminPassphrase = p
	}
	if base := cfg.Backend.OperatorAuthURL(cfg.Profile); base != "" {
		key, err := cfg.Backend.APIKey.Resolve(ctx, store.OSKeyring{})
		if err != nil {
			logger.Warn("operator login: no partner API key; offline login only", "err", err)
		}
		if a, err := newOperatorAuth(base, key, buildinfo.UserAgent(runtime.GOOS), dev); err != nil {
			logger.Warn("operator login: offline only", "err", err)
		} else {
			c.Online = a
		}
	}
	return access.NewService(ctx, c)
}

// terms returns the terms in the UI's language.
func terms(cfg config.Config) (wizard.Terms, error) {
	language := cfg.Language
	if language == "" {
		language = lang.SystemLocale().LanguageString()
	}
	version, text, err := assets.Terms(strings.ToLower(language[:min(2, len(language))]))
	return wizard.Terms{Version: version, Text: text}, err
}

// localIP returns this machine's first non-loopback IP address, recorded with each
// acceptance ("" when there is none).
func localIP() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return ""
}
