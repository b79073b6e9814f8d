"""Evidence items and their page snapshots, as the caller may see them."""

from annotations.models import Evidence, EvidenceSnapshot

from .articles import AnyUser, visible_newsrooms


def get_evidence(*, user: AnyUser, evidence_id: int) -> Evidence | None:
    """An evidence item of the user's newsrooms (with its article), or None."""
    if not user.is_authenticated:
        return None
    return (
        Evidence.objects.filter(
            pk=evidence_id,
            annotation__sentence__article__newsroom_id__in=visible_newsrooms(user),
        )
        .select_related("annotation__sentence__article")
        .first()
    )


def latest_snapshot(*, evidence: Evidence) -> EvidenceSnapshot | None:
    return EvidenceSnapshot.objects.filter(evidence=evidence).order_by("-fetched_at", "-id").first()
