#!/usr/bin/python3
"""Writes the canonicalize benchmark's input: a CSV of ROWS rows whose `name` column draws from the names in
../shared/data/scale/names.tsv (plus respelled variants, about 60k distinct names in all) with Zipf-like
repetition, as real exports repeat a few actors and counterparties on many rows. Every distinct name appears at
least once; the rest are drawn with probability ~ 1/rank. Deterministic (seeded).

Usage: gen_canonicalize_csv.py NAMES_TSV OUT_CSV [ROWS] [DISTINCT]
"""
import bisect
import csv
import itertools
import random
import sys


def main():
    names_tsv, out_csv = sys.argv[1], sys.argv[2]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    distinct = int(sys.argv[4]) if len(sys.argv) > 4 else 60000
    rng = random.Random(4)
    with open(names_tsv, encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader)
        base = list(dict.fromkeys(r[0] for r in reader if r and r[0].strip()))
    names = list(base)
    seen = set(names)
    # Respellings users type (case, hyphens) until there are `distinct` names.
    while len(names) < distinct:
        name = rng.choice(base)
        variant = rng.choice([name.lower(), name.upper(), name.replace(" ", "-"), name.title()])
        if variant not in seen:
            seen.add(variant)
            names.append(variant)
    names = names[:distinct]
    rng.shuffle(names)
    # Zipf-like weights over a random ranking: cumulative 1/(rank+1).
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(names))))
    total = cumulative[-1]
    picks = list(range(len(names)))
    picks += [bisect.bisect_left(cumulative, rng.random() * total) for _ in range(max(0, rows - len(names)))]
    picks = picks[:rows]
    rng.shuffle(picks)
    with open(out_csv, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["row_id", "name", "note"])
        for i, pick in enumerate(picks):
            writer.writerow([i, names[pick], "note %d, from the export" % (i % 97)])


if __name__ == "__main__":
    main()
