package callerauth

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Without a TLS connection (here: no connection at all), the token goes only to loopback hosts.
func TestTokenOnlyToLoopbackWithoutTLS(t *testing.T) {
	creds := Token("a-token-of-the-caller-stub-tests-0123456789")
	for _, audience := range []string{
		"https://127.0.0.1:50051/authsidecar.v1.TotpService",
		"https://127.8.9.10:50051/authsidecar.v1.TotpService",
		"https://[::1]:50051/authsidecar.v1.TotpService",
		"https://localhost:50051/authsidecar.v1.TotpService",
		"https://localhost/authsidecar.v1.TotpService", // a Unix socket
	} {
		md, err := creds.GetRequestMetadata(context.Background(), audience)
		if err != nil || md["authorization"] != "Bearer a-token-of-the-caller-stub-tests-0123456789" {
			t.Errorf("%s: got %v, %v; want the bearer token", audience, md, err)
		}
	}
	for _, audience := range []string{
		"https://authsidecar.auth.svc:50051/authsidecar.v1.TotpService",
		"https://10.0.0.7:50051/authsidecar.v1.TotpService",
		"https://localhost.example.com/authsidecar.v1.TotpService",
	} {
		if md, err := creds.GetRequestMetadata(context.Background(), audience); err == nil {
			t.Errorf("%s: sent %v over plaintext; want a refusal", audience, md)
		}
	}
	if creds.RequireTransportSecurity() {
		t.Error("RequireTransportSecurity: grpc-go would refuse the token on plaintext loopback")
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	creds := Token("a-token-of-the-caller-stub-tests-0123456789")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(verb, creds); strings.Contains(s, "0123456789") {
			t.Errorf("%s printed the token: %s", verb, s)
		}
	}
}
