package filechooser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// listTimeout bounds listing one folder (a network share or a failing drive).
const listTimeout = 10 * time.Second

// ErrListTimeout means a folder took longer than listTimeout to list.
var ErrListTimeout = errors.New("the folder did not answer in time")

// Options says what the chooser offers.
type Options struct {
	// Title and Confirm are the dialog's title and its confirm button ("Import"), in the
	// person's language.
	Title, Confirm string
	// Extensions are the endings of the files offered (".jpg"), compared without case.
	Extensions []string
	// Start is the folder shown first; empty or missing: the first place.
	Start string
	// Places are the shortcuts beside the list; nil: DefaultPlaces.
	Places []Place
}

// entry is one row of the list: a folder or a file on offer.
type entry struct {
	name string
	dir  bool
}

// Chooser is the open dialog on screen.
type Chooser struct {
	opts    Options
	done    func(path string)
	dialog  *dialog.CustomDialog
	dir     string
	entries []entry
	chosen  int // the file row chosen, else -1
	gen     int // counts listings: a late one for a folder left is dropped
	list    *widget.List
	folder  *widget.Label
	note    *widget.Label // an empty folder, or why it cannot be read
	up      *widget.Button
	confirm *widget.Button
	places  []*widget.Button
	content fyne.CanvasObject
	listed  func() // called after each listing is shown (tests)
}

// Show opens the chooser over win. done gets the path of the file chosen; it is not
// called when the person cancels.
func Show(win fyne.Window, opts Options, done func(path string)) *Chooser {
	return show(win, opts, done, nil)
}

// show is Show with listed called after each listing is shown (tests).
func show(win fyne.Window, opts Options, done func(path string), listed func()) *Chooser {
	c := newChooser(opts, done, listed)
	c.dialog = dialog.NewCustomWithoutButtons(opts.Title, c.content, win)
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), c.dialog.Hide)
	c.dialog.SetButtons([]fyne.CanvasObject{cancel, c.confirm})
	size := win.Canvas().Size()
	c.dialog.Resize(fyne.NewSize(min(760, size.Width*0.95), min(560, size.Height*0.95)))
	c.dialog.Show()
	c.open(c.start())
	return c
}

func newChooser(opts Options, done func(string), listed func()) *Chooser {
	if opts.Places == nil {
		opts.Places = DefaultPlaces()
	}
	c := &Chooser{opts: opts, done: done, listed: listed, chosen: -1, folder: widget.NewLabel(""), note: widget.NewLabel("")}
	c.folder.Truncation = fyne.TextTruncateEllipsis
	c.note.Wrapping = fyne.TextWrapWord
	c.note.Alignment = fyne.TextAlignCenter
	c.note.Hide()
	c.confirm = widget.NewButtonWithIcon(opts.Confirm, theme.ConfirmIcon(), c.choose)
	c.confirm.Importance = widget.HighImportance
	c.confirm.Disable()
	c.up = widget.NewButtonWithIcon(lang.L("Up one folder"), theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	c.list = widget.NewList(func() int { return len(c.entries) }, func() fyne.CanvasObject {
		return container.NewHBox(widget.NewIcon(theme.FolderIcon()), widget.NewLabel(""))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(c.entries) {
			return
		}
		e, row := c.entries[id], o.(*fyne.Container)
		icon := theme.FileImageIcon()
		if e.dir {
			icon = theme.FolderIcon()
		} else if strings.EqualFold(filepath.Ext(e.name), ".webm") {
			icon = theme.FileVideoIcon()
		}
		row.Objects[0].(*widget.Icon).SetResource(icon)
		row.Objects[1].(*widget.Label).SetText(e.name)
	})
	c.list.OnSelected = c.selected
	c.list.OnUnselected = func(widget.ListItemID) { c.chosen = -1; c.confirm.Disable() }
	var side []fyne.CanvasObject
	for _, p := range opts.Places {
		icon := p.Icon
		if icon == nil {
			icon = theme.FolderIcon()
		}
		b := widget.NewButtonWithIcon(p.Name, icon, func() { c.open(p.Dir) })
		b.Alignment = widget.ButtonAlignLeading
		c.places = append(c.places, b)
		side = append(side, b)
	}
	top := container.NewBorder(nil, nil, c.up, nil, c.folder)
	c.content = container.NewBorder(top, nil, container.NewVScroll(container.NewVBox(side...)), nil, container.NewStack(c.list, c.note))
	return c
}

// start is the folder shown first: Options.Start when it is one, else the first place.
func (c *Chooser) start() string {
	if c.opts.Start != "" && isDir(c.opts.Start) {
		return c.opts.Start
	}
	if len(c.opts.Places) > 0 {
		return c.opts.Places[0].Dir
	}
	return ""
}

// open shows dir: its folders, then its files on offer, listed off the UI goroutine.
func (c *Chooser) open(dir string) {
	if dir == "" {
		return
	}
	c.dir = filepath.Clean(dir)
	c.gen++
	gen := c.gen
	c.folder.SetText(c.dir)
	if filepath.Dir(c.dir) == c.dir {
		c.up.Disable()
	} else {
		c.up.Enable()
	}
	c.entries, c.chosen = nil, -1
	c.list.UnselectAll()
	c.list.Refresh()
	c.confirm.Disable()
	c.note.SetText(lang.L("Reading the folder…"))
	c.note.Show()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), listTimeout)
		entries, err := list(ctx, c.dir, c.opts.Extensions)
		cancel()
		fyne.Do(func() {
			if gen == c.gen {
				c.show(entries, err)
			}
			if c.listed != nil {
				c.listed()
			}
		})
	}()
}

