// Package svctest gives tests the SVC2004 signatures from the shared test data, read
// straight from the zip (../shared/testdata/svc2004/Task2.zip beside the repository).
package svctest

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
)

// File is one SVC2004 file: its name inside the zip and its bytes.
type File struct {
	Name string
	Data []byte
}

// ZipPath returns the path of Task2.zip, found by walking up from the working directory
// to go.mod and then into ../shared. It skips the test when the data is not there.
func ZipPath(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "testdata", "svc2004", "Task2.zip")
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("SVC2004 data not found beside the repository: %v", err)
	}
	return p
}

// Files returns every .TXT file of the zip, sorted by name.
func Files(tb testing.TB) []File {
	tb.Helper()
	zr, err := zip.OpenReader(ZipPath(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	var out []File
	for _, f := range zr.File {
		if filepath.Ext(f.Name) != ".TXT" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, File{Name: f.Name, Data: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Load returns the parsed signature of one file, for example "Task2/U1S1.TXT".
func Load(tb testing.TB, name string) signature.Signature {
	tb.Helper()
	zr, err := zip.OpenReader(ZipPath(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		tb.Fatalf("%s is not in the SVC2004 zip: %v", name, err)
	}
	defer f.Close()
	sig, err := replay.ParseSVC(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return sig
}

// Longest returns the file with the most samples.
func Longest(tb testing.TB) (string, signature.Signature) {
	tb.Helper()
	var name string
	var best signature.Signature
	for _, f := range Files(tb) {
		sig, err := replay.ParseSVC(bytesReader(f.Data))
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		if len(sig.Samples) > len(best.Samples) {
			name, best = f.Name, sig
		}
	}
	return name, best
}
