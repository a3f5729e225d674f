package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// userCreated is the data of auth.user.created.v1 as the seed's Go service declares it.
type userCreated struct {
	UserID    string `json:"userId"`
	Email     string `json:"email,omitempty"`
	Role      string `json:"role"`
	CreatedAt string `json:"createdAt"`
}

// cloudEvent is the structured-mode SlotWise event (the seed's BaseEvent).
type cloudEvent struct {
	SpecVersion     string      `json:"specversion"`
	ID              string      `json:"id"`
	Source          string      `json:"source"`
	Type            string      `json:"type"`
	Subject         string      `json:"subject,omitempty"`
	Time            string      `json:"time"`
	DataContentType string      `json:"datacontenttype,omitempty"`
	Version         string      `json:"version"`
	CorrelationID   string      `json:"correlationid,omitempty"`
	Data            interface{} `json:"data"`
}

type outgoing struct {
	id      string
	headers nats.Header
	body    []byte
}

func structured(e cloudEvent) outgoing {
	body, _ := json.Marshal(e)
	h := nats.Header{}
	h.Set("Content-Type", "application/cloudevents+json")
	return outgoing{id: e.ID, headers: h, body: body}
}

// binary sends the attributes as ce- headers, values as the Go SDK sends them (unencoded).
func binary(e cloudEvent, extra map[string]string) outgoing {
	body, _ := json.Marshal(e.Data)
	h := nats.Header{}
	h.Set("ce-specversion", e.SpecVersion)
	h.Set("ce-id", e.ID)
	h.Set("ce-source", e.Source)
	h.Set("ce-type", e.Type)
	h.Set("ce-time", e.Time)
	h.Set("ce-version", e.Version)
	if e.Subject != "" {
		h.Set("ce-subject", e.Subject)
	}
	if e.CorrelationID != "" {
		h.Set("ce-correlationid", e.CorrelationID)
	}
	h.Set("ce-datacontenttype", "application/json")
	for k, v := range extra {
		h.Set(k, v)
	}
	h.Set("Content-Type", "application/json")
	return outgoing{id: e.ID, headers: h, body: body}
}

func event(id string, data interface{}) cloudEvent {
	return cloudEvent{
		SpecVersion: "1.0", ID: id, Source: "go-auth-service", Type: "auth.user.created.v1",
		Subject: "usr 01/é", Time: time.Now().UTC().Format(time.RFC3339Nano), DataContentType: "application/json",
		Version: "1.0", CorrelationID: "req 7 of 9", Data: data,
	}
}

func runPublish(server, subject string) error {
	nc, err := nats.Connect(server)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		return err
	}
	user := userCreated{UserID: "usr_go_1", Email: "go@example.com", Role: "customer", CreatedAt: "2025-06-01T09:00:00Z"}
	noEmail := user
	noEmail.Email = ""
	unknown := event("go-unknown-type", user)
	unknown.Type = "auth.user.teleported.v1"
	messages := []outgoing{
		structured(event("go-valid-structured", user)),
		binary(event("go-valid-binary", user), map[string]string{"ce-metadata": `{"tenant":"studio ana"}`}),
		structured(event("go-invalid-payload", noEmail)),
		{id: "go-undecodable", headers: nats.Header{"Content-Type": []string{"application/cloudevents+json"}}, body: []byte("{not json")},
		structured(unknown),
		binary(event("go-bad-metadata", user), map[string]string{"ce-metadata": "tenant=ana"}),
	}
	for _, m := range messages {
		msg := nats.NewMsg(subject)
		msg.Header = m.headers
		msg.Data = m.body
		if _, err := js.PublishMsg(msg, nats.MsgId(m.id)); err != nil {
			return fmt.Errorf("publish %s: %v", m.id, err)
		}
		fmt.Println(m.id)
	}
	return nil
}
