package api

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// maxMessage bounds the backend message kept for the operator.
const maxMessage = 500

// Message extracts a backend's explanation from an error body in any of the envelopes
// the seed APIs use: One-Shot {"status","details"}, SIGNula and Signal {"message",
// "errors":[{"field","message"}]}, Biometric {"errors":[{"code","title","details"}]},
// People {"success":false,"result"|"error"}. It returns "" when the body says nothing
// usable, and never more than maxMessage bytes.
func Message(body []byte) string {
	var v map[string]any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	var parts []string
	for _, k := range []string{"message", "details", "detail", "error", "title", "result"} {
		if s, ok := v[k].(string); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
			break
		}
	}
	if errs, ok := v["errors"].([]any); ok {
		for _, e := range errs {
			if m, ok := e.(map[string]any); ok {
				parts = append(parts, errorItem(m))
			}
		}
	}
	return clip(strings.Join(nonEmpty(parts), "; "))
}

func errorItem(m map[string]any) string {
	str := func(k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	msg := str("message")
	if msg == "" {
		msg = strings.TrimSpace(str("title") + " " + str("details"))
	}
	if f := str("field"); f != "" && msg != "" {
		return f + ": " + msg
	}
	if c := str("code"); c != "" && msg != "" {
		return c + ": " + msg
	}
	return msg
}

func nonEmpty(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) <= maxMessage {
		return s
	}
	s = s[:maxMessage]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
