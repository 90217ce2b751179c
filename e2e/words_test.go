//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
)

// words turns the app's English texts, its translation keys, into what the app shows in
// the language it runs in, read from the app's own translation file
// (assets/translations/<lang>.json). The zero value is English. With it the same walk
// drives the app in English and in Spanish: the helpers are given the English text.
type words struct {
	lang string            // "" or "en" for English, else the translation file's name
	m    map[string]string // English key -> translated text; nil for English
}

// loadWords reads the translations of lang ("en" or "" for English, "es" for Spanish).
func loadWords(t *testing.T, lang string) words {
	t.Helper()
	if lang == "" || lang == "en" {
		return words{lang: "en"}
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "assets", "translations", lang+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read the %s translations: %v", lang, err)
	}
	w := words{lang: lang}
	if err := json.Unmarshal(b, &w.m); err != nil {
		t.Fatalf("%s is not a translation file: %v", path, err)
	}
	return w
}

// tr returns what the app shows for the English text: its translation, or the text
// itself when it is not a key (a value typed by the operator, an id).
func (w words) tr(text string) string {
	if s, ok := w.m[text]; ok {
		return s
	}
	return text
}

// l is tr for a key with {{.Field}} placeholders, filled in from data as the app's
// lang.L fills them.
func (w words) l(t *testing.T, key string, data map[string]any) string {
	t.Helper()
	tmpl, err := template.New("").Parse(w.tr(key))
	if err != nil {
		t.Fatalf("translation of %q: %v", key, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatalf("translation of %q: %v", key, err)
	}
	return b.String()
}

// lead is what the key's translation shows before its first placeholder: the part a
// test can wait for when the rest depends on the run.
func (w words) lead(key string) string {
	s, _, _ := strings.Cut(w.tr(key), "{{")
	return s
}

// env is the environment that starts the app in this language.
func (w words) env() []string {
	switch w.lang {
	case "es":
		return []string{"LANG=es_EC.UTF-8", "LANGUAGE=es"}
	case "", "en":
		return nil
	default:
		return []string{"LANGUAGE=" + w.lang}
	}
}
