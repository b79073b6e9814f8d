"""The text features of the check-worthiness scorer: rule features and hashed word n-grams.

Both are computed from the text alone, the same way in training and at run time, so a weight
means the same thing in both. Social-media placeholders (``@USER``, user mentions, URLs) and
emoji are taken out before the rules run: an upper-case placeholder is not an acronym, and a
mention is not a named person. The n-grams keep them as the tokens ``@user`` and ``<url>``,
since a reply or a link says something about the text, but never as a name.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# Hash space for word n-grams: 2**18 keeps collisions rare for a few hundred thousand distinct
# n-grams while the float16 weight vector stays at 512 KB per language.
HASH_BITS = 18
HASH_DIM = 1 << HASH_BITS

MODEL_LANGUAGES = ("en", "de")
FALLBACK_LANGUAGE = "en"

# Rule features in the order the weight vector expects. Their names are also the reasons shown
# to editors, so they are stable identifiers: renaming one needs a new weights version.
RULE_FEATURES: tuple[str, ...] = (
    "number",
    "statistic",
    "date",
    "attribution",
    "reported speech",
    "named entity",
    "comparative",
    "quote",
    "quote only",
    "link",
    "question",
    "opinion",
    "greeting",
    "modal",
    "first person",
    "second person",
    "exclamation",
    "short",
    "length",
)

# Written without nested repetition: it runs over every sentence, and a pattern like
# ``(?:\.[\w-]+)*`` backtracks at every word of a long one.
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.(?:de|com|org|net|eu)/\S*")
_MENTION_RE = re.compile(r"@\w+")
# Emoji and pictographs (and the joiners and variation selectors that glue them).
_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2190-\u21ff\u2300-\u23ff]+"
)
_WORD_RE = re.compile(r"\w+|[?!\"«»„“”]", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")
_QUOTE_CHARS = "\"'«»„“”‚‘’‹›"
_DOUBLE_QUOTES = frozenset('"«»„“”')
_ANY_QUOTE_RE = re.compile(f"[{_QUOTE_CHARS}]")

_NUMBER_WORDS = {
    "en": r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?"
    r"|dozens?|half|twice|double[sd]?|triple[sd]?|quarter)\b",
    "de": r"\b(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig"
    r"|vierzig|fünfzig|hundert|tausend|mio|mrd|millionen?|milliarden?|billionen?|dutzend|hälfte"
    r"|doppelt|verdoppelt|dreifach|viertel)\w*\b",
}
_STATISTIC = {
    "en": r"%|\bper ?cent\b|\$|€|£|\bdollars?\b|\beuros?\b|\brates?\b|\baverage\b",
    "de": r"%|\bprozent|€|\$|\beuro\b|\bdollar\b|(?:quote|rate)\b|durchschnitt",
}
# Matched with case: "GDP" is a statistic, "Gdp" a typo at best.
_STATISTIC_CASED = {"en": re.compile(r"\bGDP\b"), "de": re.compile(r"\bBIP\b")}
_MONTHS = {
    "en": r"january|february|march|april|may|june|july|august|september|october|november"
    r"|december",
    "de": r"januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november"
    r"|dezember",
}
_DATE = {
    "en": r"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:" + _MONTHS["en"] + r")\b(?!\s+i\b)"
    r"|\b(?:yesterday|last (?:year|month|week|decade)|since \d|ago)\b",
    "de": r"\b(?:1[89]\d\d|20\d\d)(?:er)?\b|\b(?:" + _MONTHS["de"] + r")\b|\b\d{1,2}\.\s?\d{1,2}\."
    r"|\b(?:gestern|vorgestern|kürzlich|vergangene[nrs]? (?:jahr|monat|woche)|letzte[nrs]? "
    r"(?:jahr|monat|woche)|seit \d|vor \w+ (?:jahren|monaten|wochen|tagen))\b",
}
_ATTRIBUTION = {
    "en": r"\b(?:said|says|told|according to|reported|reports|announced|claimed|claims|stated"
    r"|admitted|confirmed|testified|wrote|found that|shows? that|showed that)\b",
    "de": r"\b(?:sagte|sagten|sagt|erklärte|erklärten|erklärt|laut|zufolge|berichtete|berichteten"
    r"|berichtet|betonte|betonten|teilte|teilten|behauptete|behaupteten|bestätigte|bestätigten"
    r"|kündigte|kündigten|warf|werfen|wirft|meldete|meldeten|zitiert|verkündete|räumte|gab an"
    r"|gaben an|hieß es|versicherte|studie|studien)\b",
}
_REPORTED = {
    "en": r"\b(?:(?:said|says|claimed|claims|reported|announced) that)\b",
    "de": r"\b(?:habe|haben sollen|sei|seien|werde|werden solle|hätten|wäre|wären|könne|müsse"
    r"|solle|soll|sollen)\b",
}
_COMPARATIVE = {
    "en": r"\b(?:more|less|fewer|most|least|than|highest|lowest|largest|biggest|smallest"
    r"|increased?|decreased?|doubled|tripled|rose|risen|fell|fallen|grew|grown|cut|record"
    r"|worst|greatest|fastest|slowest|poorest|richest|deadliest|weakest|strongest)\b",
    "de": r"\b(?:mehr|weniger|meisten|wenigsten|höchste\w*|niedrigste\w*|größte\w*|kleinste\w*"
    r"|gestiegen|gesunken|verdoppelt|zugenommen|abgenommen|erhöht|gesenkt|rekord\w*|als je"
    r"|stärkste\w*|schlechteste\w*|schnellste\w*|ärmste\w*|reichste\w*)\b",
}
_OPINION = {
    "en": r"\b(?:i think|i believe|i feel|i hope|in my (?:opinion|view)|i'm (?:sure|convinced)"
    r"|we should|we must|we need|we ought|let me|let's|i want)\b",
    "de": r"\b(?:ich finde|ich glaube|ich denke|ich hoffe|meiner meinung|meines erachtens"
    r"|wir sollten|wir müssen|man sollte|hoffentlich|leider|zum glück|unglaublich|lächerlich"
    r"|peinlich)\b",
}
_GREETING = {
    "en": r"^\W*(?:thank you|thanks|hello|hi|good (?:morning|evening|night|afternoon)|welcome"
    r"|ladies and gentlemen|congratulations)\b",
    "de": r"^\W*(?:danke|vielen dank|hallo|guten (?:morgen|tag|abend)|liebe|herzlich"
    r"|willkommen|moin|servus|grüß)\w*\b",
}
_MODAL = {
    "en": r"\b(?:will|would|should|could|might|must|going to|gonna|wanna)\b",
    "de": r"\b(?:wird|würde|würden|sollte|sollten|könnte|könnten|müsste|müssten|muss|müssen)\b",
}
_FIRST_PERSON = {
    "en": r"\b(?:i|i'm|i've|me|my|we|we're|we've|us|our)\b",
    "de": r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*)\b",
}
_SECOND_PERSON = {
    "en": r"\b(?:you|you're|your|yours)\b",
    "de": r"\b(?:du|dich|dir|dein\w*|ihr|euch|euer\w*)\b",
}
# Named entities without a tagger: acronyms (EU, USA, NATO) everywhere; in English any
# capitalised word after the first; in German (which capitalises every noun) two capitalised
# words in a row, e.g. "Kim Jong Un", "Andrej Beloussow".
_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜ]{2,6}s?\b")
_EN_PROPER_RE = re.compile(r"(?<=[\w,;:] )(?!I\b|I'|Mr\b|Mrs\b|Ms\b)[A-Z][a-z]+")
_DE_PROPER_RE = re.compile(r"(?<=[\w,;:] )[A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+")


def _compile(patterns: dict[str, str]) -> dict[str, re.Pattern[str]]:
    """Patterns for lower-cased text: several times faster than ``re.IGNORECASE``."""
    return {lang: re.compile(p) for lang, p in patterns.items()}


_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "number": _compile(_NUMBER_WORDS),
    "statistic": _compile(_STATISTIC),
    "date": _compile(_DATE),
    "attribution": _compile(_ATTRIBUTION),
    "reported speech": _compile(_REPORTED),
    "comparative": _compile(_COMPARATIVE),
    "opinion": _compile(_OPINION),
    "greeting": _compile(_GREETING),
    "modal": _compile(_MODAL),
    "first person": _compile(_FIRST_PERSON),
    "second person": _compile(_SECOND_PERSON),
}


def model_language(language: str) -> str:
    """The trained model that serves ``language`` (an ISO code such as "de" or "en-GB")."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    return code if code in MODEL_LANGUAGES else FALLBACK_LANGUAGE


