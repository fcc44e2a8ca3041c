// Package callerauth sends an authsidecar caller's bearer token with every call.
//
// The sidecar authenticates each calling service by a client certificate (mutual TLS) or by a
// token in the "authorization: Bearer <token>" metadata, named in its callers file. Token
// returns grpc-go per-RPC credentials for the second way:
//
//	conn, err := grpc.NewClient("127.0.0.1:50051",
//		grpc.WithTransportCredentials(insecure.NewCredentials()),
//		grpc.WithPerRPCCredentials(callerauth.Token(token)))
package callerauth

import (
	"context"
	"fmt"
	"net"
	"net/url"

	"google.golang.org/grpc/credentials"
)

// Token returns per-RPC credentials that send "authorization: Bearer <token>" on every call.
//
// A token is a password: it may cross the network only inside TLS. The sidecar accepts it
// without TLS only on loopback (the in-pod sidecar), and grpc-go refuses, at dial time,
// per-RPC credentials that require transport security on a connection without it. So these
// credentials do not declare that requirement (RequireTransportSecurity is false) and check
// it themselves, call by call: the token is sent on a connection with TLS, or on a plaintext
// connection to a loopback address (127.0.0.0/8, ::1, localhost, a Unix socket, or any
// connection made with the local transport credentials, whose handshake checks the peer
// address). Elsewhere the call fails with UNAUTHENTICATED before anything is sent.
func Token(token string) credentials.PerRPCCredentials {
	return bearerToken{token: token}
}

type bearerToken struct {
	token string
}

func (t bearerToken) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	info, _ := credentials.RequestInfoFromContext(ctx)
	if credentials.CheckSecurityLevel(info.AuthInfo, credentials.PrivacyAndIntegrity) != nil &&
		!loopback(info.AuthInfo, uri) {
		// grpc-go turns this error into UNAUTHENTICATED for the call.
		return nil, fmt.Errorf("callerauth: refusing to send the caller token without TLS to %v: "+
			"tokens go in plaintext only to a loopback address", uri)
	}
	return map[string]string{"authorization": "Bearer " + t.token}, nil
}

// RequireTransportSecurity is false so that the token also works on a plaintext loopback
// connection; GetRequestMetadata refuses any other plaintext connection.
func (bearerToken) RequireTransportSecurity() bool { return false }

// String keeps the token out of logs and error messages that print the credentials.
func (bearerToken) String() string { return "callerauth.Token(<redacted>)" }

// GoString does the same for %#v.
func (t bearerToken) GoString() string { return t.String() }

// loopback tells whether the call goes to this host: the local transport credentials checked
// the peer address themselves; otherwise grpc-go passes the audience "https://<authority>/<service>",
// whose host is the dialled target's (or "localhost" for a Unix socket).
func loopback(auth credentials.AuthInfo, uri []string) bool {
	if auth != nil && auth.AuthType() == "local" {
		return true
	}
	if len(uri) == 0 {
		return false
	}
	u, err := url.Parse(uri[0])
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