// show puts a listing on screen, or why there is none.
func (c *Chooser) show(entries []entry, err error) {
	c.entries = entries
	c.list.Refresh()
	c.list.ScrollToTop()
	switch {
	case err != nil:
		c.note.SetText(lang.L("This folder cannot be read:") + " " + reason(err))
	case len(entries) == 0:
		c.note.SetText(lang.L("Nothing to import in this folder"))
	default:
		c.note.SetText("")
	}
	if c.note.Text == "" {
		c.note.Hide()
	} else {
		c.note.Show()
	}
}

// reason words why a folder could not be listed, in the person's language where the
// cause is known (the system's own words are English).
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return lang.L("this account may not open it")
	case errors.Is(err, fs.ErrNotExist):
		return lang.L("it does not exist any more")
	case errors.Is(err, ErrListTimeout):
		return lang.L("it did not answer in time")
	default:
		return err.Error()
	}
}

// selected opens a folder row, or chooses a file row for the confirm button.
func (c *Chooser) selected(id widget.ListItemID) {
	if id >= len(c.entries) {
		return
	}
	e := c.entries[id]
	if e.dir {
		c.open(filepath.Join(c.dir, e.name))
		return
	}
	c.chosen = id
	c.confirm.Enable()
}

// choose hands the file chosen to done and closes the dialog.
func (c *Chooser) choose() {
	if c.chosen < 0 || c.chosen >= len(c.entries) {
		return
	}
	path := filepath.Join(c.dir, c.entries[c.chosen].name)
	if c.dialog != nil {
		c.dialog.Hide()
	}
	c.done(path)
}

// list reads dir: its folders and its files ending in one of exts, each sorted by name
// without case; hidden ones (a leading dot) are left out.
func list(ctx context.Context, dir string, exts []string) ([]entry, error) {
	type answer struct {
		entries []entry
		err     error
	}
	got := make(chan answer, 1)
	go func() {
		des, err := os.ReadDir(dir)
		var dirs, files []entry
		for _, de := range des {
			name := de.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			isDir := de.IsDir()
			if de.Type()&os.ModeSymlink != 0 {
				if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
					isDir = fi.IsDir()
				}
			}
			switch {
			case isDir:
				dirs = append(dirs, entry{name: name, dir: true})
			case slices.ContainsFunc(exts, func(x string) bool { return strings.EqualFold(filepath.Ext(name), x) }):
				files = append(files, entry{name: name})
			}
		}
		byName := func(a, b entry) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) }
		slices.SortFunc(dirs, byName)
		slices.SortFunc(files, byName)
		if err != nil && len(des) == 0 {
			err = fmt.Errorf("list %s: %w", dir, err)
		} else {
			err = nil // a partial listing is still worth showing
		}
		got <- answer{append(dirs, files...), err}
	}()
	select {
	case a := <-got:
		return a.entries, a.err
	case <-ctx.Done():
		return nil, fmt.Errorf("list %s: %w", dir, ErrListTimeout)
	}
}
