#!/usr/bin/python3
"""End-to-end tests: the real akad and aka binaries, as a user runs them.

Starts akad on a free loopback port with the bundled default data, resolves the names the foundation issue
lists with the aka CLI, imports, restarts akad and finds everything again, checks bad input, and kills akad
with SIGKILL in the middle of a stream of writes to check that every acknowledged write survives whole.

Usage: e2e_test.py BUILD_DIR SOURCE_DIR   (ctest passes both)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import akad_process  # noqa: E402

BUILD_DIR = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build"
SOURCE_DIR = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
AKAD = os.path.join(BUILD_DIR, "service", "akad")
AKA = os.path.join(BUILD_DIR, "client", "aka")
sys.path.insert(0, os.path.join(SOURCE_DIR, "client", "python"))

import grpc  # noqa: E402  (Debian's python3-grpcio)
from aka.v1 import entity_pb2, registry_pb2, registry_pb2_grpc, resolver_pb2, resolver_pb2_grpc  # noqa: E402

APT31_MISP = "6bf7e6b6-5917-45a6-9567-f0baba79768c"
APT28_MISP = "5b4ee3ea-eee3-4c8e-8323-85ae32658754"
APT29_MISP = "b2056ff0-00b9-482e-b11c-c771daa5f28a"


def Akad(db, *extra):
    return akad_process.Akad(AKAD, db, *extra)


def aka(server, *args, stdin=None):
    return subprocess.run([AKA, "--server", server.address, *args], capture_output=True, text=True,
                          timeout=300, input=stdin)


def resolve_json(server, name):
    result = aka(server, "resolve", "--json", name)
    lines = [l for l in result.stdout.splitlines() if l.strip()]
    assert len(lines) == 1, (result.returncode, result.stdout, result.stderr)
    return result.returncode, json.loads(lines[0])


class DefaultDataTest(unittest.TestCase):
    """The foundation issue's 'done when' on the bundled data, through the aka CLI."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="aka-e2e-")
        cls.akad = Akad(os.path.join(cls.dir, "db"))

    @classmethod
    def tearDownClass(cls):
        cls.akad.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def assert_matched(self, name, key, value):
        code, answer = resolve_json(self.akad, name)
        self.assertEqual(answer["outcome"], "MATCHED", answer)
        self.assertEqual(code, 0)
        self.assertEqual(answer["candidates"][0]["external_ids"][key], value, answer)

    def test_apt31_spellings(self):
        for name in ["APT 31", "apt-31", "APT31", "\u2018APT 31\u2019", "ZIRCONIUM", "Violet Typhoon"]:
            with self.subTest(name=name):
                self.assert_matched(name, "misp", APT31_MISP)

    def test_ofac_company(self):
        self.assert_matched("WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED", "ofac", "47800")

    def test_grizzly_steppe_is_ambiguous(self):
        code, answer = resolve_json(self.akad, "Grizzly Steppe")
        self.assertEqual(answer["outcome"], "AMBIGUOUS", answer)
        self.assertEqual(code, 1)
        ids = {c["external_ids"].get("misp") for c in answer["candidates"]}
        self.assertLessEqual({APT28_MISP, APT29_MISP}, ids)

    def test_no_match(self):
        code, answer = resolve_json(self.akad, "no such actor")
        self.assertEqual(answer["outcome"], "NO_MATCH", answer)
        self.assertEqual(code, 1)

    def test_bad_input_is_refused_and_server_keeps_serving(self):
        for name, rule in [("", "empty"), ("x" * 1025, "limit"), ("a\x07b", "control character")]:
            with self.subTest(rule=rule):
                result = aka(self.akad, "resolve", name)
                self.assertEqual(result.returncode, 3, result)
                self.assertIn("INVALID_ARGUMENT", result.stderr)
                self.assertIn(rule, result.stderr)
        self.assert_matched("APT31", "misp", APT31_MISP)

    def test_invalid_utf8_over_rpc(self):
        # Protobuf's Python runtime refuses to build a string field from invalid UTF-8, so the request is
        # serialized by hand: field 2 (name), wire type 2, bytes ff fe.
        raw = bytes([0x12, 0x02, 0xFF, 0xFE])
        with grpc.insecure_channel(self.akad.address) as channel:
            call = channel.unary_unary("/aka.v1.Resolver/Resolve", request_serializer=None,
                                       response_deserializer=None)
            with self.assertRaises(grpc.RpcError) as raised:
                call(raw, timeout=5)
            self.assertIn(raised.exception.code(), (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.INTERNAL))
        self.assert_matched("ZIRCONIUM", "misp", APT31_MISP)

    def test_python_client_generated_from_proto_alone(self):
        with grpc.insecure_channel(self.akad.address) as channel:
            stub = resolver_pb2_grpc.ResolverStub(channel)
            response = stub.Resolve(resolver_pb2.ResolveRequest(name="Violet Typhoon", request_id="py-1"), timeout=5)
            self.assertEqual(response.request_id, "py-1")
            self.assertEqual(response.outcome, resolver_pb2.MATCHED)
            self.assertEqual(response.candidates[0].external_ids["misp"], APT31_MISP)

    def test_health(self):
        result = aka(self.akad, "health")
        self.assertEqual(result.returncode, 0, result)
        self.assertIn("SERVING", result.stdout)


