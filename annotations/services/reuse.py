"""Reusing an earlier check of the same claim as the starting point of a sentence's verdict.

From a match on the desk's own verdict, the verdict, rationale and evidence are copied; from a
match on a reference fact-check, its rating becomes the verdict (``verdict_of_rating``), its
headline and rating the rationale, and its page the evidence. Either way the result is saved
with ``set_verdict`` like any edit (a draft, under optimistic locking, its links checked), and
one more revision says where it came from (``after["reused_from"]``). It goes through review as
usual: reusing never approves anything.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_noop

from annotations.models import Annotation, RevisionAction, Sentence, SentenceMatch, Stance, Verdict

from .errors import InvalidInput, NotFound
from .revisions import record, snapshot
from .verdicts import EvidenceInput, set_verdict

_DISPUTED = (
    "false", "fake", "falsch", "wrong", "incorrect", "misleading", "irreführend", "not true",
    "untrue", "pants on fire", "unwahr", "erfunden", "manipulated", "scam",
)  # fmt: skip
_VERIFIED = ("true", "correct", "richtig", "wahr", "accurate", "stimmt", "mostly true")


def verdict_of_rating(rating: str) -> str:
    """A fact-check's rating as one of the desk's verdicts; "unverified" when it is unclear."""
    words = rating.casefold().strip()
    if any(word in words for word in _DISPUTED):
        return Verdict.DISPUTED
    if any(words == word or words.startswith(word) for word in _VERIFIED):
        return Verdict.VERIFIED
    return Verdict.UNVERIFIED


@transaction.atomic
def reuse_match(
    *, sentence: Sentence, match_id: int, editor: User, expected_version: int
) -> Annotation:
    """Save the matched check as the sentence's (draft) verdict and record where it came from.

    ``expected_version`` is the sentence's verdict version the editor saw (0 while none), so a
    reuse never overwrites a verdict unseen (StaleVersion). Another sentence's match: NotFound.
    """
    match = (
        SentenceMatch.objects.select_related("annotation__sentence", "fact_check")
        .filter(pk=match_id, sentence_id=sentence.pk)
        .first()
    )
    if match is None:
        raise NotFound(gettext_noop("This sentence has no such match."))
    if match.annotation is not None:
        source = match.annotation
        verdict, rationale = source.verdict, source.rationale
        evidence = [
            EvidenceInput(
                url=e.url, title=e.title, publisher=e.publisher, excerpt=e.excerpt, stance=e.stance
            )
            for e in source.evidence.order_by("position", "id")
        ]
        origin = {
            "kind": "verdict",
            "annotation": source.pk,
            "sentence": source.sentence_id,
            "article": source.sentence.article_id,
            "version": source.version,
        }
    else:
        check = match.fact_check
        assert check is not None  # a match names an earlier verdict or a reference fact-check
        verdict = verdict_of_rating(check.rating)
        heading = check.title or check.claim
        rationale = f"{heading}\nRating: {check.rating}" if check.rating else heading
        stance = Stance.REFUTES if verdict == Verdict.DISPUTED else Stance.SUPPORTS
        if verdict == Verdict.UNVERIFIED:
            stance = Stance.CONTEXT
        evidence = [EvidenceInput(url=check.url, title=check.title[:500], stance=stance)]
        evidence = [item for item in evidence if item.url]
        origin = {"kind": "fact_check", "fact_check": check.pk, "url": check.url}
    if not verdict:
        raise InvalidInput(
            gettext_noop("The matched check has no verdict to reuse."), field="match"
        )
    origin.update(match=match.pk, similarity=match.similarity)
    saved = set_verdict(
        sentence=sentence,
        editor=editor,
        verdict=verdict,
        rationale=rationale,
        evidence=evidence,
        expected_version=expected_version,
    )
    state = snapshot(saved, getattr(saved, "saved_evidence", None))
    record(
        action=RevisionAction.EDIT,
        actor=editor,
        before=state,
        after={**state, "reused_from": origin},
        annotation=saved,
    )
    return saved
