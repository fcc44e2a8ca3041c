"""authsidecar.v1: messages (``*_pb2``) and grpcio stubs (``*_pb2_grpc``), generated from the
protos of package ``authsidecar.v1`` by ``client-stubs/python/generate``.

Import the modules you need, e.g.::

    from authsidecar.v1 import totp_pb2, totp_pb2_grpc
"""
