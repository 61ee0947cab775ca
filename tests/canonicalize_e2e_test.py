#!/usr/bin/python3
"""End-to-end tests of `aka canonicalize` against the real akad (issue 4).

Starts akad with the bundled default data on a free port, then runs the aka binary on: a CSV with a BOM, quoted
fields with embedded commas, quotes and line breaks, CRLF line ends, a ragged row and an empty name; JSON lines
with --field; stdin to stdout; --max-errors; and --resume after `kill -9` of the CLI in the middle of a 200k-row
run (generated from ../shared/data/scale/names.tsv), whose output and errors file must equal an uninterrupted
run's byte for byte.

Usage: canonicalize_e2e_test.py BUILD_DIR SOURCE_DIR   (ctest passes both)
"""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import akad_process  # noqa: E402

BUILD_DIR = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build"
SOURCE_DIR = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
AKAD = os.path.join(BUILD_DIR, "service", "akad")
AKA = os.path.join(BUILD_DIR, "client", "aka")
GENERATOR = os.path.join(SOURCE_DIR, "bench", "gen_canonicalize_csv.py")
SCALE_NAMES = os.path.join(akad_process.shared_data_dir(SOURCE_DIR), "scale", "names.tsv")
RESULT_COLUMNS = ["aka_id", "aka_name", "aka_type", "aka_score", "aka_outcome"]


