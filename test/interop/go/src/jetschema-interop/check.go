package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
)

type manifest struct {
	Server   string `json:"server"`
	Schemas  string `json:"schemas"`
	Envelope struct {
		File           string   `json:"file"`
		ID             string   `json:"id"`
		Type           string   `json:"type"`
		Version        string   `json:"version"`
		Data           string   `json:"data"`
		CloudEvents    bool     `json:"cloudEvents"`
		JSONAttributes []string `json:"jsonAttributes"`
	} `json:"envelope"`
	Messages []struct {
		Stream        string `json:"stream"`
		Seq           uint64 `json:"seq"`
		Mode          string `json:"mode"`
		Type          string `json:"type"`
		Version       string `json:"version"`
		PayloadSchema string `json:"payloadSchema"`
	} `json:"messages"`
}

func runCheck(path string) (bool, error) {
	var m manifest
	if err := readJSON(path, &m); err != nil {
		return false, err
	}
	schemas, err := loadSchemas(m.Schemas)
	if err != nil {
		return false, err
	}
	nc, err := nats.Connect(m.Server)
	if err != nil {
		return false, err
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		return false, err
	}
	failed := false
	for _, want := range m.Messages {
		stored, err := js.GetMsg(want.Stream, want.Seq)
		if err != nil {
			return false, fmt.Errorf("%s #%d: %v", want.Stream, want.Seq, err)
		}
		var problems []string
		envelope, headerProblems := envelopeOf(&m, want.Mode, stored.Header, stored.Data)
		problems = append(problems, headerProblems...)
		if envelope != nil {
			problems = append(problems, prefixed("envelope", schemas.validate(m.Envelope.File, envelope))...)
			problems = append(problems, prefixed("payload", schemas.validate(want.PayloadSchema, envelope[m.Envelope.Data]))...)
			if envelope[m.Envelope.Type] != want.Type || envelope[m.Envelope.Version] != want.Version {
				problems = append(problems, fmt.Sprintf("type/version %v %v, want %s %s", envelope[m.Envelope.Type], envelope[m.Envelope.Version], want.Type, want.Version))
			}
			if id, _ := envelope[m.Envelope.ID].(string); id == "" || header(stored.Header, "Nats-Msg-Id") != id {
				problems = append(problems, fmt.Sprintf("Nats-Msg-Id %q is not the event id %v", header(stored.Header, "Nats-Msg-Id"), envelope[m.Envelope.ID]))
			}
		}
		if len(problems) == 0 {
			fmt.Printf("ok %s #%d %s %s (%s)\n", want.Stream, want.Seq, want.Type, want.Version, want.Mode)
			continue
		}
		failed = true
		fmt.Printf("FAIL %s #%d %s %s (%s): %s\n", want.Stream, want.Seq, want.Type, want.Version, want.Mode, strings.Join(problems, "; "))
	}
	return failed, nil
}

func prefixed(what string, problems []string) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = what + " " + p
	}
	return out
}

// header reads a header case-insensitively (NATS header names are).
func header(h nats.Header, name string) string {
	for key, values := range h {
		if strings.EqualFold(key, name) && len(values) > 0 {
			return values[0]
		}
	}
	return ""
}

// envelopeOf reads the envelope as the CloudEvents NATS binding describes it, the way the Go SDK
// does: structured, the body; binary, one attribute per ce- header (value as sent) and the body
// as data. It checks the headers that say which mode a message is in on the way.
func envelopeOf(m *manifest, mode string, h nats.Header, body []byte) (map[string]interface{}, []string) {
	var problems []string
	contentType := header(h, "Content-Type")
	hasCE := false
	for key := range h {
		if strings.HasPrefix(strings.ToLower(key), "ce-") {
			hasCE = true
		}
	}
	if mode != "binary" {
		want := "application/json"
		if m.Envelope.CloudEvents {
			want = "application/cloudevents+json"
		}
		if contentType != want {
			problems = append(problems, fmt.Sprintf("Content-Type %q, want %q", contentType, want))
		}
		if hasCE {
			problems = append(problems, "a structured message has ce- headers")
		}
		var envelope map[string]interface{}
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, append(problems, "body is not a JSON object: "+err.Error())
		}
		return envelope, problems
	}
	envelope := map[string]interface{}{}
	for key, values := range h {
		lower := strings.ToLower(key)
		if !strings.HasPrefix(lower, "ce-") {
			continue
		}
		name := strings.TrimPrefix(lower, "ce-")
		value := values[0]
		for _, r := range value {
			if r < 0x20 || r == 0x7f {
				problems = append(problems, fmt.Sprintf("header %s has a control character", key))
			}
		}
		if contains(m.Envelope.JSONAttributes, name) {
			var parsed interface{}
			if err := json.Unmarshal([]byte(value), &parsed); err != nil {
				problems = append(problems, fmt.Sprintf("header %s is not JSON text: %v", key, err))
				continue
			}
			envelope[name] = parsed
		} else {
			envelope[name] = value
		}
	}
	if envelope["specversion"] != "1.0" {
		problems = append(problems, "binary message without ce-specversion: 1.0")
	}
	if dct, ok := envelope["datacontenttype"].(string); !ok || dct != contentType {
		problems = append(problems, fmt.Sprintf("Content-Type %q is not ce-datacontenttype %v", contentType, envelope["datacontenttype"]))
	}
	var data interface{}
	if err := json.Unmarshal(body, &data); err != nil {
		return nil, append(problems, "body (data) is not JSON: "+err.Error())
	}
	envelope[m.Envelope.Data] = data
	return envelope, problems
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
