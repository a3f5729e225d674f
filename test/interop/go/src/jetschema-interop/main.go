// jetschema-interop is a Go service that does not import the generated package: it knows the
// wire format only from the schema files and the CloudEvents NATS binding, as a team's Go
// service would. Built offline in GOPATH mode against Debian's nats.go (1.22).
//
//	jetschema-interop check <manifest.json>    checks stored messages against the schema files
//	jetschema-interop publish <server> <subject> publishes SlotWise events, valid and invalid
//
// check prints one line per message ("ok <stream> #<seq>" or the problems) and exits 1 if any
// message breaks its schemas. publish prints the ids it published, one per line.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: jetschema-interop check <manifest.json> | publish <server> <subject>")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "check":
		var failed bool
		failed, err = runCheck(os.Args[2])
		if err == nil && failed {
			os.Exit(1)
		}
	case "publish":
		if len(os.Args) != 4 {
			err = fmt.Errorf("publish needs <server> <subject>")
		} else {
			err = runPublish(os.Args[2], os.Args[3])
		}
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "jetschema-interop:", err)
		os.Exit(2)
	}
}

func readJSON(path string, into interface{}) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}
