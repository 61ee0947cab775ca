#!/usr/bin/python3
"""Tests of Client.resolve_iter, the batch helper, and of examples/canonicalize_csv.py.

    cd client/python && /usr/bin/python3 -m unittest -v test_batch
    AKA_TEST_SERVER=127.0.0.1:50051 /usr/bin/python3 -m unittest -v test_batch    # also against a live akad

The offline tests run an in-process fake Resolver (grpcio's server) that answers "id:" + name, refuses names
starting with "bad", and records how many requests were outstanding at most, so the window is measured on the
server side. The live tests only read.
"""

import concurrent.futures
import csv
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import grpc  # noqa: E402  (Debian's python3-grpcio)

from aka import Client, resolve_iter  # noqa: E402
from aka.v1 import resolver_pb2, resolver_pb2_grpc  # noqa: E402

SERVER = os.environ.get("AKA_TEST_SERVER", "")
NEEDS_SERVER = "AKA_TEST_SERVER is not set: set it to a running akad's address (host:port) to run this test"


class FakeResolver(resolver_pb2_grpc.ResolverServicer):
    def __init__(self, delay=0.0, wrong_id_at=-1):
        self.delay = delay
        self.wrong_id_at = wrong_id_at
        self.lock = threading.Lock()
        self.received = 0
        self.answered = 0
        self.max_outstanding = 0

    def ResolveStream(self, request_iterator, context):
        # Reads eagerly on its own thread, so whatever the client lets loose shows up as outstanding.
        queue = []
        cond = threading.Condition()
        done = []

        def read():
            try:
                for request in request_iterator:
                    with cond:
                        queue.append(request)
                        self.received += 1
                        self.max_outstanding = max(self.max_outstanding, self.received - self.answered)
                        cond.notify()
            except grpc.RpcError:
                pass  # the client cancelled: the end of the requests, as far as this fake cares
            with cond:
                done.append(True)
                cond.notify()

        threading.Thread(target=read, daemon=True).start()
        position = 0
        while context.is_active():
            with cond:
                while not queue and not done:
                    cond.wait(0.1)
                if not queue:
                    return
                request = queue.pop(0)
            if self.delay:
                time.sleep(self.delay)
            response = resolver_pb2.ResolveResponse(request_id=request.request_id)
            if position == self.wrong_id_at:
                response.request_id = "999999"
            if request.name.startswith("bad"):
                response.error.code = 3
                response.error.message = "name: fake refusal"
            else:
                response.outcome = resolver_pb2.MATCHED
                response.candidates.add(entity_id="id:" + request.name, canonical_name=request.name.upper(),
                                        type="threat_actor", score=0.9)
            with cond:
                self.answered += 1
            position += 1
            yield response


class FakeServerTest(unittest.TestCase):
    fake = FakeResolver()

    def setUp(self):
        self.server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=8))
        resolver_pb2_grpc.add_ResolverServicer_to_server(self.fake, self.server)
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()
        self.client_target = "127.0.0.1:%d" % port
        self.client = Client(self.client_target, stream_timeout=60)

    def tearDown(self):
        self.client.close()
        self.server.stop(0)


class ResolveIterTest(FakeServerTest):
    def setUp(self):
        self.fake = FakeResolver()
        super().setUp()

    def test_answers_in_input_order(self):
        names = ["name-%d" % i for i in range(3000)]
        got = [r.candidates[0].entity_id for r in self.client.resolve_iter(iter(names), window=32)]
        self.assertEqual(got, ["id:" + n for n in names])

    def test_module_level_helper(self):
        got = [r.candidates[0].entity_id for r in resolve_iter(self.client, ["a", "b"], window=4)]
        self.assertEqual(got, ["id:a", "id:b"])

    def test_bad_items_carry_their_own_error(self):
        got = list(self.client.resolve_iter(["a", "bad", "c"]))
        self.assertEqual(len(got), 3)
        self.assertTrue(got[1].HasField("error"))
        self.assertEqual(got[1].error.code, 3)
        self.assertEqual(got[2].candidates[0].entity_id, "id:c")

    def test_window_bounds_requests_in_flight(self):
        self.fake.delay = 0.001
        names = ("n%d" % i for i in range(300))
        self.assertEqual(len(list(self.client.resolve_iter(names, window=5))), 300)
        self.assertLessEqual(self.fake.max_outstanding, 5)

    def test_input_errors_are_reraised(self):
        def names():
            yield "a"
            raise KeyError("broken input")

        with self.assertRaises(KeyError):
            list(self.client.resolve_iter(names(), window=4))

    def test_window_must_be_positive(self):
        with self.assertRaises(ValueError):
            list(self.client.resolve_iter(["a"], window=0))

    def test_early_stop_cancels_the_stream(self):
        self.fake.delay = 0.001
        consumed = []

        def endless():
            i = 0
            while True:
                consumed.append(i)
                yield "n%d" % i
                i += 1

        for index, _ in enumerate(self.client.resolve_iter(endless(), window=8)):
            if index == 20:
                break
        time.sleep(0.3)
        self.assertLess(len(consumed), 20 + 8 + 3)


class OrderCheckTest(FakeServerTest):
    def setUp(self):
        self.fake = FakeResolver(wrong_id_at=5)
        super().setUp()

    def test_out_of_order_answer_is_an_error(self):
        with self.assertRaises(RuntimeError):
            list(self.client.resolve_iter(["n%d" % i for i in range(10)]))


class ExampleTest(FakeServerTest):
    def setUp(self):
        self.fake = FakeResolver()
        super().setUp()

    def test_canonicalize_csv_example(self):
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "in.csv")
            with open(source, "w", newline="", encoding="utf-8") as f:
                f.write('\ufeffid,actor\n1,"Fancy ""Bear"", Inc"\n2,bad one\n3,"multi\nline"\n')
            target = os.path.join(tmp, "out.csv")
            result = subprocess.run(
                [sys.executable, os.path.join(HERE, "examples", "canonicalize_csv.py"), "--server",
                 self.client_target, "--column", "actor", source, target],
                capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(target, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["id", "actor", "aka_id", "aka_name", "aka_type", "aka_score", "aka_outcome"])
        self.assertEqual(rows[1][:3], ["1", 'Fancy "Bear", Inc', 'id:Fancy "Bear", Inc'])
        self.assertEqual(rows[2][6], "ERROR")
        self.assertEqual(rows[3][1], "multi\nline")
        self.assertIn("3 rows", result.stderr)


@unittest.skipUnless(SERVER, NEEDS_SERVER)
class LiveServerTest(unittest.TestCase):
    def test_resolve_iter_against_akad(self):
        names = ["no such name %d" % i for i in range(500)] + [""]
        with Client(SERVER, stream_timeout=60) as client:
            got = list(client.resolve_iter(iter(names), window=16))
        self.assertEqual(len(got), len(names))
        self.assertEqual([r.request_id for r in got], [str(i) for i in range(len(names))])
        self.assertTrue(got[-1].HasField("error"))
        self.assertEqual(got[0].outcome, resolver_pb2.NO_MATCH)


if __name__ == "__main__":
    unittest.main()