def without_placeholders(text: str) -> str:
    """The text with URLs, @-mentions and emoji blanked out (offsets are not kept)."""
    text = _URL_RE.sub(" ", text)
    text = _MENTION_RE.sub(" ", text)
    return _EMOJI_RE.sub(" ", text)


def _quote_coverage(text: str) -> float:
    """Share of the sentence's characters inside quotation marks."""
    if not _ANY_QUOTE_RE.search(text):
        return 0.0
    stripped = text.strip().rstrip(".!?,;:").strip()
    if len(stripped) >= 2 and stripped[0] in _QUOTE_CHARS and stripped[-1] in _QUOTE_CHARS:
        inner = stripped[1:-1]
        # A closing mark followed later by an opening one means two quotes with text between.
        if not any(ch in _QUOTE_CHARS for ch in inner):
            return 1.0
    # Opening and closing marks differ by language („…“, “…”, «…», »…«), so any double
    # quotation mark toggles: balanced quotes come out right in every convention.
    inside, total, quoted = 0, 0, False
    for ch in text:
        if ch in _DOUBLE_QUOTES:
            quoted = not quoted
        elif not ch.isspace():
            total += 1
            inside += quoted
    return inside / total if total else 0.0


def has_named_entity(text: str, language: str, *, clean: str | None = None) -> bool:
    """An acronym or a proper name outside placeholders (``@USER`` is no entity); ``clean`` is
    the text without placeholders when the caller has it already."""
    clean = without_placeholders(text) if clean is None else clean
    if _ACRONYM_RE.search(clean):
        return True
    proper = _DE_PROPER_RE if language == "de" else _EN_PROPER_RE
    return proper.search(clean) is not None


