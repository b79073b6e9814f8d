"""Quality of the attribution detector: cue, source and message F1 on SpkAtt-2023, per form.

Data: ``spkatt2023_train.jsonl`` (German Wikinews, SpkAtt-2023 task 2 training split) from
``$FACTCHECK_EVAL_DATA/attribution`` or ``../shared/data/attribution``; without it the benchmark
says so and exits cleanly. Each article's text is rebuilt from its tokens (no space before
closing punctuation, none after opening quotes and brackets; sentences joined by one space), so
every gold token has character offsets, and the detectors tag each sentence in place in its
article, as the pipeline does.

Split: an article is held out when ``sha256(str(line_index)) % 5 == 0`` (118 of 700 articles).
The rules were developed on the other 582 ("dev") only; the held-out fifth was not looked at
while developing.

Measure (token overlap, punctuation tokens ignored): for each role (cue, source, message) the
predicted and the gold token sets of one article are matched one to one, greedily by the
largest overlap. Precision is the mean over predictions of |P ∩ G| / |P| (0 when unmatched),
recall the mean over gold annotations of |P ∩ G| / |G|, F1 their harmonic mean. Gold
annotations with an empty role (a Reported form without a cue) are not counted for that role,
and identical gold token sets of one role in one article count once (a speaker quoted three
times is one source to find, one cue may carry two annotations).
A prediction is one attribution span with a message (SpkAtt annotates a cue only where
something is said; "forderte die Rückgabe." alone is reported speech there, with no cue and the
sentence as message, which the detector gives as form "reported"): its cue (with the particle of
"teilte … mit", the auxiliary of "hat … angekündigt", the "wie" of "wie X mitteilte"), its
source phrase, and its message without the cue and source tokens.
Per form, gold annotations count in their own form; a prediction counts in the form of the gold
annotation it matched, an unmatched one in the form it predicts (direct when its message is a
quotation, else indirect). Reported and free indirect speech mostly have no cue in the gold
data, so their cue figures rest on a handful of annotations. A last row gives the whole set
with every gold annotation counted (no merging of identical token sets).

Also prints the accuracy of the source/speaker on hand-written German and English news
sentences (``HAND_CASES``, shared with the tests).

    python bench/attribution_quality.py [--dev] [--errors N]

``--dev`` prints the dev figures alone; ``--errors N`` shows N missed gold attributions, from
dev articles only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.pretag.spans import detect_spans  # noqa: E402

ROLES = ("cue", "source", "message")
FORMS = {
    "Direct": "direct",
    "Indirect": "indirect",
    "Reported": "reported",
    "FreeIndirect": "free indirect",
    "IndirectFreeIndirect": "indirect + free indirect",
}
_NO_SPACE_BEFORE = frozenset(".,;:!?)]}“”»›’…%")
_NO_SPACE_AFTER = frozenset("([{„«‹‚")

# (language, sentence, span kind, expected payload items). A case is right when a span of that
# kind carries every expected item.
HAND_CASES: list[tuple[str, str, str, dict[str, str]]] = [
    ("de", "Die Lage ist ernst, sagte Bundeskanzler Olaf Scholz am Montag.", "attribution",
     {"cue": "sagte", "source": "Olaf Scholz", "role": "Bundeskanzler"}),
    ("de", "Gesundheitsministerin Nina Warken (CDU) kündigte an, die Reform komme im Herbst.",
     "attribution", {"cue": "kündigte an", "source": "Nina Warken", "party": "CDU"}),
    ("de", "Die Inflation sank auf 2,1 Prozent, teilte die Statistikbehörde Eurostat mit.",
     "attribution", {"cue": "teilte mit", "source": "Eurostat"}),
    ("de", "Das teilte Eurostat am Dienstag in Luxemburg mit.", "attribution",
     {"cue": "teilte mit", "source": "Eurostat"}),
    ("de", "Wie das Statistische Bundesamt mitteilte, stiegen die Preise.", "attribution",
     {"cue": "mitteilte", "source": "Statistische Bundesamt"}),
    ("de", "Laut Eurostat stiegen die Preise um 2 Prozent.", "attribution",
     {"cue": "laut", "source": "Eurostat"}),
    ("de", "Nach Angaben der Polizei wurden drei Menschen verletzt.", "attribution",
     {"cue": "nach Angaben", "source": "Polizei"}),
    ("de", "Der Regierung zufolge ist die Lage ruhig.", "attribution",
     {"cue": "zufolge", "source": "Regierung"}),
    ("de", "Die Armee sei bereit, erklärte Verteidigungsminister Boris Pistorius.", "attribution",
     {"cue": "erklärte", "source": "Boris Pistorius", "role": "Verteidigungsminister"}),
    ("de", "Der ukrainische Präsident Wolodymyr Selenskyj forderte mehr Waffen.", "attribution",
     {"cue": "forderte", "source": "Wolodymyr Selenskyj"}),
    ("de", "SPD-Chef Lars Klingbeil (SPD) betonte, man stehe zur Koalition.", "attribution",
     {"cue": "betonte", "source": "Lars Klingbeil", "party": "SPD"}),
    ("de", "Markus Söder (CSU) sagte der «Bild», er sei zufrieden.", "attribution",
     {"cue": "sagte", "source": "Markus Söder", "party": "CSU"}),
    ("de", "„Wir stehen an der Seite der Ukraine“, sagte Außenministerin Annalena Baerbock.",
     "quote", {"speaker": "Annalena Baerbock", "role": "Außenministerin"}),
    ("de", "Kanzler Friedrich Merz sagte: „Das ist ein guter Tag für Europa.“", "quote",
     {"speaker": "Friedrich Merz"}),
    ("de", "„Das ist falsch“, so der CDU-Politiker Jens Spahn.", "quote",
     {"speaker": "Jens Spahn"}),
    ("de", "„Wir werden nicht nachgeben“, betonte Kremlsprecher Dmitri Peskow.", "quote",
     {"speaker": "Dmitri Peskow"}),
    ("de", "Der Minister sagte, die Lage sei stabil.", "attribution",
     {"cue": "sagte", "source": "Minister"}),
    ("en", "The threat is growing, Jen Easterly, the agency's director, told CNN.",
     "attribution", {"cue": "told", "source": "Jen Easterly"}),
    ("en", "Inflation fell to 2.1 percent, according to Eurostat.", "attribution",
     {"cue": "according to", "source": "Eurostat"}),
    ("en", "At least 120 people died, Turkey's Disaster and Emergency Management Authority "
     "(AFAD) said.", "attribution", {"cue": "said", "source": "AFAD"}),
    ("en", "Smith said on Tuesday that the plan would fail.", "attribution",
     {"cue": "said", "source": "Smith"}),
    ("en", "Prices rose 2 percent, Eurostat said on Tuesday.", "attribution",
     {"cue": "said", "source": "Eurostat"}),
    ("en", "President Joe Biden said the U.S. would help.", "attribution",
     {"cue": "said", "source": "Joe Biden", "role": "President"}),
    ("en", "Senator Elizabeth Warren (D-Mass.) said the bill was a mistake.", "attribution",
     {"cue": "said", "source": "Elizabeth Warren", "party": "D"}),
    ("en", "The economy is strong, said Biden in a statement.", "attribution",
     {"cue": "said", "source": "Biden"}),
    ("en", "“We will win,” Zelensky said.", "quote", {"speaker": "Zelensky"}),
    ("en", "“This is not over,” said Defense Secretary Lloyd Austin.", "quote",
     {"speaker": "Lloyd Austin"}),
    ("en", "Kim Jong Un told state media: “We are ready.”", "quote", {"speaker": "Kim Jong Un"}),
]  # fmt: skip


def data_file() -> Path:
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    base = Path(env) if env else ROOT.parent / "shared" / "data"
    return base / "attribution" / "spkatt2023_train.jsonl"


def held_out(index: int) -> bool:
    """The fixed fifth of the articles kept back from development."""
    return int(hashlib.sha256(str(index).encode()).hexdigest(), 16) % 5 == 0


@dataclass
class Article:
    text: str
    sentences: list[tuple[int, int]]
    # (sentence id, token id) -> character offsets, word tokens only (no punctuation).
    tokens: dict[tuple[int, int], tuple[int, int]]
    gold: list[tuple[str, dict[str, frozenset[tuple[int, int]]]]] = field(default_factory=list)


def rebuild(doc: dict[str, Any]) -> Article:
    """Article text from its tokens, with each token's offsets and the gold token sets."""
    parts: list[str] = []
    length = 0
    sentences: list[tuple[int, int]] = []
    tokens: dict[tuple[int, int], tuple[int, int]] = {}
    for sentence in doc["Sentences"]:
        if parts:
            parts.append(" ")
            length += 1
        start = length
        previous = ""
        straight_open = False
        for t, token in enumerate(sentence["Tokens"]):
            glue = t == 0 or token[:1] in _NO_SPACE_BEFORE or previous[-1:] in _NO_SPACE_AFTER
            if token == '"':
                glue = t == 0 or straight_open or previous[-1:] in _NO_SPACE_AFTER
                straight_open = not straight_open
            elif previous == '"' and straight_open:
                glue = True
            if not glue:
                parts.append(" ")
                length += 1
            if any(ch.isalnum() for ch in token):
                tokens[(sentence["SentenceId"], t)] = (length, length + len(token))
            parts.append(token)
            length += len(token)
            previous = token
        sentences.append((start, length))
    article = Article("".join(parts), sentences, tokens)
    for annotation in doc["Annotations"]:
        sets = {role: _ids(annotation[role.capitalize()], tokens) for role in ROLES}
        article.gold.append((FORMS.get(annotation["Form"], annotation["Form"]), sets))
    return article


