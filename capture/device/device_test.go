package device

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func key(seed byte) ed25519.PublicKey {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)
}

func factsOf(t *testing.T, dir string) Facts {
	t.Helper()
	f, err := FactSource{FS: os.DirFS("testdata/" + dir)}.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReadFacts(t *testing.T) {
	f := factsOf(t, "machine-a")
	if f.MachineID != "3d1219c7c4c5404aaa1f6d2a48adfda4" || f.CPU != "AMD EPYC 7B13" ||
		f.Board != "LENOVO/20XW/20XWCTO1WW" || f.ProductUUID != "a1b2c3d4-0000-1111-2222-333344445555" {
		t.Errorf("facts = %+v", f)
	}
	if bare := factsOf(t, "bare"); bare.MachineID != "" || bare.Board != "" || bare.OS == "" {
		t.Errorf("bare facts = %+v", bare)
	}
}

func TestFingerprintStableAndDistinct(t *testing.T) {
	a, b := factsOf(t, "machine-a"), factsOf(t, "machine-b")
	fa := Fingerprint(a, key(1))
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(fa) {
		t.Fatalf("fingerprint %q is not 64 hex digits", fa)
	}
	if again := Fingerprint(factsOf(t, "machine-a"), key(1)); again != fa {
		t.Error("fingerprint changed between two reads of the same machine")
	}
	if Fingerprint(b, key(1)) == fa {
		t.Error("another machine gave the same fingerprint")
	}
	if Fingerprint(a, key(2)) == fa {
		t.Error("another device key gave the same fingerprint")
	}
	forged := a
	forged.CPU = "x\nos=" + a.OS
	if Fingerprint(forged, key(1)) == fa {
		t.Error("a newline in a fact forged the canonical text")
	}
}

// TestFingerprintGolden pins the recipe: changing it changes every device's identity at
// the backend, so it must be a deliberate version bump.
func TestFingerprintGolden(t *testing.T) {
	f := Facts{MachineID: "m", ProductUUID: "u", Board: "b", CPU: "c", OS: "linux/amd64"}

	got := Fingerprint(f, make([]byte, 32))
	if got != goldenFingerprint {
		t.Errorf("Fingerprint = %s, want %s", got, goldenFingerprint)
	}

}

func TestNewIdentity(t *testing.T) {
	ctx := context.Background()
	src := FactSource{FS: os.DirFS("testdata/machine-a")}
	id, err := NewIdentity(ctx, "inst-1", key(1), src)
	if err != nil || id.InstallationID != "inst-1" || id.Fingerprint != Fingerprint(factsOf(t, "machine-a"), key(1)) {
		t.Errorf("identity %+v, %v", id, err)
	}
	if _, err := NewIdentity(ctx, "", key(1), src); !errors.Is(err, ErrNoInstallationID) {
		t.Errorf("empty id: %v", err)
	}
	if _, err := NewIdentity(ctx, "x", []byte{1, 2}, src); err == nil {
		t.Error("short key accepted")
	}
}

func TestPositionHeaderAndFixed(t *testing.T) {
	p := Position{Lat: 40.416775, Lon: -3.70379}
	if p.Header() != "40.416775,-3.703790" {
		t.Errorf("Header = %q", p.Header())
	}
	ctx := context.Background()
	if got, err := LocatorFor(config.Location{Lat: p.Lat, Lon: p.Lon}).Position(ctx); err != nil || got != p {
		t.Errorf("fixed locator = %v, %v", got, err)
	}
	if _, err := LocatorFor(config.Location{}).Position(ctx); !errors.Is(err, ErrNoFix) {
		t.Errorf("unconfigured locator err = %v, want ErrNoFix", err)
	}
	if _, ok := LocatorFor(config.Location{GPSD: "127.0.0.1:1"}).(*GPSD); !ok {
		t.Error("gpsd address did not give a GPSD locator")
	}
}

// goldenFingerprint is the sha256sum of the canonical text of TestFingerprintGolden,
// computed with printf and sha256sum from the recipe in doc.go.
const goldenFingerprint = "98465c3b6bea6fc8ef3cb941ae5c1ce99f97872bcc808db62eba4a8378456be5"

func TestHeaders(t *testing.T) {
	h := Headers{ID: Identity{InstallationID: "i", Fingerprint: "f"}, Locator: Fixed{Pos: Position{Lat: 1.5, Lon: 2.25}}}
	if h.InstallationID() != "i" || h.Fingerprint() != "f" || h.Location(context.Background()) != "1.500000,2.250000" {
		t.Errorf("headers %q %q %q", h.InstallationID(), h.Fingerprint(), h.Location(context.Background()))
	}
	if (Headers{Locator: Fixed{}}).Location(context.Background()) != "" {
		t.Error("unknown position gave a header")
	}
}
