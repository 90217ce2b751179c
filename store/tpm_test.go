package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-tpm/tpm2/transport"
)

// startSwtpm starts Debian's swtpm, a software TPM 2.0 with its own state, for this test
// only, and returns an Options.OpenTPM that reaches it.
func startSwtpm(t *testing.T) func() (transport.TPMCloser, error) {
	t.Helper()
	bin, err := exec.LookPath("swtpm")
	if err != nil {
		t.Fatal("swtpm is not installed: run make deps (scripts/deps.sh installs swtpm and swtpm-tools)")
	}
	ports := make([]int, 2)
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
	}
	cmd := exec.Command(bin, "socket", "--tpm2", "--tpmstate", "dir="+t.TempDir(),
		"--server", fmt.Sprintf("type=tcp,port=%d,bindaddr=127.0.0.1", ports[0]),
		"--ctrl", fmt.Sprintf("type=tcp,port=%d,bindaddr=127.0.0.1", ports[1]),
		"--flags", "not-need-init,startup-clear")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", ports[0])
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("swtpm did not listen on %s: %v\n%s", addr, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return func() (transport.TPMCloser, error) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return nil, err
		}
		return transport.FromReadWriteCloser(c), nil
	}
}

func TestTPMDataDirOpensOnlyWithItsTPM(t *testing.T) {
	ctx := context.Background()
	tpmA, tpmB := startSwtpm(t), startSwtpm(t)
	dir := t.TempDir()
	d, err := Open(ctx, dir, Options{OpenTPM: tpmA, Protection: ProtectionTPM})
	if err != nil {
		t.Fatal(err)
	}
	image := blob(78, 2*ChunkSize)
	e, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(DocumentFront, "image/jpeg", image)})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.KeyProtection(); got != ProtectionTPM {
		t.Fatalf("KeyProtection = %s", got)
	}
	d.Close()
	again := openTest(t, dir, Options{OpenTPM: tpmA, Protection: ProtectionTPM})
	if _, err := again.Get(ctx, e.ID); err != nil {
		t.Fatalf("reopened with its TPM: %v", err)
	}
	again.Close()
	stolen := stealDataDir(t, dir, image[500:564])
	if _, err := Open(ctx, stolen, Options{OpenTPM: tpmB}); !errors.Is(err, ErrTPMRequired) {
		t.Fatalf("the copy opened with another machine's TPM: %v", err)
	}
	if _, err := Open(ctx, stolen, Options{}); !errors.Is(err, ErrTPMRequired) {
		t.Fatalf("the copy opened without a TPM: %v", err)
	}
	checkBolt(t, filepath.Join(stolen, FileName))
}

func TestRekeyToTPM(t *testing.T) {
	ctx := context.Background()
	tpm := startSwtpm(t)
	dir := openTestClosed(t, t.TempDir(), Options{})
	if got, err := Rekey(ctx, dir, Options{OpenTPM: tpm}, ProtectionTPM, nil); err != nil || got != ProtectionTPM {
		t.Fatalf("Rekey to the TPM: %s %v", got, err)
	}
	if _, err := Open(ctx, dir, Options{}); !errors.Is(err, ErrTPMRequired) {
		t.Fatalf("open without the TPM after rekey: %v", err)
	}
	d := openTest(t, dir, Options{OpenTPM: tpm, Protection: ProtectionTPM})
	if rep, err := d.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Faults, err)
	}
}
