"""Which way a date without a year points: forward, backward, or neither (tense and cues).

"Das Gesetz soll zum 1. Juli in Kraft treten" and "is scheduled to begin on June 1" point
forward, "trat am 1. Juli in Kraft" and "expired on March 24" backward. The sentence's tense
cues are found once; a date takes the cue nearest to it within its own clause (a comma, "dass"
or "that" ends a clause), so "said on Friday that it will close in June" puts Friday in the
past and June in the future. A deadline just before the date ("bis zum", "ab dem", "by",
"from", "starting") points forward unless its clause is in the past ("blieb bis zum 3. März");
"seit"/"since" always points back. Without any cue the caller falls back to the date nearest
the article date.

German cues are read from lower-case words only, so nouns never count ("der Stand" is no
"stand"); the perfect ("ist … getreten") and the reported perfect ("soll sich am Samstag
ereignet haben") point back. English "-ed" and irregular past forms count as past unless they
are participles after "be", "will", "to" ("will be held").
"""

from __future__ import annotations

import bisect
import re

from .lexicon import word_set

__all__ = ["TenseCues"]

_FUTURE_DE = word_set(
    """wird werden werde wirst soll sollen solle sollst will wollen plant planen planten
    geplant vorgesehen voraussichtlich künftig demnächst kommende kommenden kommender kommendes
    nächste nächsten nächster nächstes bevorstehende bevorstehenden anstehende anstehenden"""
)
_PAST_DE = word_set(
    """war waren warst wurde wurden worden gewesen hatte hatten sagte sagten erklärte erklärten
    teilte teilten berichtete berichteten meldete meldeten kündigte kündigten trat traten lief
    liefen fand fanden begann begannen endete endeten kam kamen gab gaben ging gingen stieg
    stiegen sank sanken fiel fielen lag lagen starb starben wählte wählten stimmte stimmten
    beschloss unterzeichnete unterzeichneten einigte einigten verabschiedete sprach sprachen
    traf trafen reiste besuchte empfing forderte forderten warnte betonte bestätigte hieß zeigte
    ließ blieb blieben stand standen nahm nahmen brachte wusste konnte konnten musste mussten
    durfte wollte wollten galt hielt sah vergangene vergangenen vergangener vergangenes letzte
    letzten letzter letztes vorige vorigen voriger"""
)
# Ends of preterites in separable and prefixed verbs ("innehatte", "stattfand", "vorstellte").
_PAST_ENDINGS_DE = tuple(
    word_set(
        """hatte hatten wurde wurden fand fanden nahm nahmen trat traten kam kamen gab gaben ging
        gingen stand standen hielt hielten sagte sagten stellte stellten legte legten setzte
        setzten führte führten machte machten teilte teilten kündigte kündigten zeigte zeigten"""
    )
)
_FUTURE_EN = word_set(
    """will shall scheduled slated expected planned plans plan upcoming forthcoming next
    coming tomorrow"""
)
_PAST_EN = word_set("was were had did last previous ago yesterday")
# Irregular past forms; like "-ed" forms they are participles after "be", "will", "to".
_PAST_FORMS_EN = word_set(
    """said told took began came went made gave held met won lost fell rose grew left sent
    spent saw knew thought brought bought paid led ran struck sold found became broke chose drew
    drove flew got kept meant spoke stood taught threw wrote fled fought built felt heard sank
    withdrew"""
)
# "set to", "due to", "going to": a plan.
_BEFORE_TO = word_set("set due going poised about")
# Words in "-ed" that are no past tense.
_NOT_PAST_ED = word_set("hundred kindred sacred naked wicked beloved red bed shed wed fed")
# A past form is a participle after one of these ("will be held", "must be paid").
_NOT_PAST_EN = word_set(
    "be been being is are am will would must to can could should may might shall get gets 're"
)
# German perfect: an auxiliary and a participle in the same clause ("ist in Kraft getreten").
_AUX_DE = word_set("hat haben hast habe ist sind bin bist")
_NOT_PARTICIPLE_DE = word_set(
    "gegen genug gerade gemeinsam gern gestern geben gehen gelten gewinnen gestalten geplant"
)
_SEPARABLE_PREFIXES = tuple(
    word_set(
        """ab an auf aus bei ein fest mit nach vor weg zu zurück zusammen statt teil dar her hin
        los um durch über bekannt frei"""
    )
)
_INSEPARABLE_PREFIXES = ("be", "ver", "er", "ent", "zer", "emp", "miss")
_SEPARATORS_DE = word_set("dass weil aber nachdem bevor wenn sodass während obwohl")
_SEPARATORS_EN = word_set("that which because but after before when while although whereas")

_WORD = re.compile(r"[^\W\d_]+(?:['’][a-z]+)?|[,;:()\u2013\u2014]")
# German cues and separators are written in lower case (nouns are not): only those words and
# the sentence's first word are read, which halves the work.
_WORD_DE = re.compile(r"(?<![^\W\d_])[a-zäöüß]+(?![^\W\d_])|[,;:()\u2013\u2014]")
_FIRST_WORD = re.compile(r"[\W\d_]*([^\W\d_]+)")
_PUNCTUATION = frozenset(",;:()\u2013\u2014")
# Just before the date: a deadline or start points forward, "seit"/"since" backward.
_BOUND_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<forward>bis|ab|spätestens|frühestens|by|until|till|from|starting|beginning|"
    r"effective|as\s+of|no\s+later\s+than)|(?P<back>seit|since))"
    r"(?:\s+(?:zum|zur|dem|den|spätestens|the))?\s+$",
    re.IGNORECASE,
)

_RANGE_OPENED = re.compile(r"(?<!\w)(?:vom|von|from|zwischen|between)\s+[^,;]*\d[^,;]*$", re.I)


