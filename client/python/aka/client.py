"""aka.Client: a thin wrapper over the generated aka.v1 stubs, mirroring the C++ aka::Client.

One channel per Client, reused by every call; every call has a deadline; idempotent reads are retried by
gRPC's own service-config retry policy on UNAVAILABLE (as in the C++ client, so both behave alike).
"""

import json
import threading

import grpc

from aka.v1 import health_pb2, registry_pb2, registry_pb2_grpc, resolver_pb2, resolver_pb2_grpc

__all__ = ["Client", "HealthStatus"]

_READ_METHODS = [
    {"service": "aka.v1.Resolver", "method": "Resolve"},
    {"service": "aka.v1.Registry", "method": "GetEntity"},
    {"service": "aka.v1.Registry", "method": "ListEntities"},
    {"service": "grpc.health.v1.Health", "method": "Check"},
]


def _service_config(max_read_attempts):
    method_config = {"name": _READ_METHODS}
    # gRPC rejects maxAttempts < 2; a single attempt simply means no retry policy.
    if max_read_attempts >= 2:
        method_config["retryPolicy"] = {
            "maxAttempts": max_read_attempts,
            "initialBackoff": "0.1s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        }
    return json.dumps({"methodConfig": [method_config]})


class HealthStatus:
    """The names Client.health returns (grpc.health.v1 ServingStatus names)."""

    UNKNOWN = "UNKNOWN"
    SERVING = "SERVING"
    NOT_SERVING = "NOT_SERVING"
    SERVICE_UNKNOWN = "SERVICE_UNKNOWN"


class Client:
    """Client(target, timeout=5.0): calls akad at `target` ("host:port" or any gRPC target).

    timeout: deadline in seconds of each unary call. stream_timeout: deadline in seconds of a whole
    resolve_many stream (default 600). max_read_attempts: attempts of idempotent reads on UNAVAILABLE.
    Thread-safe: calls may run concurrently. Use as a context manager, or call close().
    """

    def __init__(self, target, timeout=5.0, stream_timeout=600.0, max_read_attempts=4):
        if not target:
            raise ValueError("target is empty")
        if timeout <= 0 or stream_timeout <= 0:
            raise ValueError("timeout and stream_timeout must be positive")
        if max_read_attempts < 1:
            raise ValueError("max_read_attempts must be at least 1")
        self._timeout = timeout
        self._stream_timeout = stream_timeout
        self._channel = grpc.insecure_channel(
            target,
            options=[
                ("grpc.enable_retries", 1),
                ("grpc.service_config", _service_config(max_read_attempts)),
            ],
        )
        self._resolver = resolver_pb2_grpc.ResolverStub(self._channel)
        self._registry = registry_pb2_grpc.RegistryStub(self._channel)
        # Called without a generated stub: see generate.sh for why there is no health_pb2_grpc module.
        self._health_check = self._channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString,
        )

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    @staticmethod
    def _request(name, types, max_candidates, min_score, explain, request_id=""):
        return resolver_pb2.ResolveRequest(
            request_id=request_id,
            name=name,
            types=list(types or []),
            max_candidates=max_candidates,
            min_score=min_score,
            explain=explain,
        )

    def resolve(self, name, types=None, max_candidates=0, min_score=0.0, explain=False, request_id=""):
        """Resolves one name; returns an aka.v1.ResolveResponse. Raises grpc.RpcError (INVALID_ARGUMENT for a
        bad name)."""
        request = self._request(name, types, max_candidates, min_score, explain, request_id)
        return self._resolver.Resolve(request, timeout=self._timeout)

    def resolve_many(self, names, types=None, max_candidates=0, min_score=0.0, explain=False):
        """Resolves every name of the iterable `names` over one ResolveStream and yields one ResolveResponse per
        name, in the same order. `names` is consumed lazily, so it may be a generator over millions of rows.

        A bad name does not end the stream: its response has `error` set (check response.HasField("error")) and
        outcome OUTCOME_UNSPECIFIED. A failed stream raises grpc.RpcError.
        """
        requests = (
            self._request(name, types, max_candidates, min_score, explain, request_id=str(index))
            for index, name in enumerate(names)
        )
        call = self._resolver.ResolveStream(requests, timeout=self._stream_timeout)
        try:
            for expected, response in enumerate(call):
                # The contract promises request order; a violation would silently pair names with the wrong
                # answers, so it is an error rather than something to paper over.
                if response.request_id != str(expected):
                    raise RuntimeError(
                        "ResolveStream answered request %r at position %d" % (response.request_id, expected))
                yield response
        finally:
            # A caller that stops iterating early must not leave the stream (and the server's work) running.
            call.cancel()

    def resolve_iter(self, names, window=256, types=None, max_candidates=0, min_score=0.0, explain=False):
        """Like resolve_many, for batch jobs: resolves every name of the iterable `names` over one ResolveStream
        with at most `window` requests unanswered, and yields one ResolveResponse per name, in input order.

        The window bounds memory on both ends whatever the input length, and keeps the pipe full so throughput
        does not depend on the round-trip time. `names` is consumed lazily (at most `window` names ahead of the
        answers), so it may be a generator over millions of rows, e.g. a Spark or Dask partition. A bad name
        comes back with `error` set; the stream goes on. Each response's request_id is checked against its
        position (RuntimeError if the server broke the order). An exception raised by `names` is re-raised
        here; a failed stream raises grpc.RpcError. Stopping the iteration early cancels the stream.
        """
        if window < 1:
            raise ValueError("window must be at least 1")
        slots = threading.Semaphore(window)
        stop = threading.Event()
        source_error = []
        call_box = []

        def requests():
            try:
                for index, name in enumerate(names):
                    # Poll, so that a stream that ended (cancelled, failed) never strands gRPC's sender thread.
                    while not slots.acquire(timeout=0.1):
                        if stop.is_set():
                            return
                    if stop.is_set():
                        return
                    yield self._request(name, types, max_candidates, min_score, explain, request_id=str(index))
            except Exception as error:  # noqa: BLE001 -- handed to the consumer, which re-raises it
                source_error.append(error)
                if call_box:
                    call_box[0].cancel()

        call = self._resolver.ResolveStream(requests(), timeout=self._stream_timeout)
        call_box.append(call)
        try:
            expected = 0
            try:
                for response in call:
                    slots.release()
                    if response.request_id != str(expected):
                        raise RuntimeError(
                            "ResolveStream answered request %r at position %d" % (response.request_id, expected))
                    expected += 1
                    yield response
            except grpc.RpcError:
                if source_error:
                    raise source_error[0] from None
                raise
            if source_error:
                raise source_error[0]
        finally:
            stop.set()
            call.cancel()

    def get_entity(self, entity_id):
        """Returns the aka.v1.Entity with this id. Raises grpc.RpcError (NOT_FOUND if there is none)."""
        response = self._registry.GetEntity(registry_pb2.GetEntityRequest(id=entity_id), timeout=self._timeout)
        return response.entity

    def list_entities(self, entity_type="", page_size=1000):
        """Yields every aka.v1.Entity (of `entity_type`, if given) in id order, one page per call."""
        request = registry_pb2.ListEntitiesRequest(page_size=page_size, type=entity_type)
        while True:
            page = self._registry.ListEntities(request, timeout=self._timeout)
            yield from page.entities
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def health(self, service=""):
        """grpc.health.v1 Check; returns a HealthStatus name such as "SERVING". Raises grpc.RpcError when the
        server is unreachable (UNAVAILABLE) or does not know `service` (NOT_FOUND)."""
        response = self._health_check(health_pb2.HealthCheckRequest(service=service), timeout=self._timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
