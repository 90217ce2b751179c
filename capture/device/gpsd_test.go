//go:build !windows

package device

import (
	"bufio"
	"context"
	"errors"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// fakeGPSD serves the gpsd JSON protocol: a VERSION banner, then after ?WATCH the lines.
func fakeGPSD(t *testing.T, lines ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.Write([]byte(`{"class":"VERSION","release":"3.22","proto_major":3,"proto_minor":14}` + "\n"))
				if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
					return
				}
				for _, l := range lines {
					c.Write([]byte(l + "\n"))
				}
				time.Sleep(2 * time.Second)
			}()
		}
	}()
	return ln.Addr().String()
}

func TestGPSDReadsFirstFixAndCaches(t *testing.T) {
	addr := fakeGPSD(t,
		`{"class":"DEVICES","devices":[]}`,
		`{"class":"TPV","mode":1}`,
		`{"class":"TPV","mode":3,"lat":40.4162,"lon":-3.7038,"alt":667}`)
	now := time.Unix(1000, 0)
	g := NewGPSD(addr)
	g.Now = func() time.Time { return now }
	p, err := g.Position(context.Background())
	if err != nil || p != (Position{40.4162, -3.7038}) {
		t.Fatalf("Position = %v, %v", p, err)
	}
	g.Addr = "127.0.0.1:1" // a cached fix must not reconnect
	if p2, err := g.Position(context.Background()); err != nil || p2 != p {
		t.Errorf("cached Position = %v, %v", p2, err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := g.Position(context.Background()); err == nil {
		t.Error("a stale fix was reused instead of asking gpsd again")
	}
}

func TestGPSDWithoutFixTimesOut(t *testing.T) {
	addr := fakeGPSD(t, `{"class":"TPV","mode":1}`)
	// The wait ends while gpsd is connected and silent (it holds the line for 2s); a
	// second leaves a loaded machine ample time to connect first.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := NewGPSD(addr).Position(ctx); !errors.Is(err, ErrNoFix) {
		t.Errorf("err = %v, want ErrNoFix", err)
	}
}

// TestGPSFakeReplay runs the real gpsd through gpsfake replaying an NMEA log of a fix in
// Madrid, and reads it back.
func TestGPSFakeReplay(t *testing.T) {
	bin, err := exec.LookPath("gpsfake")
	if err != nil {
		t.Skip("gpsfake not installed (make deps installs gpsd-clients)")
	}
	if testing.Short() {
		t.Skip("starts gpsd")
	}
	port := freePort(t)
	log, _ := filepath.Abs("testdata/gpsfake/madrid.nmea")
	cmd := exec.Command(bin, "-q", "-c", "0.05", "-P", strconv.Itoa(port), "-S", log)
	cmd.Dir = t.TempDir()
	// A file, not a pipe: gpsd inherits gpsfake's output, and a pipe held open by it
	// would keep Wait from returning.
	logPath := filepath.Join(cmd.Dir, "gpsfake.out")
	out, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that stopping it also stops the gpsd it started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopGroup(cmd) })
	g := NewGPSD(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	// gpsfake loops the log, so a fix comes; the test returns at the first one. The long
	// deadline only catches a broken setup: on a machine busy compiling, starting gpsd
	// through gpsfake (Python) has been seen to take over 20 s.
	deadline := time.Now().Add(90 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		p, err := g.Position(ctx)
		cancel()
		if err == nil {
			if math.Abs(p.Lat-40.41616) > 1e-4 || math.Abs(p.Lon+3.7038) > 1e-4 {
				t.Fatalf("gpsfake fix = %v, want about 40.41616,-3.7038", p)
			}
			return
		}
		if time.Now().After(deadline) {
			said, _ := os.ReadFile(logPath)
			t.Fatalf("no fix from gpsfake: %v; gpsfake said: %s", err, said)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stopGroup ends a process and everything it started: SIGTERM to its group (gpsfake then
// stops its gpsd), SIGKILL to the group if that has not worked within 5 s.
func stopGroup(cmd *exec.Cmd) {
	pgid := cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
	syscall.Kill(-pgid, syscall.SIGKILL) // whatever of the group outlived gpsfake
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func FuzzParseTPV(f *testing.F) {
	for _, s := range []string{
		`{"class":"TPV","mode":3,"lat":40.4,"lon":-3.7}`,
		`{"class":"TPV","mode":1}`,
		`{"class":"SKY"}`, `{"class":"TPV","mode":2,"lat":91,"lon":0}`, `not json`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, ok := ParseTPV(b)
		if ok && !p.Valid() {
			t.Fatalf("accepted invalid position %v", p)
		}
	})
}