class TenseCues:
    """The tense cues and clause boundaries of one sentence, found once on first use."""

    __slots__ = ("_breaks", "_cues", "_lang", "_text")

    def __init__(self, text: str, lang: str):
        self._text, self._lang = text, lang
        self._cues: list[tuple[int, int]] | None = None
        self._breaks: list[int] = []

    def direction(self, start: int, end: int) -> int:
        """+1, -1 or 0 for the date at ``start:end`` of the sentence."""
        if self._cues is None:
            self._scan()
        cues = self._cues or []
        low, high = self._clause(start, end)
        inside = [(self._distance(p, start, end), d) for p, d in cues if low <= p < high]
        nearest = min(inside) if inside else None
        bound = _BOUND_BEFORE.search(self._text, max(0, start - 30), start)
        if bound and _RANGE_OPENED.search(self._text, max(0, bound.start() - 30), bound.start()):
            bound = None  # "vom 2. Juli bis 13. August": "bis" closes a range, sets no deadline
        if bound and bound.group("back") or nearest and nearest[1] < 0:
            return -1
        if bound:
            return 1
        if nearest:
            return nearest[1]
        if cues:
            return min((self._distance(p, start, end), d) for p, d in cues)[1]
        return 0

    @staticmethod
    def _distance(pos: int, start: int, end: int) -> int:
        # Doubled so that on a tie the cue after the date wins ("Am Freitag wird ...").
        return 2 * (start - pos) if pos < start else 2 * (pos - end) - 1

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._breaks, start)
        low = self._breaks[k - 1] if k else 0
        j = bisect.bisect_left(self._breaks, end)
        high = self._breaks[j] if j < len(self._breaks) else len(self._text)
        return low, high

    def _scan(self) -> None:
        text = self._text
        if self._lang == "de":
            tokens = [(m.start(), m.group()) for m in _WORD_DE.finditer(text)]
            first = _FIRST_WORD.match(text)
            if first and first.group(1)[0].isupper():
                tokens.insert(0, (first.start(1), first.group(1).lower()))
            self._cues, self._breaks = _scan_de(tokens)
        else:
            tokens = [(m.start(), m.group()) for m in _WORD.finditer(text)]
            self._cues, self._breaks = _scan_en(tokens)


def _scan_en(tokens: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], list[int]]:
    """(cues as (position, direction), clause breaks) of an English sentence."""
    cues: list[tuple[int, int]] = []
    breaks: list[int] = []
    previous = ""
    for i, (pos, word) in enumerate(tokens):
        lower = word.lower()
        if lower in _PUNCTUATION or lower in _SEPARATORS_EN:
            breaks.append(pos)
        elif (
            lower in _FUTURE_EN
            or lower.endswith(("'ll", "’ll"))
            or (lower in _BEFORE_TO and i + 1 < len(tokens) and tokens[i + 1][1].lower() == "to")
        ):
            cues.append((pos, 1))
        elif lower in _PAST_EN or (
            (lower in _PAST_FORMS_EN or _past_ed(word, lower, i)) and previous not in _NOT_PAST_EN
        ):
            cues.append((pos, -1))
        previous = lower
    return cues, breaks


def _scan_de(tokens: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Cues and clause breaks among lower-case words (no nouns: "der Stand" is no "stand")."""
    cues: list[tuple[int, int]] = []
    breaks: list[int] = []
    aux_at = -1
    modal = -1  # index in ``cues`` of the clause's future cue, if any
    previous = ""
    for i, (pos, word) in enumerate(tokens):
        if word in _PUNCTUATION or word in _SEPARATORS_DE:
            breaks.append(pos)
            aux_at, modal, previous = -1, -1, ""
            continue
        if word in _FUTURE_DE:
            modal = len(cues)
            cues.append((pos, 1))
        elif word in _PAST_DE or (i > 0 and _preterite_de(word)):
            cues.append((pos, -1))
        elif word in ("haben", "sein") and _participle_de(previous, inseparable=True):
            # "soll sich am Samstag ereignet haben": a perfect infinitive reports the past.
            if modal >= 0:
                cues[modal] = (cues[modal][0], -1)
            cues.append((pos, -1))
        elif word in _AUX_DE:
            aux_at = pos
        elif aux_at >= 0 and _participle_de(word):
            cues.append((pos, -1))
        previous = word
    return cues, breaks


def _past_ed(word: str, lower: str, index: int) -> bool:
    """A past tense in "-ed" ("voted", "expired"); names inside the sentence ("United") are not."""
    if not lower.endswith("ed") or len(lower) < 4 or lower.endswith("eed"):
        return False
    return (index == 0 or word[0].islower()) and lower not in _NOT_PAST_ED


def _preterite_de(word: str) -> bool:
    """Preterites such as "informierte", "meldeten", "innehatte" (not "geeignete")."""
    if word.endswith(("ierte", "ierten")) and len(word) > 7 or word.endswith(_PAST_ENDINGS_DE):
        return True
    return word.endswith(("ete", "eten")) and not word.startswith("ge") and len(word) > 5


def _participle_de(word: str, inseparable: bool = False) -> bool:
    """ "getreten", "abgeschwächt", "informiert"; with ``inseparable`` also "ereignet"."""
    if len(word) < 6 or not word.endswith(("t", "en")) or word in _NOT_PARTICIPLE_DE:
        return False
    if word.startswith("ge") or word.endswith("iert"):
        return True
    if word.startswith(_SEPARABLE_PREFIXES) and "ge" in word[2:-2]:
        return True
    return inseparable and word.startswith(_INSEPARABLE_PREFIXES) and word.endswith("t")
