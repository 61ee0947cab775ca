#!/usr/bin/python3
"""Writes tools/eval/negatives.jsonl: names that look like indexed names but name nothing in the index.

aka-eval runs them through the service; the only right answer is "not MATCHED" (docs/MATCHING.md). Categories:
  designator_number   a threat-actor designator with a number no indexed name has ("APT 48", "UNC4012")
  legal_form_word     an indexed company name with its rarest distinctive word replaced by an invented word
                      that is no indexed token nor a typo of one ("WUHAN KALOMER SCIENCE AND TECHNOLOGY
                      COMPANY, LIMITED")
  person_given_name   an indexed individual's surname with another individual's given names ("ZHAO, Ahmad")
  actor_word_swap     the two words of two-word actor names recombined ("Fancy Kitten")
  generic_only        names made only of generic words and legal forms ("International Trading Company Ltd")

The index is what akad loads (data/: MISP threat actors, OFAC SDN) plus what `aka-eval --prepare` adds
(china-defence-universities, cross-script Latin names). Every generated name is checked against every indexed
name under the normalized, compact and token-sorted forms (a Python rendering of core/normalizer.h for Latin
text) and dropped if it collides. Deterministic: a fixed seed and sorted inputs.

Usage: /usr/bin/python3 tools/make_negatives.py [--shared ../shared/data] [--out tools/eval/negatives.jsonl]
"""

import argparse
import csv
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20240503
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Words that never identify a name (core/generic_words.cc has the full list; these are the ones that matter
# for picking the distinctive word of a company name and for building generic-only names).
GENERIC = set("""
a an and the of for de la le del des du el al bin ibn abu
company co corp corporation inc incorporated ltd limited llc plc jsc ojsc cjsc pjsc ooo zao oao gmbh ag sa srl
bv nv ab oy as kft sro spa sas llp lp fze fzco fzc pte pvt private public joint stock
group holding holdings international global general national trading trade industrial industries industry
technology technologies tech science sciences engineering services service solutions systems enterprise
enterprises development investment investments import export bank financial finance capital management
shipping logistics energy oil gas petroleum construction manufacturing commercial network team organization
establishment institute foundation center centre association agency office department ministry
""".split())

LEGAL_FORMS = ["Ltd", "Limited", "LLC", "Co., Ltd.", "Company Limited", "Inc.", "Corp.", "JSC", "GmbH", "S.A.",
               "PLC", ""]
GENERIC_HEADS = ["International", "Global", "National", "General", "United", "Trading", "Industrial",
                 "Investment", "Commercial", "Technology", "Energy", "Shipping", "Financial", ""]
GENERIC_NOUNS = ["Trading Company", "Bank", "Group", "Company", "Holdings", "Investment Group", "Services",
                 "Team", "Industries", "Trading", "Enterprises", "Development Company", "Logistics",
                 "Engineering", "Import Export", "Security Team", "Hacker Group"]


def normalize(name):
    """Latin-text approximation of core/normalizer.h: NFKC casefold, no diacritics, punctuation to spaces,
    letter-digit boundaries split."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w]+|_", " ", text)
    text = re.sub(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])", " ", text)
    return " ".join(text.split())


# Legal-form words (core/legal_forms.cc recognises these and more): dropped for the collision check, so that
# "MALTARENT LIMITED" counts as the indexed "MALTARENT LTD".
LEGAL_WORDS = set("""
ltd limited llc l l c co company corp corporation inc incorporated plc jsc ojsc cjsc pjsc ooo zao oao gmbh ag sa
s a srl bv nv ab oy kft sro spa sas llp lp fze fzco fzc pte pvt private public joint stock liability de cv
""".split())


def forms(name):
    norm = normalize(name)
    tokens = norm.split()
    core = [t for t in tokens if t not in LEGAL_WORDS]
    return {norm, "".join(tokens), " ".join(sorted(tokens)), " ".join(sorted(core))} - {""}


def edit_distance(a, b, bound):
    """Levenshtein distance, or bound + 1 once it is known to exceed bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "sor", "del", "ran", "zen", "bar", "tol", "nix", "ora", "pel", "dru",
             "gan", "hel", "mar", "nor", "sen", "tur", "vel", "yor", "qin", "fal", "bri", "cos", "dun", "est", "wem"]


