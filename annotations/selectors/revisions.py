"""The audit trail of a sentence: every change to its verdict, review state and assignee."""

from django.db.models import Q, QuerySet

from annotations.models import Revision, Sentence


def list_revisions(*, sentence: Sentence) -> QuerySet[Revision]:
    """Revisions of a sentence the caller was allowed to load, oldest first, with their actor,
    and those of its verdict from before a new article version moved it here.

    One query. Revisions are never edited (``Revision.save`` refuses an update), so this is the
    complete history.
    """
    return (
        Revision.objects.filter(Q(sentence=sentence) | Q(annotation__sentence=sentence))
        .select_related("actor")
        .order_by("created_at", "pk")
    )
