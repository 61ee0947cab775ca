"""aka: Python client for the aka name-resolution service.

    from aka import Client
    with Client("127.0.0.1:50051") as client:
        response = client.resolve("APT 31")
        for response in client.resolve_many(["APT 31", "Fancy Bear"]):
            ...

The messages are the generated aka.v1 modules (aka.v1.resolver_pb2, aka.v1.entity_pb2, ...); generate them with
client/python/generate.sh (the CMake target aka_python runs it). Errors are raised as grpc.RpcError.
"""

from aka.client import Client, HealthStatus

__all__ = ["Client", "HealthStatus"]
