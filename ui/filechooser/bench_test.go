package filechooser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// scannerFolder makes a scanner's folder of 5000 files (one in ten an image) and 50
// subfolders.
func scannerFolder(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	for i := range 50 {
		if err := os.Mkdir(filepath.Join(dir, fmt.Sprintf("lote-%02d", i)), 0o700); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 5000 {
		ext := ".pdf"
		if i%10 == 0 {
			ext = ".JPG"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("escaneo-%04d%s", i, ext)), nil, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkList lists the scanner's folder as the chooser does off the UI goroutine for
// each folder opened ("kiosk"), and as Fyne's file dialog does on it ("fyne": the
// folder's URIs, storage.CanList on each, the extension filter on the files). Run with
// -count to interleave the pair.
func BenchmarkList(b *testing.B) {
	dir := scannerFolder(b)
	exts := []string{".jpg", ".jpeg", ".png"}
	b.Run("kiosk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			entries, err := list(context.Background(), dir, exts)
			if err != nil || len(entries) != 550 {
				b.Fatalf("listed %d entries: %v", len(entries), err)
			}
		}
	})
	b.Run("fyne", func(b *testing.B) {
		test.NewTempApp(b)
		filter := storage.NewExtensionFileFilter(exts)
		b.ReportAllocs()
		for b.Loop() {
			lister, err := storage.ListerForURI(storage.NewFileURI(dir))
			if err != nil {
				b.Fatal(err)
			}
			uris, err := lister.List()
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for _, u := range uris {
				if ok, _ := storage.CanList(u); ok || filter.Matches(u) {
					n++
				}
			}
			if n != 550 {
				b.Fatalf("listed %d entries", n)
			}
		}
	})
}
