"""The desk's verdicts, their evidence, and the immutable trail of every change."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Sentence


class Verdict(models.TextChoices):
    VERIFIED = "verified", _("verified")
    DISPUTED = "disputed", _("disputed")
    UNVERIFIED = "unverified", _("unverified")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


# The values as sets, for the checks on every save and every rendered sentence: a TextChoices
# class's ``.values`` walks the enumeration each time it is read.
VERDICT_VALUES = frozenset(Verdict.values)
REVIEW_STATE_VALUES = frozenset(ReviewState.values)


class AnchorState(models.TextChoices):
    """Where an annotation stands after its article got a new version."""

    KEPT = "kept", _("kept")  # on a sentence with the very same text
    CHANGED = "changed", _("changed")  # on a sentence whose text differs: to be re-checked
    ORPHANED = "orphaned", _("orphaned")  # no sentence matched; left on the old version
    CLOSED = "closed", _("closed")  # an orphan the desk looked at and let go


class Annotation(models.Model):
    """The verdict on one sentence. ``version`` grows with every change (optimistic locking).

    A new article version moves the annotation to the sentence it re-anchors to; ``anchor_*``
    say how it got there, ``previous_text`` what the sentence said before (kept for a diff),
    and ``needs_recheck`` stays true until an editor saves the verdict on the new text.
    """

    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="annotation")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    review_state = models.CharField(
        max_length=24, choices=ReviewState.choices, default=ReviewState.DRAFT, db_index=True
    )
    review_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    anchor_state = models.CharField(
        max_length=16, choices=AnchorState.choices, default=AnchorState.KEPT, db_index=True
    )
    anchor_score = models.FloatField(default=1.0)
    anchor_method = models.CharField(max_length=32, blank=True)
    previous_text = models.TextField(blank=True)
    needs_recheck = models.BooleanField(default=False)
    # Not columns: the verdict services set them on the instance they return.
    saved_evidence: "list[Evidence]"
    new_evidence_ids: list[int]

    def __str__(self) -> str:
        return f"{self.verdict} ({self.review_state}) on sentence {self.sentence_id}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    REFUTES = "refutes", _("refutes")
    CONTEXT = "context", _("context")


STANCE_VALUES = frozenset(Stance.values)


class LinkStatus(models.TextChoices):
    """What the last link check found: the fetcher's statuses, and the two states before one."""

    UNCHECKED = "unchecked", _("not checked")
    CHECKING = "checking", _("checking")
    OK = "ok", _("ok")
    REDIRECTED = "redirected", _("redirected")
    NOT_FOUND = "not_found", _("not found")
    GONE = "gone", _("gone")
    ERROR = "error", _("error")
    TIMEOUT = "timeout", _("timed out")
    TOO_LARGE = "too_large", _("too large")
    BLOCKED = "blocked", _("blocked")
    UNSUPPORTED = "unsupported", _("unsupported")


class ExcerptMatch(models.TextChoices):
    VERBATIM = "verbatim", _("verbatim")
    APPROXIMATE = "approximate", _("approximate")
    NOT_FOUND = "not_found", _("not found")


class Evidence(models.Model):
    """A source for a verdict, and what the last check of its link found.

    ``link_first_ok_at`` and ``link_broken_since`` keep the link's history ("ok on 3 May, 404
    since 10 June"): the first time it was reachable, and since when it has not been (empty
    while it is). ``link_queued_at`` is when the latest check was queued, so a check that never
    ran is queued again. ``snapshot_at`` is when the latest snapshot of the page was taken.
    """

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveIntegerField(default=0)
    url = models.URLField(max_length=2048)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    excerpt = models.TextField(blank=True)
    stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.SUPPORTS)
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    link_final_url = models.CharField(max_length=2048, blank=True)
    link_error = models.CharField(max_length=300, blank=True)
    link_queued_at = models.DateTimeField(null=True, blank=True)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_first_ok_at = models.DateTimeField(null=True, blank=True)
    link_broken_since = models.DateTimeField(null=True, blank=True)
    excerpt_match = models.CharField(max_length=16, choices=ExcerptMatch.choices, blank=True)
    excerpt_score = models.FloatField(null=True, blank=True)
    # The page's words that matched the excerpt, and those that matched the sentence's quoted
    # words (or, without a quote, the sentence): the attribution's "found on the page".
    excerpt_passage = models.TextField(blank=True)
    quote_match = models.CharField(max_length=16, choices=ExcerptMatch.choices, blank=True)
    quote_score = models.FloatField(null=True, blank=True)
    quote_passage = models.TextField(blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    # When a check first found the page's text different from the snapshot before it.
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["annotation_id", "position", "id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["link_checked_at"])]

    def __str__(self) -> str:
        return self.url


class RevisionAction(models.TextChoices):
    EDIT = "edit", _("edited")
    SUBMIT = "submit", _("submitted")
    APPROVE = "approve", _("approved")
    REQUEST_CHANGES = "request_changes", _("requested changes")
    ASSIGN = "assign", _("assigned")
    REANCHOR = "reanchor", _("moved to a new version")
    ORPHAN = "orphan", _("orphaned by a new version")
    REATTACH = "reattach", _("re-attached")
    CLOSE = "close", _("closed")


class ImmutableRevisionError(Exception):
    pass


class Revision(models.Model):
    """One change to a sentence's verdict, evidence, review state or assignee. Never edited."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="revisions")
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(default=0)
    action = models.CharField(max_length=24, choices=RevisionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["sentence_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} on sentence {self.sentence_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRevisionError("Revisions are history and cannot be changed.")
        super().save(*args, **kwargs)
