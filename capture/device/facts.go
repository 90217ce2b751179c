package device

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Facts are the stable machine facts that go into the fingerprint.
type Facts struct {
	MachineID   string
	ProductUUID string
	Board       string
	CPU         string
	OS          string
}

// FactSource reads machine facts from a filesystem root: "/" on a real machine, a
// folder of fixtures in tests.
type FactSource struct {
	// FS is the filesystem to read, rooted at "/"; nil uses os.DirFS("/").
	FS fs.FS
}

// Read gathers the facts. Unreadable facts are left empty; it fails only when the
// context ends.
func (s FactSource) Read(ctx context.Context) (Facts, error) {
	if err := ctx.Err(); err != nil {
		return Facts{}, err
	}
	fsys := s.FS
	if fsys == nil {
		fsys = os.DirFS("/")
	}
	f := Facts{OS: runtime.GOOS + "/" + runtime.GOARCH}
	f.MachineID = firstOf(fsys, "etc/machine-id", "var/lib/dbus/machine-id")
	f.ProductUUID = strings.ToLower(firstOf(fsys, "sys/class/dmi/id/product_uuid"))
	var board []string
	for _, n := range []string{"sys_vendor", "product_name", "board_name"} {
		board = append(board, firstOf(fsys, filepath.Join("sys/class/dmi/id", n)))
	}
	if strings.Join(board, "") != "" {
		f.Board = strings.Join(board, "/")
	}
	f.CPU = cpuModel(fsys)
	return f, nil
}

func firstOf(fsys fs.FS, names ...string) string {
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err == nil {
			if v := strings.TrimSpace(string(b)); v != "" {
				return v
			}
		}
	}
	return ""
}

func cpuModel(fsys fs.FS) string {
	b, err := fs.ReadFile(fsys, "proc/cpuinfo")
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