def rule_features(text: str, language: str) -> np.ndarray:
    """Cheap text features in ``RULE_FEATURES`` order; each lies in [0, 1]."""
    lang = model_language(language)
    clean = without_placeholders(text)
    lower = clean.lower()
    values = dict.fromkeys(RULE_FEATURES, 0.0)
    for name, patterns in _PATTERNS.items():
        values[name] = float(patterns[lang].search(lower) is not None)
    if _STATISTIC_CASED[lang].search(clean):
        values["statistic"] = 1.0
    if _DIGIT_RE.search(clean):
        values["number"] = 1.0
    values["named entity"] = float(has_named_entity(text, lang, clean=clean))
    values["link"] = float(_URL_RE.search(text) is not None)
    coverage = _quote_coverage(clean)
    values["quote"] = float(coverage > 0.0)
    values["quote only"] = float(coverage >= 0.85)
    stripped = clean.strip().rstrip(_QUOTE_CHARS + " )")
    values["question"] = float(stripped.endswith("?"))
    values["exclamation"] = float(stripped.endswith("!"))
    n_words = len(_WORD_RE.findall(clean))
    values["short"] = float(n_words < 6)
    values["length"] = min(1.0, math.log1p(n_words) / math.log1p(80))
    return np.fromiter((values[name] for name in RULE_FEATURES), dtype=np.float32)


def rule_matrix(texts: Sequence[str], language: str) -> np.ndarray:
    """``rule_features`` for many texts: an (n, len(RULE_FEATURES)) float32 array."""
    out = np.zeros((len(texts), len(RULE_FEATURES)), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = rule_features(text, language)
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, digits folded ("1,250" and "3,400" share n-grams), URLs as
    ``<url>``, mentions as ``@name``."""
    text = _URL_RE.sub(" urlplaceholder ", text)
    text = _MENTION_RE.sub(lambda m: " mention" + m.group(0)[1:] + " ", text)
    out = []
    for tok in _WORD_RE.findall(text.lower()):
        if tok == "urlplaceholder":
            out.append("<url>")
        elif tok.startswith("mention"):
            out.append("@" + tok[7:])
        else:
            out.append(_DIGIT_RE.sub("0", tok))
    return out


@lru_cache(maxsize=2048)
def ngrams(text: str) -> tuple[str, ...]:
    """The text's word unigrams and bigrams (with sentence-start and -end markers), in order.

    Cached: scoring and explaining a sentence both read them, once per sentence."""
    toks = ["<s>", *tokens(text), "</s>"]
    return (*toks[1:-1], *(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)))


@lru_cache(maxsize=65536)
def hash_ngram(gram: str) -> int:
    """crc32, not ``hash()``: Python salts string hashes per process, the weights need the same
    index in training and at every later run."""
    return zlib.crc32(gram.encode()) & (HASH_DIM - 1)


@lru_cache(maxsize=2048)
def ngram_index(text: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """The text's distinct n-gram indices (into ``HASH_DIM``, sorted) and one n-gram of each.

    Cached like ``ngrams``; the arrays are shared, callers must not write to them."""
    grams = ngrams(text)
    hashes = np.fromiter((hash_ngram(g) for g in grams), dtype=np.int64, count=len(grams))
    index, first = np.unique(hashes, return_index=True)
    return index, tuple(grams[i] for i in first)


def hashed_ngrams(text: str) -> np.ndarray:
    """Indices (into ``HASH_DIM``) of the text's n-grams, deduplicated."""
    return ngram_index(text)[0]
