import { describe, expect, it } from "vitest";
import { explainConnectionFailure } from "../../generator/cli/connection-hint.js";

describe("explainConnectionFailure: a failed connection's reason, and what to pass", () => {
  it.each([
    {
      given: "OpenSSL's alert for a missing client certificate, on two lines",
      reason: "80CC1E:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n",
      want: /sslv3 alert bad certificate.*SSL alert number 42 \(the server wants a client certificate: pass --tlscert <file> and --tlskey <file>\)$/,
    },
    { given: "TLS 1.3's certificate required", reason: "ssl3_read_bytes:tlsv13 alert certificate required", want: /pass --tlscert/ },
    { given: "a self-signed server certificate", reason: "self-signed certificate in certificate chain", want: /not trusted: pass the CA that signed it with --tlsca <file>/ },
    { given: "an unknown issuer", reason: "unable to get local issuer certificate", want: /--tlsca/ },
    { given: "anything else, as it was", reason: "CONNECTION_REFUSED", want: /^CONNECTION_REFUSED$/ },
  ])("$given", ({ reason, want }) => {
    const text = explainConnectionFailure(reason);
    expect(text).toMatch(want);
    expect(text).not.toContain("\n");
  });
});
