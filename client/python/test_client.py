#!/usr/bin/python3
"""Tests of the aka Python client against a running akad.

    AKA_TEST_SERVER=127.0.0.1:50051 /usr/bin/python3 -m unittest -v test_client   (from client/python)

Tests that need a server skip with a message when AKA_TEST_SERVER is unset; the rest run anyway. They only
read: the server's data is left as it was. Needs the generated modules (generate.sh or the aka_python target).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import grpc  # noqa: E402  (Debian's python3-grpcio)

from aka import Client, HealthStatus  # noqa: E402
from aka.v1 import resolver_pb2  # noqa: E402

SERVER = os.environ.get("AKA_TEST_SERVER", "")
NEEDS_SERVER = "AKA_TEST_SERVER is not set: set it to a running akad's address (host:port) to run this test"


class WithoutServerTest(unittest.TestCase):
    def test_empty_target_is_refused(self):
        with self.assertRaises(ValueError):
            Client("")

    def test_unreachable_server_raises_unavailable(self):
        # A socket in a directory that does not exist: nothing can listen there (any TCP port might be taken),
        # so every attempt fails at once and the error reaches the caller.
        with Client("unix:/nonexistent-aka-client-test/no-server.sock", timeout=5.0) as client:
            with self.assertRaises(grpc.RpcError) as raised:
                client.resolve("APT 31")
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)


@unittest.skipUnless(SERVER, NEEDS_SERVER)
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(SERVER, timeout=10.0)

    def tearDown(self):
        self.client.close()

    def test_health_is_serving(self):
        self.assertEqual(self.client.health(), HealthStatus.SERVING)

    def test_resolve_echoes_request_id_and_decides(self):
        response = self.client.resolve("no such name anywhere 7f3a", request_id="py-test")
        self.assertEqual(response.request_id, "py-test")
        self.assertEqual(response.outcome, resolver_pb2.NO_MATCH)

    def test_empty_name_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.client.resolve("")
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("empty", raised.exception.details())

    def test_missing_entity_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.client.get_entity("E99999999")
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_resolve_many_keeps_order_and_reports_bad_items(self):
        names = ["no such name anywhere 7f3a", "", "another missing name 9c1d"]
        responses = list(self.client.resolve_many(iter(names)))
        self.assertEqual([r.request_id for r in responses], ["0", "1", "2"])
        self.assertFalse(responses[0].HasField("error"))
        self.assertTrue(responses[1].HasField("error"))
        self.assertEqual(responses[1].error.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        self.assertEqual(responses[1].outcome, resolver_pb2.OUTCOME_UNSPECIFIED)
        self.assertEqual(responses[2].outcome, resolver_pb2.NO_MATCH)

    def test_stored_entity_resolves_by_its_canonical_name(self):
        # Data-independent: whatever the registry holds, its first entity must be found by its own name.
        entity = next(iter(self.client.list_entities(page_size=1)), None)
        if entity is None:
            self.skipTest("the registry at %s is empty" % SERVER)
        response = self.client.resolve(entity.canonical_name, max_candidates=100)
        self.assertIn(entity.id, [c.entity_id for c in response.candidates])
        again = self.client.get_entity(entity.id)
        self.assertEqual(again.canonical_name, entity.canonical_name)
        self.assertEqual(again.type, entity.type)
        many = list(self.client.resolve_many([entity.canonical_name] * 3, max_candidates=100))
        self.assertEqual(len(many), 3)
        for item in many:
            self.assertIn(entity.id, [c.entity_id for c in item.candidates])


if __name__ == "__main__":
    unittest.main()
