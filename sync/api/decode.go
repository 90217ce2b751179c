package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// ErrAnswer means a 2xx answer is not what the API documents (not JSON, an HTML page,
// a field of the wrong kind): the step is tried again later, and the operator sees
// where the answer went wrong.
var ErrAnswer = errors.New("the backend sent an answer we do not understand")

// DecodeJSON decodes the JSON answer b into v. A failure wraps ErrAnswer and says, in
// the operator's words and without Go type names, what is wrong and at which field.
func DecodeJSON(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrAnswer, answerFault(b, err))
}

func answerFault(b []byte, err error) string {
	trimmed := bytes.TrimSpace(b)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(trimmed) == 0:
		return "an empty answer"
	case trimmed[0] == '<':
		return "an HTML page, not JSON: is the backend URL right?"
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("at field %s: %s where %s belongs", typ.Field, jsonKind(typ.Value), kindOf(typ.Type))
	case errors.As(err, &typ):
		return fmt.Sprintf("%s where %s belongs", jsonKind(typ.Value), kindOf(typ.Type))
	case errors.As(err, &syn) && syn.Offset >= int64(len(b)):
		return fmt.Sprintf("the JSON ends early, after %d bytes", len(b))
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON at byte %d", syn.Offset)
	}
	return "not valid JSON"
}

// jsonKind words the kind of JSON value encoding/json names ("string", "number"...).
func jsonKind(v string) string {
	switch v {
	case "string":
		return "text"
	case "object":
		return "an object"
	case "array":
		return "a list"
	case "bool":
		return "true or false"
	case "null":
		return "null"
	}
	return "a number"
}

// kindOf words what a Go type expects, in JSON terms.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if t == reflect.TypeOf(json.Number("")) {
		return "a number"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return kindOf(t.Elem())
	}
	return "a number"
}
