"""aka: Python client for the aka name-resolution service.

    from aka import Client
    with Client("127.0.0.1:50051") as client:
        response = client.resolve("APT 31")
        for response in client.resolve_many(["APT 31", "Fancy Bear"]):
            ...
        for response in client.resolve_iter(names_generator, window=256):   # batch jobs: bounded, in order
            ...

The messages are the generated aka.v1 modules (aka.v1.resolver_pb2, aka.v1.entity_pb2, ...); generate them with
client/python/generate.sh (the CMake target aka_python runs it). Errors are raised as grpc.RpcError.
"""

from aka.client import Client, HealthStatus


def resolve_iter(client, names, window=256, **request_options):
    """Batch helper: client.resolve_iter(names, window, ...) -- an iterator of ResolveResponse in input order
    with at most `window` requests in flight. See Client.resolve_iter."""
    return client.resolve_iter(names, window=window, **request_options)


__all__ = ["Client", "HealthStatus", "resolve_iter"]
