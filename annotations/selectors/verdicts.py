"""Reading one sentence's verdict with everything its API shape shows."""

from django.db.models import Prefetch

from annotations.models import Annotation, Evidence, Sentence


def get_annotation(*, sentence: Sentence) -> Annotation | None:
    """The verdict with its authors and evidence (in order), in two queries; None if none yet."""
    return (
        Annotation.objects.filter(sentence=sentence)
        .select_related("created_by", "updated_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("position")))
        .first()
    )
