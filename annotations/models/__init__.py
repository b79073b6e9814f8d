"""The data shape and its invariants; no workflow lives here (see ``services``)."""

from .annotation import (
    REVIEW_STATE_VALUES,
    STANCE_VALUES,
    VERDICT_VALUES,
    AnchorState,
    Annotation,
    Evidence,
    ExcerptMatch,
    ImmutableRevisionError,
    LinkStatus,
    ReviewState,
    Revision,
    RevisionAction,
    Stance,
    Verdict,
)
from .article import Article, ArticleVersion, Language, Sentence, SentenceTag
from .attribution import AttributionCheck, AttributionResult, SourceType
from .comment import Comment, CommentAction, CommentRevision
from .factcheck import FactCheckSource, ReferenceFactCheck, SentenceMatch
from .idempotency import IdempotentRequest
from .job import Job, JobKind, JobState
from .newsroom import ROLE_RANK, DateStyle, Membership, Newsroom, NumberStyle, Role
from .notification import Notification, NotificationKind
from .outcome import (
    CorrectedField,
    CorrectionOrigin,
    Dismissal,
    DismissalReason,
    OutcomeAction,
    PretagCorrection,
)
from .snapshot import EvidenceSnapshot
from .webhook import (
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
    WebhookReadiness,
)

__all__ = [
    "REVIEW_STATE_VALUES",
    "ROLE_RANK",
    "STANCE_VALUES",
    "VERDICT_VALUES",
    "DateStyle",
    "NumberStyle",
    "AnchorState",
    "Annotation",
    "Article",
    "AttributionCheck",
    "AttributionResult",
    "ArticleVersion",
    "DeliveryState",
    "Comment",
    "CorrectedField",
    "CorrectionOrigin",
    "CommentAction",
    "CommentRevision",
    "Dismissal",
    "DismissalReason",
    "Evidence",
    "EvidenceSnapshot",
    "ExcerptMatch",
    "FactCheckSource",
    "IdempotentRequest",
    "ImmutableRevisionError",
    "Job",
    "JobKind",
    "JobState",
    "Language",
    "LinkStatus",
    "Membership",
    "Newsroom",
    "Notification",
    "NotificationKind",
    "OutcomeAction",
    "PretagCorrection",
    "ReferenceFactCheck",
    "ReviewState",
    "Revision",
    "RevisionAction",
    "Role",
    "Sentence",
    "SentenceMatch",
    "SentenceTag",
    "SourceType",
    "Stance",
    "Verdict",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookReadiness",
]
