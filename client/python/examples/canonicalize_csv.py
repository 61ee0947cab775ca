#!/usr/bin/python3
"""Canonicalizes one column of a CSV file with aka, using only the standard library's csv module and the aka
Python client: every row is written back unchanged plus aka_id, aka_name, aka_type, aka_score, aka_outcome.

    /usr/bin/python3 client/python/examples/canonicalize_csv.py --server 127.0.0.1:50051 --column actor in.csv out.csv

Rows stream through Client.resolve_iter: at most --window names are in flight, answers come back in input order,
and memory stays flat however long the file is. A row whose name the server refuses gets outcome ERROR. Use
`aka canonicalize` for the full tool (errors file, --resume, progress); this is the pattern for Python jobs
(Spark, Dask, Beam workers run the same loop over their partition).
"""
import argparse
import collections
import csv
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from aka import Client  # noqa: E402
from aka.v1 import resolver_pb2  # noqa: E402

RESULT_COLUMNS = ["aka_id", "aka_name", "aka_type", "aka_score", "aka_outcome"]


def result_fields(response):
    if response.HasField("error"):
        return ["", "", "", "", "ERROR"]
    outcome = resolver_pb2.Outcome.Name(response.outcome)
    score = "%.4f" % response.candidates[0].score if response.candidates else ""
    if response.outcome == resolver_pb2.MATCHED and response.candidates:
        best = response.candidates[0]
        return [best.entity_id, best.canonical_name, best.type, score, outcome]
    return ["", "", "", score, outcome]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("AKA_SERVER", "127.0.0.1:50051"))
    parser.add_argument("--column", required=True, help="the column holding the names")
    parser.add_argument("--window", type=int, default=256, help="names in flight (default 256)")
    parser.add_argument("input", help="input CSV with a header row (a UTF-8 BOM is skipped)")
    parser.add_argument("output", help="output CSV")
    args = parser.parse_args()

    start = time.time()
    counts = collections.Counter()
    # newline="" lets the csv module handle quoted line breaks itself, as its documentation requires.
    with open(args.input, newline="", encoding="utf-8-sig") as source, \
            open(args.output, "w", newline="", encoding="utf-8") as target, \
            Client(args.server) as client:
        reader = csv.reader(source)
        header = next(reader)
        if args.column not in header:
            sys.exit("canonicalize_csv: no column %r in the header %r" % (args.column, header))
        column = header.index(args.column)
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(header + RESULT_COLUMNS)
        # Rows wait here until their answer comes back; resolve_iter's window bounds how many.
        waiting = collections.deque()

        def names():
            for row in reader:
                waiting.append(row)
                yield row[column] if column < len(row) else ""

        for response in client.resolve_iter(names(), window=args.window):
            fields = result_fields(response)
            counts[fields[-1]] += 1
            writer.writerow(waiting.popleft() + fields)
    rows = sum(counts.values())
    seconds = time.time() - start
    print("%d rows: %d matched, %d ambiguous, %d no match, %d errors in %.1f s (%.0f rows/s)" % (
        rows, counts["MATCHED"], counts["AMBIGUOUS"], counts["NO_MATCH"], counts["ERROR"], seconds,
        rows / seconds if seconds > 0 else 0), file=sys.stderr)


if __name__ == "__main__":
    main()
