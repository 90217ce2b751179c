package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// fieldError is a value out of range, with the dotted key it was set under, so that
// Parse can name the line of the file where it was typed.
type fieldError struct {
	// Key is the setting's dotted key ("kiosk.inactivity_lock").
	Key string
	// Msg says what is wrong and what is accepted.
	Msg string
}

// Error names the key and says what is accepted.
func (e *fieldError) Error() string { return e.Key + " " + e.Msg }

// outOfRange returns a fieldError for key.
func outOfRange(key, format string, args ...any) error {
	return &fieldError{Key: key, Msg: fmt.Sprintf(format, args...)}
}

// withLine words a Validate error with the line of data where the value at fault is
// set, when err holds a fieldError whose key is in data; other errors pass as they are.
func withLine(data []byte, err error) error {
	var fe *fieldError
	if !errors.As(err, &fe) {
		return err
	}
	if n := lineOfKey(data, toml.Key(strings.Split(fe.Key, "."))); n > 0 {
		return fmt.Errorf("%w: line %d: %w", ErrInvalid, n, fe)
	}
	return err
}
