"""Shapes of the review-queue, export and audit-trail endpoints (``...In`` / ``...Out``)."""

from typing import Any

from rest_framework import serializers

from annotations.exports import FORMATS
from annotations.models import OutcomeAction, RevisionAction
from annotations.selectors.queue import ORDERINGS

from .serializers import SentenceOut, UserRefOut, id_field


class AssigneeFilterField(serializers.CharField):
    """A user id, or "me" for the caller."""

    def to_internal_value(self, data: Any) -> str | int:  # type: ignore[override]  # "me" or an id
        value = super().to_internal_value(data).strip()
        if value == "me":
            return value
        if value.isdigit() and 0 < int(value) < 2**63:
            return int(value)
        raise serializers.ValidationError("Give a user id or 'me'.")

    def run_validators(self, value: str | int) -> None:
        # max_length measures the text: an id is already an int here (len() would raise).
        super().run_validators(str(value))


def verdict_filter_field() -> serializers.CharField:
    """A query parameter naming verdicts, as the queue and the search take it."""
    return serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="verified, disputed, unverified or none; a "
        "comma list matches any of them."
    )  # fmt: skip


def review_state_filter_field() -> serializers.CharField:
    """A query parameter naming review states, as the queue and the search take it."""
    return serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="draft, submitted, approved, "
        "changes_requested or none; a comma list matches any of them."
    )  # fmt: skip


class QueueFilterIn(serializers.Serializer):
    """Query parameters of ``/api/review-queue/`` and its export."""

    article = id_field(required=False)
    verdict = verdict_filter_field()
    review_state = review_state_filter_field()
    assignee = AssigneeFilterField(
        required=False,
        max_length=20,
        help_text="A user id or 'me': the sentence's assignee, or its article's when it has none.",
    )
    checkworthy = serializers.BooleanField(required=False, allow_null=True, default=None)
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False)


class ExportIn(QueueFilterIn):
    format = serializers.ChoiceField(choices=list(FORMATS))
    bom = serializers.BooleanField(
        required=False, default=False, help_text="CSV only: start with a UTF-8 byte order mark."
    )


class QueueItemOut(SentenceOut):
    article_title = serializers.CharField()


class RevisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=RevisionAction.choices + OutcomeAction.choices)
    actor = UserRefOut(allow_null=True)
    version = serializers.IntegerField(help_text="The verdict's version after the change.")
    created_at = serializers.DateTimeField()
    before = serializers.DictField(help_text="What changed, as it was before ({} on creation).")
    after = serializers.DictField(help_text="What changed, as it is after.")
