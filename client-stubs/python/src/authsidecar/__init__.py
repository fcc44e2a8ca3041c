"""Client stubs for authsidecar, the gRPC second-factor service.

The API lives in the versioned package :mod:`authsidecar.v1`.
"""