def _ids(values: Iterable[str], tokens: dict[tuple[int, int], tuple[int, int]]) -> frozenset:
    found = set()
    for value in values:
        s, t = value.split(":")
        key = (int(s), int(t))
        if key in tokens:
            found.add(key)
    return frozenset(found)


class _Index:
    """Token ids of an article by character range."""

    def __init__(self, article: Article):
        self.items = sorted(article.tokens.items(), key=lambda item: item[1])
        self.starts = [offsets[0] for _, offsets in self.items]

    def within(self, start: int, end: int) -> set[tuple[int, int]]:
        import bisect

        if start < 0 or end <= start:
            return set()
        k = bisect.bisect_right(self.starts, start) - 1
        k = max(k, 0)
        found = set()
        while k < len(self.items) and self.items[k][1][0] < end:
            key, (a, b) = self.items[k]
            if b > start:
                found.add(key)
            k += 1
        return found


def predict(article: Article) -> list[tuple[str, dict[str, frozenset]]]:
    """Attribution spans of every sentence as (predicted form, token sets by role)."""
    index = _Index(article)
    found = []
    for start, end in article.sentences:
        for span in detect_spans(article.text, start, end, "de"):
            if span.kind != "attribution":
                continue
            p = span.payload
            if "message_start" not in p:
                continue  # a cue with nothing said in this sentence is no SpkAtt attribution
            cue = index.within(p.get("cue_start", -1), p.get("cue_end", -1))
            cue |= index.within(p.get("particle_start", -1), p.get("particle_end", -1))
            cue |= index.within(p.get("lead_start", -1), p.get("lead_end", -1))
            source = index.within(p.get("source_start", -1), p.get("source_end", -1))
            message = index.within(p.get("message_start", -1), p.get("message_end", -1))
            message -= cue | source
            quoted = "message_start" in p and article.text[p["message_start"]] in '„“”"«»‹›‚'
            sets = {"cue": cue, "source": source, "message": message}
            found.append(
                ("direct" if quoted else "indirect", {k: frozenset(v) for k, v in sets.items()})
            )
    return found


