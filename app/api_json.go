package app

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"unicode/utf8"
)

// The API's JSON is decoded strictly, one field at a time, so that every error names the exact
// field it is about ("metrics[3].value") and unknown fields are refused. encoding/json alone
// reports neither the index of a bad array item nor, in a usable form, an unknown field's name.

// object is a decoded JSON object whose keys have been checked; path is where it sits.
type object struct {
	path   string
	fields map[string]json.RawMessage
}

// decodeBody decodes a request body that must be a JSON object with only the allowed keys.
func decodeBody(body []byte, allowed ...string) (object, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return object{}, badInput("", "malformed JSON: %v", err)
		}
		return object{}, badInput("", "body must be a JSON object")
	}
	return checkKeys(object{fields: fields}, allowed)
}

// decodeObject decodes raw, which sits at path, as a JSON object with only the allowed keys.
func decodeObject(raw json.RawMessage, path string, allowed ...string) (object, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return object{}, badInput(path, "must be a JSON object")
	}
	return checkKeys(object{path: path, fields: fields}, allowed)
}

func checkKeys(o object, allowed []string) (object, error) {
	if o.fields == nil {
		return object{}, badInput(o.path, "must be a JSON object")
	}
	// Sorted, so that the same body always gets the same answer.
	for _, k := range slices.Sorted(maps.Keys(o.fields)) {
		if !slices.Contains(allowed, k) {
			return object{}, badInput(o.field(clip(k, 64)), "unknown field")
		}
	}
	return o, nil
}

// field is the path of one of o's keys.
func (o object) field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// raw returns the value of key; ok is false when it is missing or null.
func (o object) raw(key string) (json.RawMessage, bool) {
	v, ok := o.fields[key]
	if !ok || string(v) == "null" {
		return nil, false
	}
	return v, true
}

// str returns the string at key, or "" when it is missing or null.
func (o object) str(key string) (string, error) {
	v, ok := o.raw(key)
	if !ok {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", badInput(o.field(key), "must be a string")
	}
	return s, nil
}

// number returns the finite number at key; present is false when it is missing or null.
// encoding/json refuses a number that overflows float64, and JSON has no NaN or Inf, but a value
// given as a string ("NaN") is refused here too.
func (o object) number(key string) (v float64, present bool, err error) {
	raw, ok := o.raw(key)
	if !ok {
		return 0, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, true, badInput(o.field(key), "must be a finite number")
	}
	return v, true, nil
}

// array returns the items of the array at key; nil when it is missing or null.
func (o object) array(key string) ([]json.RawMessage, error) {
	raw, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badInput(o.field(key), "must be an array")
	}
	return items, nil
}

// clip shortens s to at most n runes, so an error never echoes a huge key back.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
