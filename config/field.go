package config

import (
	"fmt"
)

// fieldError is a value out of range, with the dotted key it was set under; its message
// starts with the key, so that Parse (atLine) names the line of the file where it was typed.
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