def Akad(db, *extra):
    return akad_process.Akad(AKAD, db, *extra)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class CanonicalizeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="aka-canon-e2e-")
        cls.akad = Akad(os.path.join(cls.dir, "db"))

    @classmethod
    def tearDownClass(cls):
        cls.akad.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, "%s.%s" % (self._testMethodName, name))

    def canonicalize(self, *args, stdin=None, timeout=600):
        return subprocess.run([AKA, "--server", self.akad.address, "canonicalize", *args], capture_output=True,
                              timeout=timeout, input=stdin)

    def test_quoted_csv_with_bom(self):
        source = self.path("in.csv")
        text = ('\ufeffid,actor,note\r\n'
                '1,APT 31,"plain, with a comma"\r\n'
                '2,"Fancy ""Bear""","a ""quoted"" note\nover two lines"\r\n'
                '3,,empty name\r\n'
                '4,"Grizzly Steppe","x"\r\n'
                '5,no such actor anywhere,"trailing space "\r\n'
                '6,ragged\r\n'
                '7,"ZIRCONIUM","last, row"\r\n')
        with open(source, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        out = self.path("out.csv")
        result = self.canonicalize("--in", source, "--out", out, "--column", "actor")
        self.assertEqual(result.returncode, 1, result.stderr)  # done, but some rows were bad
        with open(out, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        with open(source, encoding="utf-8-sig", newline="") as f:
            inputs = list(csv.reader(f))
        self.assertEqual(rows[0], inputs[0] + RESULT_COLUMNS)
        self.assertEqual(len(rows), len(inputs))
        for got, original in zip(rows[1:], inputs[1:]):
            self.assertEqual(got[:len(original)], original)  # every row unchanged, in order
        by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
        self.assertEqual(by_id["1"]["aka_outcome"], "MATCHED")
        self.assertEqual(by_id["1"]["aka_id"], by_id["7"]["aka_id"])  # APT 31 = ZIRCONIUM
        self.assertEqual(by_id["2"]["aka_outcome"], "MATCHED")  # Fancy "Bear" = APT28
        self.assertEqual(by_id["2"]["note"], 'a "quoted" note\nover two lines')
        self.assertEqual(by_id["3"]["aka_outcome"], "ERROR")
        self.assertEqual(by_id["4"]["aka_outcome"], "AMBIGUOUS")
        self.assertEqual(by_id["5"]["aka_outcome"], "NO_MATCH")
        self.assertEqual(by_id["5"]["note"], "trailing space ")
        self.assertEqual(rows[6][-1], "ERROR")  # the ragged row is kept, marked bad
        with open(out + ".errors.csv", encoding="utf-8", newline="") as f:
            errors = list(csv.reader(f))
        self.assertEqual(errors[0], ["line", "name", "reason"])
        self.assertEqual([e[0] for e in errors[1:]], ["5", "8"])  # physical lines where the bad records start
        summary = result.stderr.decode()
        self.assertIn("7 rows: 3 matched, 1 ambiguous, 1 no match, 2 errors", summary)
        self.assertIn("rows/s", summary)
        self.assertFalse(os.path.exists(out + ".checkpoint"))

    def test_jsonl_field_and_stdin_to_stdout(self):
        lines = [{"actor": {"name": "APT 31"}, "n": 1}, {"actor": {"name": "no such actor anywhere"}, "n": 2}]
        data = "".join(json.dumps(line) + "\n" for line in lines).encode()
        result = self.canonicalize("--in", "-", "--out", "-", "--field", "actor.name", stdin=data)
        self.assertEqual(result.returncode, 0, result.stderr)
        got = [json.loads(line) for line in result.stdout.decode().splitlines()]
        self.assertEqual([g["n"] for g in got], [1, 2])
        self.assertEqual(got[0]["aka_outcome"], "MATCHED")
        self.assertEqual(got[1]["aka_outcome"], "NO_MATCH")
        self.assertNotIn(b"\r", result.stderr)  # no progress bar when stderr is not a terminal

    def test_max_errors_stops_with_exit_5(self):
        source = self.path("in.csv")
        with open(source, "w", encoding="utf-8") as f:
            f.write("actor\nAPT 31\n\n\"\"\n\" \"\n")
        result = self.canonicalize("--in", source, "--out", self.path("out.csv"), "--column", "actor",
                                   "--max-errors", "1")
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertIn(b"--resume", result.stderr)

    def test_missing_column_is_a_usage_error(self):
        source = self.path("in.csv")
        with open(source, "w", encoding="utf-8") as f:
            f.write("name\nAPT 31\n")
        result = self.canonicalize("--in", source, "--out", self.path("out.csv"), "--column", "actor")
        self.assertEqual(result.returncode, 2, result.stderr)

    def test_resume_after_kill_9_equals_uninterrupted_run(self):
        source = self.path("in.csv")
        subprocess.run([sys.executable, GENERATOR, SCALE_NAMES, source, "200000", "60000"], check=True,
                       timeout=300)
        # A checkpoint after every batch, so that the kill below lands between many of them.
        common = ["--in", source, "--column", "name", "--batch-size", "1000", "--checkpoint-every", "0"]
        reference = self.path("reference.csv")
        result = self.canonicalize(*common, "--out", reference)
        self.assertIn(result.returncode, (0, 1), result.stderr)

        out = self.path("out.csv")
        checkpoint = out + ".checkpoint"
        proc = subprocess.Popen([AKA, "--server", self.akad.address, "canonicalize", *common, "--out", out],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill once the checkpoint shows real progress, so the kill lands in the middle of the run.
        deadline = time.time() + 120
        killed_at_rows = None
        while time.time() < deadline and proc.poll() is None:
            try:
                with open(checkpoint, encoding="utf-8") as f:
                    fields = dict(line.split(" ", 1) for line in f.read().splitlines() if " " in line)
                rows = int(fields.get("rows", "0"))
            except (OSError, ValueError):
                rows = 0
            if rows >= 5000:
                proc.send_signal(signal.SIGKILL)
                killed_at_rows = rows
                break
            time.sleep(0.005)
        proc.wait(timeout=30)
        self.assertIsNotNone(killed_at_rows, "the run ended before it could be killed; use a larger input")
        self.assertTrue(os.path.exists(checkpoint))
        self.assertLess(os.path.getsize(out), os.path.getsize(reference))

        # Without --resume the run refuses to overwrite the interrupted one.
        refused = self.canonicalize(*common, "--out", out)
        self.assertEqual(refused.returncode, 4, refused.stderr)
        self.assertIn(b"--resume", refused.stderr)

        resumed = self.canonicalize(*common, "--out", out, "--resume")
        self.assertIn(resumed.returncode, (0, 1), resumed.stderr)
        self.assertIn(b"done before resuming", resumed.stderr)
        self.assertEqual(read_bytes(out), read_bytes(reference))
        if os.path.exists(reference + ".errors.csv"):
            self.assertEqual(read_bytes(out + ".errors.csv"), read_bytes(reference + ".errors.csv"))
        self.assertFalse(os.path.exists(checkpoint))
        with open(out, encoding="utf-8", newline="") as f:
            self.assertEqual(sum(1 for _ in csv.reader(f)), 200001)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
