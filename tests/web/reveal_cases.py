"""A desk whose texts hide a zero-width space and a Cyrillic "а" in "paypal", beside plain ones:
for the pages that show orphans, the inbox, the queue's filter, version notes, "checked before",
the conflict panel and the attribution check (tests/web, tests/browser)."""

from dataclasses import dataclass

from annotations.models import Article, ReferenceFactCheck, Sentence, SentenceMatch
from annotations.services.articles import import_article
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.comments import add_comment
from annotations.services.factchecks import import_fact_checks
from annotations.services.review import request_changes, submit
from annotations.services.verdicts import EvidenceInput, set_verdict
from annotations.services.versions import import_version

ODD = "p\u0430ypal"  # the second letter is Cyrillic
HIDDEN = "Ze\u200bitung"  # a zero-width space after "Ze"
ODD_SHOWN = "p⟨U+0430⟩ypal"
HIDDEN_SHOWN = "Ze⟨U+200B⟩itung"
ODD_TITLE = f"Bericht der {ODD} Bank"
PLAIN_TITLE = "Größere Übergänge in München"
ODD_RATIONALE = f"Laut {ODD} und {HIDDEN} falsch."
PLAIN_RATIONALE = "Laut Ministerium richtig."
ODD_EVIDENCE = f"Meldung von {ODD}"
PLAIN_EVIDENCE = "Amtliche Zahlen"
ODD_NOTE = f"Korrektur der {HIDDEN} und {ODD}"
ODD_COMMENT = f"Quelle {ODD} in der {HIDDEN} prüfen."
PLAIN_COMMENT = "@editor bitte die Zahl prüfen."

FIRST = "Die Regierung hat am Montag neue Zahlen vorgelegt."
SECOND = "Die Opposition kritisierte die Berechnung scharf."
THIRD = "Sie verlangt eine unabhängige Prüfung bis Ende Juni."
TEXT = f"{FIRST}\n\n{SECOND}\n\n{THIRD}\n"
CORRECTED = f"{THIRD}\n\nDer Minister widersprach am Dienstag.\n"
PLAIN_TEXT = "Der Minister sagte am Montag, die Zahl der Anträge sei deutlich gestiegen.\n"


@dataclass
class RevealDesk:
    odd: Article  # two verdicts orphaned by a new version with an odd note
    plain: Article
    plain_sentence: Sentence  # with an odd and a plain "checked before" and attribution check


def _sentence(article: Article, text: str) -> Sentence:
    return article.sentences.get(text=text, version__number=article.version)


def build_reveal_desk(newsroom, editor, reviewer) -> RevealDesk:
    odd, _job = import_article(
        newsroom=newsroom, title=ODD_TITLE, text=TEXT, language="de", imported_by=editor
    )
    plain, _job = import_article(
        newsroom=newsroom, title=PLAIN_TITLE, text=PLAIN_TEXT, language="de", imported_by=editor
    )
    for text, rationale, title in ((FIRST, ODD_RATIONALE, ODD_EVIDENCE),
                                   (SECOND, PLAIN_RATIONALE, PLAIN_EVIDENCE)):  # fmt: skip
        set_verdict(
            sentence=_sentence(odd, text),
            editor=editor,
            verdict="disputed",
            rationale=rationale,
            evidence=[EvidenceInput(url="https://example.org/a", title=title)],
            expected_version=0,
        )
    first = _sentence(odd, FIRST)
    submit(sentence=first, editor=editor)
    request_changes(sentence=first, reviewer=reviewer, comment=ODD_COMMENT)
    plain_sentence = plain.sentences.filter(heading=False).get()
    add_comment(author=reviewer, article=plain, sentence=plain_sentence, body=PLAIN_COMMENT)
    import_version(article=odd, text=CORRECTED, imported_by=editor, note=ODD_NOTE)

    set_verdict(
        sentence=plain_sentence,
        editor=editor,
        verdict="disputed",
        rationale=PLAIN_RATIONALE,
        evidence=[EvidenceInput(url="https://example.org/b", title=PLAIN_EVIDENCE)],
        expected_version=0,
    )
    set_attribution_check(
        sentence=plain_sentence,
        editor=editor,
        result="misattributed",
        source="Der Minister",
        rationale=ODD_RATIONALE,
    )
    lines = "\n".join(
        f'{{"vclaim": "{claim}", "vclaim_id": "{key}", "title": "{title}", '
        f'"page_url": "https://checks.example/{key}"}}'
        for key, claim, title in (("odd", ODD_COMMENT, ODD_TITLE), ("plain", THIRD, PLAIN_TITLE))
    )
    import_fact_checks(newsroom=newsroom, raw=lines, name="checks.jsonl")
    SentenceMatch.objects.bulk_create(
        SentenceMatch(sentence=plain_sentence, fact_check=check, score=0.9, similarity=0.9,
                      rank=rank, matcher_version="test")
        for rank, check in enumerate(ReferenceFactCheck.objects.order_by("external_id"), start=1)
    )  # fmt: skip
    return RevealDesk(odd=odd, plain=plain, plain_sentence=plain_sentence)