class ImportRestartTest(unittest.TestCase):
    """Import with the CLI, restart akad, find everything again; export round-trips."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="aka-e2e-")
        self.db = os.path.join(self.dir, "db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_import_restart_export(self):
        source = os.path.join(self.dir, "in.jsonl")
        with open(source, "w") as f:
            for i in range(50):
                f.write(json.dumps({"type": "threat_actor", "canonical_name": "Test Actor %d" % i,
                                    "aliases": [{"name": "TA-E2E-%d" % (1000 + i), "source": "e2e"}],
                                    "external_ids": {"e2e": str(i)}}) + "\n")
        akad = Akad(self.db, "--no-default-data")
        result = aka(akad, "import", "--format", "jsonl", source)
        self.assertEqual(result.returncode, 0, result)
        again = aka(akad, "import", "--format", "jsonl", "--json", source)
        self.assertEqual(again.returncode, 0, again)
        summary = json.loads(again.stdout.strip().splitlines()[-1])
        self.assertEqual(summary.get("unchanged"), 50, summary)
        self.assertEqual(akad.stop(), 0)

        akad = Akad(self.db, "--no-default-data")
        try:
            code, answer = resolve_json(akad, "ta e2e 1007")
            self.assertEqual(answer["outcome"], "MATCHED", answer)
            self.assertEqual(answer["candidates"][0]["canonical_name"], "Test Actor 7")
            entity_id = answer["candidates"][0]["entity_id"]
            got = aka(akad, "get", "--json", entity_id)
            self.assertEqual(got.returncode, 0, got)
            self.assertEqual(json.loads(got.stdout)["canonical_name"], "Test Actor 7")
            export = os.path.join(self.dir, "out.jsonl")
            self.assertEqual(aka(akad, "export", "--out", export).returncode, 0)
            with open(export) as f:
                self.assertEqual(len([l for l in f if l.strip()]), 50)
        finally:
            akad.stop()


class KillDuringWritesTest(unittest.TestCase):
    """SIGKILL akad while a client streams writes; every acknowledged entity survives with its index rows."""

    def test_acknowledged_writes_survive_sigkill(self):
        work = tempfile.mkdtemp(prefix="aka-e2e-")
        db = os.path.join(work, "db")
        try:
            akad = Akad(db, "--no-default-data")
            acknowledged = {}
            stop = threading.Event()

            def writer():
                with grpc.insecure_channel(akad.address) as channel:
                    stub = registry_pb2_grpc.RegistryStub(channel)
                    i = 0
                    while not stop.is_set():
                        entity = entity_pb2.Entity(type="organization", canonical_name="Crash Org %d" % i,
                                                   external_ids={"crash": str(i)})
                        for j in range(3):
                            entity.aliases.add(name="crash alias %d %d" % (i, j), source="e2e")
                        try:
                            response = stub.UpsertEntity(registry_pb2.UpsertEntityRequest(entity=entity), timeout=5)
                        except grpc.RpcError:
                            return
                        acknowledged[i] = response.entity.id
                        i += 1

            thread = threading.Thread(target=writer)
            thread.start()
            time.sleep(3)
            akad.kill()
            stop.set()
            thread.join(timeout=30)
            self.assertGreater(len(acknowledged), 10)

            akad = Akad(db, "--no-default-data")
            try:
                with grpc.insecure_channel(akad.address) as channel:
                    resolver = resolver_pb2_grpc.ResolverStub(channel)
                    registry = registry_pb2_grpc.RegistryStub(channel)
                    for i, entity_id in acknowledged.items():
                        entity = registry.GetEntity(registry_pb2.GetEntityRequest(id=entity_id), timeout=5).entity
                        self.assertEqual(entity.canonical_name, "Crash Org %d" % i)
                        self.assertEqual(len(entity.aliases), 3)
                    # Every stored entity, acknowledged or the one in flight, is whole: all names resolve to it.
                    token, stored = "", 0
                    while True:
                        page = registry.ListEntities(registry_pb2.ListEntitiesRequest(page_size=500, page_token=token),
                                                     timeout=10)
                        for entity in page.entities:
                            stored += 1
                            for name in [entity.canonical_name] + [a.name for a in entity.aliases]:
                                answer = resolver.Resolve(resolver_pb2.ResolveRequest(name=name), timeout=5)
                                self.assertEqual(answer.outcome, resolver_pb2.MATCHED, name)
                                self.assertEqual(answer.candidates[0].entity_id, entity.id, name)
                        token = page.next_page_token
                        if not token:
                            break
                    self.assertIn(stored, (len(acknowledged), len(acknowledged) + 1))
            finally:
                akad.stop()
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
