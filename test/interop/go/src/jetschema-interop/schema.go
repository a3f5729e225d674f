// A structural JSON Schema checker for the keywords the registries use (type, required,
// properties, additionalProperties, items, const, enum, pattern, minLength, maxLength, minimum,
// maximum, minItems, format date-time and email, $ref to a file by path or $id). It reads the
// schema files themselves, so the wire format is checked against the source of truth, not
// against anything the TypeScript side computed.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

type schemaSet struct {
	byPath map[string]map[string]interface{}
	byID   map[string]string
}

func loadSchemas(root string) (*schemaSet, error) {
	set := &schemaSet{byPath: map[string]map[string]interface{}{}, byID: map[string]string{}}
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".json") || filepath.Base(path) == "registry.json" {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc map[string]interface{}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		abs, _ := filepath.Abs(path)
		set.byPath[abs] = doc
		if id, ok := doc["$id"].(string); ok {
			set.byID[id] = abs
		}
		return nil
	})
	return set, err
}

// validate returns one line per violation: "<pointer> <what>".
func (s *schemaSet) validate(file string, value interface{}) []string {
	abs, _ := filepath.Abs(file)
	doc, ok := s.byPath[abs]
	if !ok {
		return []string{fmt.Sprintf("(schema) %s is not a loaded schema file", file)}
	}
	var problems []string
	s.check(abs, doc, value, "", &problems)
	return problems
}

func (s *schemaSet) resolve(file, ref string) (string, interface{}, error) {
	parts := strings.SplitN(ref, "#", 2)
	target := file
	if parts[0] != "" {
		if strings.Contains(parts[0], "://") {
			p, ok := s.byID[parts[0]]
			if !ok {
				return "", nil, fmt.Errorf("unknown $id %s", parts[0])
			}
			target = p
		} else {
			target = filepath.Clean(filepath.Join(filepath.Dir(file), parts[0]))
		}
	}
	var node interface{} = s.byPath[target]
	if node == nil || reflect.ValueOf(node).IsNil() {
		return "", nil, fmt.Errorf("no schema file %s", target)
	}
	if len(parts) == 2 && parts[1] != "" {
		for _, token := range strings.Split(strings.TrimPrefix(parts[1], "/"), "/") {
			token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
			m, ok := node.(map[string]interface{})
			if !ok {
				return "", nil, fmt.Errorf("%s: no %s", target, parts[1])
			}
			node = m[token]
		}
	}
	return target, node, nil
}

func jsonType(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []interface{}:
		return "array"
	default:
		return "object"
	}
}

func typeMatches(want string, v interface{}) bool {
	got := jsonType(v)
	return want == got || (want == "number" && got == "integer")
}

func (s *schemaSet) check(file string, node interface{}, v interface{}, ptr string, out *[]string) {
	schema, ok := node.(map[string]interface{})
	if !ok {
		return // true/false schemas: the registries use neither
	}
	fail := func(format string, args ...interface{}) {
		p := ptr
		if p == "" {
			p = "(root)"
		}
		*out = append(*out, p+" "+fmt.Sprintf(format, args...))
	}
	if ref, ok := schema["$ref"].(string); ok {
		target, sub, err := s.resolve(file, ref)
		if err != nil {
			fail("$ref %s: %v", ref, err)
		} else {
			s.check(target, sub, v, ptr, out)
		}
	}
	switch t := schema["type"].(type) {
	case string:
		if !typeMatches(t, v) {
			fail("must be %s, is %s", t, jsonType(v))
			return
		}
	case []interface{}:
		matched := false
		for _, one := range t {
			if name, ok := one.(string); ok && typeMatches(name, v) {
				matched = true
			}
		}
		if !matched {
			fail("must be one of %v, is %s", t, jsonType(v))
			return
		}
	}
	if c, ok := schema["const"]; ok && !reflect.DeepEqual(c, v) {
		fail("must be %v, is %v", c, v)
	}
	if e, ok := schema["enum"].([]interface{}); ok {
		found := false
		for _, option := range e {
			if reflect.DeepEqual(option, v) {
				found = true
			}
		}
		if !found {
			fail("must be one of %v, is %v", e, v)
		}
	}
	if str, ok := v.(string); ok {
		n := float64(utf8.RuneCountInString(str))
		if min, ok := schema["minLength"].(float64); ok && n < min {
			fail("is shorter than %v", min)
		}
		if max, ok := schema["maxLength"].(float64); ok && n > max {
			fail("is longer than %v", max)
		}
		if pattern, ok := schema["pattern"].(string); ok {
			if re, err := regexp.Compile(pattern); err != nil {
				fail("pattern %s does not compile in Go: %v", pattern, err)
			} else if !re.MatchString(str) {
				fail("%q does not match %s", str, pattern)
			}
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				fail("%q is not an RFC 3339 date-time", str)
			}
		case "email":
			if _, err := mail.ParseAddress(str); err != nil {
				fail("%q is not an email address", str)
			}
		}
	}
	if n, ok := v.(float64); ok {
		if min, ok := schema["minimum"].(float64); ok && n < min {
			fail("is below %v", min)
		}
		if max, ok := schema["maximum"].(float64); ok && n > max {
			fail("is above %v", max)
		}
	}
	if arr, ok := v.([]interface{}); ok {
		if min, ok := schema["minItems"].(float64); ok && float64(len(arr)) < min {
			fail("has fewer than %v items", min)
		}
		if items, ok := schema["items"]; ok {
			for i, item := range arr {
				s.check(file, items, item, fmt.Sprintf("%s/%d", ptr, i), out)
			}
		}
	}
	if obj, ok := v.(map[string]interface{}); ok {
		if req, ok := schema["required"].([]interface{}); ok {
			for _, name := range req {
				if _, present := obj[name.(string)]; !present {
					fail("lacks required property %q", name)
				}
			}
		}
		props, _ := schema["properties"].(map[string]interface{})
		for name, value := range obj {
			child := ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
			if sub, declared := props[name]; declared {
				s.check(file, sub, value, child, out)
				continue
			}
			switch extra := schema["additionalProperties"].(type) {
			case bool:
				if !extra {
					fail("has property %q, which the schema does not allow", name)
				}
			case map[string]interface{}:
				s.check(file, extra, value, child, out)
			}
		}
	}
}
