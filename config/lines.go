package config

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// lineOfKey finds the line where key is set, following [table] headers, so that an unknown
// key can be reported where the operator typed it. It returns 0 when it cannot tell.
func lineOfKey(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	table, last := strings.Join(key[:len(key)-1], "."), key[len(key)-1]
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			current = strings.Trim(line, "[] ")
			if current == strings.Join(key, ".") {
				return n // an unknown table
			}
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		name = strings.Trim(strings.TrimSpace(name), `"'`)
		full := name
		if current != "" {
			full = current + "." + name
		}
		if full == table+"."+last || (table == "" && full == last) || strings.HasPrefix(full, strings.Join(key, ".")+".") || full == strings.Join(key, ".") {
			return n
		}
	}
	return 0
}

// lineError is a validation error that names the line of the setting at fault.
type lineError struct {
	msg string
	err error
}

func (e *lineError) Error() string { return e.msg }
func (e *lineError) Unwrap() error { return e.err }

// atLine adds the line of the setting a validation error names (its message starts
// with the setting, "backend.oneshot_url: ..." or "kiosk.inactivity_lock 5s ...") when
// the setting is in data. nil stays nil.
func atLine(data []byte, err error) error {
	if err == nil {
		return nil
	}
	rest := strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": ")
	end := strings.IndexAny(rest, " :")
	if end <= 0 {
		return err
	}
	n := lineOfKey(data, toml.Key(strings.Split(rest[:end], ".")))
	if n == 0 {
		return err
	}
	return &lineError{msg: fmt.Sprintf("%v: line %d: %s", ErrInvalid, n, rest), err: err}
}
