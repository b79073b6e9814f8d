"""Reading a sentence's "checked before" matches with what each one points at."""

from django.db.models import QuerySet

from annotations.models import SentenceMatch


def list_matches(*, sentence_id: int) -> list[SentenceMatch]:
    """The sentence's matches in rank order, each with its verdict (and that verdict's sentence
    and article) or its fact-check: one query, whatever their number. The caller has already
    proved the sentence is the user's to see (``get_sentence``)."""
    return list(_with_targets(SentenceMatch.objects.filter(sentence_id=sentence_id)))


def _with_targets(matches: QuerySet[SentenceMatch]) -> QuerySet[SentenceMatch]:
    return (
        matches.select_related("annotation__sentence__article", "fact_check")
        .defer("annotation__sentence__article__text")
        .order_by("rank", "id")
    )
