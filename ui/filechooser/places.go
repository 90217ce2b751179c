package filechooser

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// Place is a shortcut on the chooser's side: a named folder.
type Place struct {
	// Name is shown on the button, in the person's language.
	Name string
	// Dir is the folder it opens.
	Dir string
	// Icon is drawn beside the name (nil: a folder).
	Icon fyne.Resource
}

// DefaultPlaces are the folders an operator imports from: their home folder, its
// Pictures and Downloads folders where they exist, the removable drives a scanner's
// memory stick shows up under, and the whole computer.
func DefaultPlaces() []Place {
	var places []Place
	home, err := os.UserHomeDir()
	if err == nil {
		places = append(places, Place{Name: lang.L("Home folder"), Dir: home, Icon: theme.HomeIcon()})
		for _, d := range []struct{ key, fallback, name string }{
			{"XDG_PICTURES_DIR", "Pictures", lang.L("Pictures")},
			{"XDG_DOWNLOAD_DIR", "Downloads", lang.L("Downloads")},
		} {
			if dir := userDir(home, d.key, d.fallback); dir != "" {
				places = append(places, Place{Name: d.name, Dir: dir})
			}
		}
	}
	if runtime.GOOS == "windows" {
		for c := 'C'; c <= 'Z'; c++ {
			if root := string(c) + `:\`; isDir(root) {
				places = append(places, Place{Name: lang.L("Drive {{.Letter}}", map[string]any{"Letter": string(c) + ":"}), Dir: root, Icon: theme.StorageIcon()})
			}
		}
		return places
	}
	user := filepath.Base(home)
	for _, dir := range []string{filepath.Join("/media", user), filepath.Join("/run/media", user), "/media"} {
		if isDir(dir) {
			places = append(places, Place{Name: lang.L("Removable drives"), Dir: dir, Icon: theme.StorageIcon()})
			break
		}
	}
	return append(places, Place{Name: lang.L("Whole computer"), Dir: "/", Icon: theme.ComputerIcon()})
}

// userDir finds one of the XDG user folders (XDG_PICTURES_DIR) in user-dirs.dirs, else
// home/fallback; "" when the folder does not exist or is home itself.
func userDir(home, key, fallback string) string {
	dir := filepath.Join(home, fallback)
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	if f, err := os.Open(filepath.Join(config, "user-dirs.dirs")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
			if ok && k == key {
				dir = strings.Replace(strings.Trim(v, `"`), "$HOME", home, 1)
			}
		}
		_ = f.Close() // read only
	}
	if filepath.Clean(dir) == filepath.Clean(home) || !isDir(dir) {
		return ""
	}
	return dir
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
