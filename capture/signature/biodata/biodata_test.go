package biodata

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"io"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

var doc = sha256.Sum256([]byte("terms and conditions v3"))

func TestBiometricDataRoundTrip(t *testing.T) {
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	at := time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)
	b, err := BiometricData(sig, doc, Options{CapturedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if IsAgeEncrypted(b) {
		t.Fatal("plain data reported as encrypted")
	}
	env, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if env.DocumentSHA256 != hex.EncodeToString(doc[:]) || !env.CapturedAt.Equal(at) || env.Device != sig.Device {
		t.Fatalf("envelope %+v", env)
	}
	got := env.Signature()
	for i := range sig.Samples {
		if got.Samples[i] != sig.Samples[i] {
			t.Fatalf("sample %d: %+v, want %+v", i, got.Samples[i], sig.Samples[i])
		}
	}
}

func TestParseBareRecord(t *testing.T) {
	sig := svctest.Load(t, "Task2/U2S3.TXT")
	rec, _ := iso19794.FromSignature(sig)
	b, err := iso19794.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	env, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Record.Samples) != len(sig.Samples) || env.DocumentSHA256 != "" || !env.Device.HasPressure {
		t.Fatalf("bare record parsed as %d samples, device %+v", len(env.Record.Samples), env.Device)
	}
}

func TestEncryptedToTrustedThirdParty(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	b, err := BiometricData(sig, doc, Options{Recipient: id.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	if !IsAgeEncrypted(b) {
		t.Fatal("encrypted data not recognised as age")
	}
	if _, err := Parse(b); !errors.Is(err, ErrEncrypted) {
		t.Fatalf("Parse of ciphertext: %v, want ErrEncrypted", err)
	}
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	env, err := Parse(plain)
	if err != nil || len(env.Record.Samples) != len(sig.Samples) {
		t.Fatalf("decrypted envelope: %v, %d samples", err, len(env.Record.Samples))
	}
	if _, err := BiometricData(sig, doc, Options{Recipient: "age1notakey"}); err == nil {
		t.Fatal("a bad recipient was accepted")
	}
}

// TestTooLongRefused builds a 60 s tablet signature at 300 Hz with tilt: its record is
// larger than the API takes, and it is refused rather than cut.
func TestTooLongRefused(t *testing.T) {
	sig := signature.Signature{Device: signature.Device{Kind: signature.KindTablet, XMax: 40000, YMax: 30000,
		HasPressure: true, PressureMax: 8191, HasTilt: true, TiltMin: -64, TiltMax: 63}}
	for i := range 18000 {
		sig.Samples = append(sig.Samples, signature.Sample{T: uint32(i * 10 / 3), X: int32(i % 40000), Y: int32(i % 300 * 100),
			Pressure: int32(i % 8000), Contact: true, Proximity: true})
	}
	_, err := BiometricData(sig, doc, Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("an 18000-sample signature: %v, want ErrTooLarge", err)
	}
}

func TestSignatureImage(t *testing.T) {
	sig := svctest.Load(t, "Task2/U17S26.TXT")
	for _, bg := range []string{BackgroundWhite, BackgroundTransparent} {
		opt := DefaultImageOptions()
		opt.Background = bg
		b, err := SignatureImage(sig, opt)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() > opt.Width || img.Bounds().Dy() > opt.Height || img.Bounds().Dx() < opt.Width/2 {
			t.Fatalf("%s: image %v for a %dx%d box", bg, img.Bounds(), opt.Width, opt.Height)
		}
		_, _, _, a := img.At(0, 0).RGBA()
		if (bg == BackgroundWhite) != (a == 0xffff) {
			t.Fatalf("%s: corner alpha %d", bg, a)
		}
		if !hasInk(img) {
			t.Fatalf("%s: no ink", bg)
		}
	}
	if _, err := SignatureImage(signature.Signature{}, DefaultImageOptions()); !errors.Is(err, signature.ErrEmpty) {
		t.Fatalf("empty signature: %v", err)
	}
	opt := DefaultImageOptions()
	opt.Background = "pink"
	if _, err := SignatureImage(sig, opt); err == nil {
		t.Fatal("a pink background was accepted")
	}
}

func hasInk(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, _, a := img.At(x, y).RGBA(); a > 0x8000 && r < 0x8000 && g < 0x8000 {
				return true
			}
		}
	}
	return false
}

func FuzzParse(f *testing.F) {
	sig := signature.Signature{Device: signature.Device{XMax: 100, YMax: 100}, Samples: []signature.Sample{{X: 1, Y: 2, Contact: true}}}
	plain, _ := BiometricData(sig, doc, Options{CapturedAt: time.Unix(0, 0)})
	f.Add(plain)
	rec, _ := iso19794.FromSignature(sig)
	iso, _ := iso19794.Encode(rec)
	f.Add(iso)
	f.Add([]byte(`{"format":"enrolkiosk-biodata","version":1}`))
	f.Add([]byte("age-encryption.org/v1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		env, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrEncrypted) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrEncrypted", err)
			}
			return
		}
		if env.ISO == nil || !bytes.HasPrefix(env.ISO, []byte("SDI")) {
			t.Fatal("accepted without a record")
		}
	})
}