@dataclass
class Tally:
    precision: float = 0.0
    predicted: int = 0
    recall: float = 0.0
    gold: int = 0

    def f1(self) -> tuple[float, float, float]:
        p = self.precision / self.predicted if self.predicted else 0.0
        r = self.recall / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(articles: Iterable[Article], *, distinct: bool = True) -> dict[tuple[str, str], Tally]:
    """Tallies by (role, form), with form "all" for the whole set.

    ``distinct`` counts identical gold token sets of a role in an article once.
    """
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for article in articles:
        predictions = predict(article)
        for role in ROLES:
            preds = [(form, sets[role]) for form, sets in predictions if sets[role]]
            golds = [(form, sets[role]) for form, sets in article.gold if sets[role]]
            if distinct:
                golds = _distinct(golds)
            matched = _match([p for _, p in preds], [g for _, g in golds])
            for i, (form, p) in enumerate(preds):
                j, overlap = matched.get(i, (None, 0))
                if j is not None:
                    form = golds[j][0]
                for key in (form, "all"):
                    tallies[(role, key)].predicted += 1
                    tallies[(role, key)].precision += overlap / len(p)
            recalled = dict(matched.values())
            for j, (form, g) in enumerate(golds):
                for key in (form, "all"):
                    tallies[(role, key)].gold += 1
                    tallies[(role, key)].recall += recalled.get(j, 0) / len(g)
    return tallies


