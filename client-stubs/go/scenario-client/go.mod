module authsidecar.dev/client/go/scenario-client

go 1.26.0

require (
	authsidecar.dev/client/go v0.0.0
	github.com/pquerna/otp v1.5.0
	google.golang.org/grpc v1.85.0
)

require (
	github.com/boombuler/barcode v1.0.1-0.20190219062509-6c824513bacc // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

// The stubs module from this checkout, as a user's module would take it from the proxy.
replace authsidecar.dev/client/go => ../