def invented_words(indexed_tokens, rng, count):
    """Pronounceable words that are no indexed token and no typo (2 edits) of one: another company's name."""
    by_initial = {}
    for token in indexed_tokens:
        if token.isalpha() and len(token) >= 4:
            by_initial.setdefault(token[0], []).append(token)
    words = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3])))
        if word in words or any(edit_distance(word, t, 2) <= 2 for t in by_initial.get(word[0], [])):
            continue
        words.append(word)
    return words


def camel_split_forms(name):
    # The C++ normalizer also splits CamelCase ("FancyBear" -> "fancy bear"); index both spellings.
    return forms(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)) | forms(name)


def read_index(shared):
    """(all indexed names, threat-actor names, OFAC organisations, OFAC individuals)."""
    actors, orgs, people, others = [], [], [], []
    with open(os.path.join(REPO, "data", "misp-galaxy", "threat-actor.json"), encoding="utf-8") as f:
        for cluster in json.load(f)["values"]:
            actors.append(cluster["value"])
            actors.extend(cluster.get("meta", {}).get("synonyms", []))
    with open(os.path.join(REPO, "data", "ofac-sdn", "sdn.csv"), encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 3:
                continue
            sdn_type = row[2].strip()
            (people if sdn_type == "individual" else orgs if sdn_type == "-0-" else others).append(row[1])
    with open(os.path.join(REPO, "data", "ofac-sdn", "alt.csv"), encoding="utf-8", errors="replace") as f:
        others.extend(row[3] for row in csv.reader(f) if len(row) > 3)
    with open(os.path.join(shared, "misp-galaxy", "china-defence-universities.json"), encoding="utf-8") as f:
        for cluster in json.load(f)["values"]:
            others.append(cluster["value"])
            others.extend(cluster.get("meta", {}).get("synonyms", []))
    with open(os.path.join(shared, "cross-script", "cross_script_pairs.csv"), encoding="utf-8") as f:
        others.extend(line.split(",")[1] for line in f if line.strip() and not line.startswith("#"))
    return actors + orgs + people + others, sorted(set(actors)), sorted(set(orgs)), sorted(set(people))


def designator_negatives(actors, rng):
    pattern = re.compile(r"^(APT|TA|UNC|DEV|Storm|FIN|TG|UAC)[- ]?0*(\d+)$", re.I)
    taken = {}
    for name in actors:
        match = pattern.match(name.strip())
        if match:
            taken.setdefault(match.group(1).upper(), set()).add(int(match.group(2)))
    rows = []
    # APT: the near misses of indexed numbers (APT 3 / 13 / 310 around APT31) and unused numbers, in the
    # spellings vendors use.
    apt_numbers = [n for n in list(range(1, 100)) + [131, 280, 290, 301, 310, 313, 320, 410]
                   if n not in taken["APT"]]
    spellings = ["APT{}", "APT {}", "APT-{}", "Advanced Persistent Threat {}", "APT{:02d}"]
    for n in sorted(rng.sample(apt_numbers, 40)):
        rows.append(("designator_number", rng.choice(spellings).format(n), "APT designator"))
    ranges = {"TA": (400, 600, "TA{}"), "UNC": (100, 6000, "UNC{}"), "DEV": (10, 1400, "DEV-{:04d}"),
              "STORM": (10, 2200, "Storm-{:04d}"), "FIN": (14, 40, "FIN{}"), "UAC": (1, 260, "UAC-{:04d}")}
    for prefix, (low, high, spelling) in sorted(ranges.items()):
        free = [n for n in range(low, high) if n not in taken.get(prefix, set())]
        for n in sorted(rng.sample(free, 14)):
            rows.append(("designator_number", spelling.format(n), prefix + " designator"))
    return rows


def distinctive(tokens):
    return [t for t in tokens if t not in GENERIC and not t.isdigit() and len(t) >= 4]


def legal_form_negatives(orgs, indexed_tokens, rng):
    """Company names with a legal form whose rarest distinctive word is replaced by an invented one."""
    legal = re.compile(r"\b(LIMITED|LTD|LLC|COMPANY|CO|CORPORATION|JSC|GMBH|INC)\b\.?,?\s*$", re.I)
    with_form = [o for o in orgs if legal.search(o) and len(distinctive(normalize(o).split())) >= 1]
    frequency = {}
    for name in orgs:
        for token in set(normalize(name).split()):
            frequency[token] = frequency.get(token, 0) + 1
    donors = invented_words(indexed_tokens, rng, 120)
    rows = []
    for name in rng.sample(with_form, 90):
        words = distinctive(normalize(name).split())
        target = min(words, key=lambda t: (frequency.get(t, 0), t))
        other = rng.choice(donors)
        replaced = re.sub(r"(?i)\b" + re.escape(target) + r"\b", other.upper(), name, count=1)
        if replaced != name:
            rows.append(("legal_form_word", replaced, name))
    return rows


def person_negatives(people, rng):
    """Indexed surnames with the given names of someone else."""
    parsed = []
    for name in people:
        if "," not in name:
            continue
        surname, given = (part.strip() for part in name.split(",", 1))
        if surname and given:
            parsed.append((surname, given, name))
    rows = []
    for surname, given, original in rng.sample(parsed, 90):
        for _ in range(10):
            other_surname, other_given, _ = rng.choice(parsed)
            if normalize(other_surname) != normalize(surname) and not set(normalize(other_given).split()) & set(
                    normalize(given).split()):
                rows.append(("person_given_name", "{}, {}".format(surname, other_given), original))
                break
    return rows


def actor_swap_negatives(actors, rng):
    """Two-word actor names ("Fancy Bear", "Charming Kitten") with their words recombined."""
    pairs = [a.split() for a in actors if re.fullmatch(r"[A-Za-z]{4,} [A-Za-z]{4,}", a)]
    firsts = sorted({p[0].title() for p in pairs})
    seconds = sorted({p[1].title() for p in pairs})
    return [("actor_word_swap", "{} {}".format(rng.choice(firsts), rng.choice(seconds)), "two-word actor name")
            for _ in range(80)]


def generic_negatives(rng):
    rows = [("generic_only", name, "generic words only") for name in
            ["International Trading Company Ltd", "Group", "Bank", "Company", "The Group", "Team", "Holdings"]]
    for _ in range(70):
        name = " ".join(part for part in (rng.choice(GENERIC_HEADS), rng.choice(GENERIC_NOUNS),
                                           rng.choice(LEGAL_FORMS)) if part)
        rows.append(("generic_only", name, "generic words only"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join(REPO, "tools", "eval", "negatives.jsonl"))
    args = parser.parse_args()

    rng = random.Random(SEED)
    indexed, actors, orgs, people = read_index(args.shared)
    taken = set()
    for name in indexed:
        taken |= camel_split_forms(name)

    indexed_tokens = sorted({t for name in indexed for t in normalize(name).split()})
    candidates = (designator_negatives(actors, rng) + legal_form_negatives(orgs, indexed_tokens, rng) +
                  person_negatives(people, rng) + actor_swap_negatives(actors, rng) + generic_negatives(rng))
    seen, rows, dropped = set(), [], 0
    for category, query, looks_like in candidates:
        key = normalize(query)
        if not key or key in seen:
            continue
        if camel_split_forms(query) & taken:
            dropped += 1  # an indexed name after all
            continue
        seen.add(key)
        rows.append({"query": query, "category": category, "looks_like": looks_like})
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {}
    for row in rows:
        counts[row["category"]] = counts.get(row["category"], 0) + 1
    print("wrote {} rows to {} ({}; {} dropped as indexed)".format(
        len(rows), args.out, ", ".join("{} {}".format(k, v) for k, v in sorted(counts.items())), dropped),
        file=sys.stderr)


if __name__ == "__main__":
    main()