def _distinct(
    golds: Iterable[tuple[str, frozenset]],
) -> list[tuple[str, frozenset]]:
    """Gold sets of one role, each token set once (a speaker with three messages is one source)."""
    seen: set[frozenset] = set()
    kept = []
    for form, tokens in golds:
        if tokens not in seen:
            seen.add(tokens)
            kept.append((form, tokens))
    return kept


def _match(preds: list[frozenset], golds: list[frozenset]) -> dict[int, tuple[int, int]]:
    """Greedy one-to-one matching by overlap: prediction index -> (gold index, overlap)."""
    pairs = sorted(
        (
            (len(p & g), i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if not p.isdisjoint(g)
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    matched: dict[int, tuple[int, int]] = {}
    used: set[int] = set()
    for overlap, i, j in pairs:
        if i in matched or j in used:
            continue
        matched[i] = (j, overlap)
        used.add(j)
    return matched


def load(path: Path) -> tuple[list[Article], list[Article]]:
    """(dev, held-out) articles."""
    dev: list[Article] = []
    held: list[Article] = []
    with path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            article = rebuild(json.loads(line))
            (held if held_out(index) else dev).append(article)
    return dev, held


def print_table(name: str, articles: list[Article]) -> dict[tuple[str, str], Tally]:
    tallies = score(articles)
    golds = sum(len(a.gold) for a in articles)
    print(f"\n{name}: {len(articles)} articles, {golds} gold attributions")
    every = score(articles, distinct=False)
    header = "".join(f"{role + ' P/R/F1':>22}" for role in ROLES)
    print(f"{'form':<30}{header}{'messages':>10}")
    rows = [(form, tallies, form) for form in (*FORMS.values(), "all")]
    rows.append(("all, every annotation", every, "all"))
    for label, source, form in rows:
        cells = []
        for role in ROLES:
            p, r, f = source[(role, form)].f1()
            cells.append(f"{p:6.2f}{r:6.2f}{f:6.2f}    ")
        gold = source[("message", form)].gold
        print(f"{label:<30}" + "".join(f"{c:>22}" for c in cells) + f"{gold:>10}")
    return tallies


def hand_cases() -> tuple[int, int, list[str]]:
    """(right, total, descriptions of the wrong ones) over ``HAND_CASES``."""
    right, wrong = 0, []
    for language, sentence, kind, expected in HAND_CASES:
        spans = detect_spans(sentence, 0, len(sentence), language)
        payloads = [s.payload for s in spans if s.kind == kind]
        if any(all(p.get(k) == v for k, v in expected.items()) for p in payloads):
            right += 1
        else:
            wrong.append(f"{sentence!r}: expected {expected}, got {payloads}")
    return right, len(HAND_CASES), wrong


def show_errors(articles: list[Article], limit: int) -> None:
    """Gold attributions of dev articles whose cue or source was missed (for development)."""
    shown = 0
    for article in articles:
        by_id = {key: article.text[a:b] for key, (a, b) in article.tokens.items()}
        predicted = predict(article)
        for form, sets in article.gold:
            if shown >= limit:
                return
            best = max(
                predicted,
                key=lambda p, sets=sets: (
                    len(p[1]["source"] & sets["source"]) + len(p[1]["cue"] & sets["cue"])
                ),
                default=None,
            )
            got = {r: _words(by_id, best[1][r]) for r in ROLES} if best else {}
            want = {r: _words(by_id, sets[r]) for r in ROLES}
            if got.get("cue") != want["cue"] or got.get("source") != want["source"]:
                shown += 1
                print(form, "WANT", want)
                print("      GOT ", got)


def _words(by_id: dict[tuple[int, int], str], ids: Iterable[tuple[int, int]]) -> str:
    return " ".join(by_id[k] for k in sorted(ids))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="show N dev errors and stop")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="print the dev figures only (while developing, the held-out fifth stays unseen)",
    )
    args = parser.parse_args(argv)
    right, total, wrong = hand_cases()
    print(f"hand-written news sentences: {right}/{total} speakers and sources right")
    for line in wrong:
        print("  wrong:", line)
    path = data_file()
    if not path.is_file():
        print(f"skipped: no SpkAtt data at {path} (set FACTCHECK_EVAL_DATA to a data folder)")
        return 0
    dev, held = load(path)
    if args.errors:
        show_errors(dev, args.errors)
        return 0
    print_table("SpkAtt-2023 dev (four fifths of the articles; rules developed here)", dev)
    if args.dev:
        return 0
    print_table("SpkAtt-2023 held-out fifth (never looked at while developing)", held)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
