"""What the API accepts (``...In``) and, for the schema, what it returns (``...Out``).

Input serializers validate shape and types only; the services own the rules (URL schemes, sizes,
characters) and their errors name the same fields. Keys a client must not set (ids, authors,
timestamps, review state, version) are simply not declared, so DRF drops them unread. The ``Out``
serializers document the shapes that ``output.py`` builds.
"""

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from annotations.models import (
    ExcerptMatch,
    JobKind,
    JobState,
    Language,
    LinkStatus,
    ReviewState,
    Stance,
    Verdict,
)
from annotations.services.errors import InvalidInput
from annotations.services.text import check_characters

MAX_ID = 2**63 - 1
PER_CHARACTER = (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)


class ServiceCheckedText(serializers.CharField):
    """A string whose characters the service checks (``check_characters``: NUL and other
    control characters, bidi overrides, lone surrogates, in one scan). DRF's own NUL and
    surrogate validators, a Python loop over every character, would only check twice."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.validators = [v for v in self.validators if not isinstance(v, PER_CHARACTER)]


class TextField(ServiceCheckedText):
    """A string checked here, for services that take it as it is."""

    def __init__(self, *, allow_newlines: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.allow_newlines = allow_newlines

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            check_characters(value, field=self.field_name or "", allow_newlines=self.allow_newlines)
        except InvalidInput as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from exc
        return value


def id_field(**kwargs: object) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)  # type: ignore[arg-type]


def cursor_field(answer_key: str) -> serializers.IntegerField:
    """A live feed's optional cursor: what ``answer_key`` said in the last answer."""
    return serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        required=False,
        help_text=f"The {answer_key} of the last answer; leave out on the first poll.",
    )


# --- input ---------------------------------------------------------------------------------------
class TokenIn(serializers.Serializer):
    username = TextField(max_length=150, allow_newlines=False)
    password = TextField(max_length=4096, allow_newlines=False, style={"input_type": "password"})


class ArticleIn(serializers.Serializer):
    title = serializers.CharField(max_length=2000, trim_whitespace=False)
    text = ServiceCheckedText()  # newlines are normalised before the check
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    source_url = serializers.CharField(
        max_length=4096, required=False, allow_blank=True, trim_whitespace=False
    )
    published_at = serializers.DateField(required=False, allow_null=True)
    newsroom = id_field(required=False, allow_null=True)


class ArticleFileIn(serializers.Serializer):
    """Multipart import: a .txt or .html file; the title defaults to the page's or file's name."""

    file = serializers.FileField()
    title = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    source_url = serializers.CharField(max_length=4096, required=False, allow_blank=True)
    published_at = serializers.DateField(required=False, allow_null=True)
    newsroom = id_field(required=False, allow_null=True)


class VersionIn(serializers.Serializer):
    """A corrected text of an article; ``base_version``, when given, must still be current."""

    text = ServiceCheckedText()  # newlines are normalised before the check
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    base_version = id_field(required=False, allow_null=True)


class VersionFileIn(serializers.Serializer):
    """Multipart: the corrected text as a .txt or .html file."""

    file = serializers.FileField()
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    base_version = id_field(required=False, allow_null=True)


class VersionQuery(serializers.Serializer):
    version = id_field(required=False)


class ReattachIn(serializers.Serializer):
    sentence = id_field(help_text="A sentence of the current version without a verdict.")


class CloseOrphanIn(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class EvidenceIn(serializers.Serializer):
    url = ServiceCheckedText(max_length=4096)
    title = ServiceCheckedText(required=False, allow_blank=True, default="", max_length=2000)
    publisher = ServiceCheckedText(required=False, allow_blank=True, default="", max_length=2000)
    excerpt = ServiceCheckedText(required=False, allow_blank=True, default="", max_length=20000)
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.SUPPORTS)


class VerdictIn(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rationale = ServiceCheckedText(required=False, allow_blank=True, default="", max_length=40000)
    # many=True hands max_length to the ListSerializer, which the stubs do not follow.
    evidence = EvidenceIn(many=True, required=False, default=list, max_length=200)  # type: ignore[call-arg]


class CommentIn(serializers.Serializer):
    comment = TextField(max_length=5000)


class MembersQuery(serializers.Serializer):
    newsroom = id_field(required=False)


class AssigneeIn(serializers.Serializer):
    assignee = id_field(allow_null=True)


# --- output (documentation of what output.py returns) ------------------------------------------
class UserRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class MembershipOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The newsroom's id.")
    name = serializers.CharField()
    role = serializers.CharField()


class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    newsrooms = MembershipOut(many=True)


class MemberOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The user's id.")
    username = serializers.CharField()
    role = serializers.CharField()


class TokenOut(serializers.Serializer):
    token = serializers.CharField()


class LinkOut(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=LinkStatus.choices, help_text="unchecked and checking before a check's result."
    )
    http_status = serializers.IntegerField(allow_null=True)
    final_url = serializers.CharField(allow_null=True, help_text="After redirects.")
    checked_at = serializers.DateTimeField(allow_null=True)
    excerpt_match = serializers.ChoiceField(
        choices=ExcerptMatch.choices,
        allow_null=True,
        help_text="Whether the quoted excerpt is on the page; null without excerpt or page text.",
    )
    snapshot_url = serializers.CharField(
        allow_null=True, help_text="The page's text as last checked, served as plain text."
    )
    excerpt_passage = serializers.CharField(
        allow_null=True, help_text="The page's words that matched the excerpt."
    )
    quote_match = serializers.ChoiceField(
        choices=ExcerptMatch.choices,
        allow_null=True,
        help_text="Whether what the sentence attributes to its source is on the page; null when "
        "the sentence attributes nothing or the page has no text.",
    )
    quote_passage = serializers.CharField(
        allow_null=True, help_text="The page's words that matched the attributed words."
    )
    first_ok_at = serializers.DateTimeField(allow_null=True, help_text="First reachable.")
    broken_since = serializers.DateTimeField(allow_null=True, help_text="Unreachable since.")
    changed_at = serializers.DateTimeField(
        allow_null=True, help_text="When a check first found the page's text changed."
    )


class EvidenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    excerpt = serializers.CharField()
    stance = serializers.ChoiceField(choices=Stance.choices)
    published = serializers.DateField(allow_null=True, help_text="The page's date, when found.")
    link = LinkOut()


class AnchorOut(serializers.Serializer):
    state = serializers.ChoiceField(choices=["kept", "changed", "orphaned", "closed"])
    score = serializers.FloatField(help_text="1 for the same text; 0-1 how alike otherwise.")
    method = serializers.CharField(allow_null=True, help_text="exact, context, fuzzy, split, …")
    previous_text = serializers.CharField(
        allow_null=True, help_text="The text the verdict judged, when the sentence changed."
    )


class TextWarningOut(serializers.Serializer):
    field = serializers.CharField(help_text='"rationale", "review_comment", "evidence[0].title", …')
    code = serializers.ChoiceField(choices=["invisible_character", "lookalike_character"])
    message = serializers.CharField()
    positions = serializers.ListField(child=serializers.IntegerField(min_value=1))


class AnnotationOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_null=True)
    rationale = serializers.CharField(allow_blank=True)
    review_state = serializers.ChoiceField(choices=ReviewState.choices, allow_null=True)
    review_comment = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="0 while the sentence has no verdict.")
    etag = serializers.CharField(help_text='"<sentence id>-<version>", as in the ETag header.')
    evidence = EvidenceOut(many=True)
    created_by = UserRefOut(allow_null=True)
    updated_by = UserRefOut(allow_null=True)
    reviewed_by = UserRefOut(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    anchor = AnchorOut(allow_null=True)
    needs_recheck = serializers.BooleanField(
        help_text="A new article version changed the sentence; the verdict waits for a re-check."
    )
    warnings = TextWarningOut(
        many=True,
        required=False,
        help_text="Invisible characters and look-alike letters (a Cyrillic а in a Latin word) "
        "in the rationale, review comment or evidence titles: kept as typed, named here so the "
        "editor sees them.",
    )


class PretagOut(serializers.Serializer):
    tagger_version = serializers.CharField()
    checkworthiness = serializers.FloatField()
    claim = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.JSONField())
    spans = serializers.ListField(child=serializers.JSONField())


class DismissedOut(serializers.Serializer):
    reason = serializers.CharField()
    by = UserRefOut(allow_null=True)
    at = serializers.DateTimeField()


class SentenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.IntegerField()
    version = serializers.IntegerField(allow_null=True, help_text="The article version's number.")
    ordinal = serializers.IntegerField()
    paragraph = serializers.IntegerField()
    heading = serializers.BooleanField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    assignee = UserRefOut(allow_null=True)
    pretag = PretagOut(allow_null=True)
    annotation = AnnotationOut(allow_null=True)
    dismissed = DismissedOut(
        allow_null=True,
        required=False,
        help_text="The editor's dismissal as not a claim (null: none); in article listings.",
    )


class JobOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=JobKind.choices)
    state = serializers.ChoiceField(choices=JobState.choices)
    progress = serializers.FloatField()
    attempts = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    article = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class ArticleOut(serializers.Serializer):
    id = serializers.IntegerField()
    newsroom = serializers.IntegerField()
    title = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices)
    published_at = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    assignee = UserRefOut(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    sentences = serializers.IntegerField(help_text="Sentences without headings.")
    annotated = serializers.IntegerField(help_text="Sentences with a verdict.")
    progress = serializers.FloatField(help_text="annotated / sentences (0 to 1).")


class StatusOut(serializers.Serializer):
    """Counts by verdict and review state; more keys may be added over time."""

    sentences = serializers.IntegerField()
    checkworthy = serializers.IntegerField()
    annotated = serializers.IntegerField()
    open = serializers.IntegerField()
    verdicts = serializers.DictField(child=serializers.IntegerField())
    review_states = serializers.DictField(child=serializers.IntegerField())
    progress = serializers.FloatField()


class ArticleStatusOut(StatusOut):
    pretag_job = serializers.DictField(allow_null=True)


class ArticleDetailOut(ArticleOut):
    text = serializers.CharField()
    text_hash = serializers.CharField()
    status = ArticleStatusOut()


class ArticleCreatedOut(ArticleDetailOut):
    job = JobOut()


class AnchoringOut(serializers.Serializer):
    kept = serializers.IntegerField()
    changed = serializers.IntegerField(help_text="Verdicts carried to a changed sentence.")
    orphaned = serializers.IntegerField(help_text="Verdicts left on the old version.")
    new = serializers.IntegerField(help_text="Sentences the old version did not have.")


class VersionCreatedOut(ArticleDetailOut):
    anchoring = AnchoringOut()
    job = JobOut(allow_null=True, help_text="The new version's pre-tag job; null if unchanged.")


class VersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    current = serializers.BooleanField()
    text_hash = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    created_by = UserRefOut(allow_null=True)
    created_at = serializers.DateTimeField()
    sentences = serializers.IntegerField(allow_null=True)
    anchoring = AnchoringOut(allow_null=True)


class OrphanOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The annotation's id.")
    sentence = serializers.IntegerField(help_text="The old sentence it sits on.")
    version = serializers.IntegerField(help_text="The article version of that sentence.")
    text = serializers.CharField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rationale = serializers.CharField(allow_blank=True)
    review_state = serializers.ChoiceField(choices=ReviewState.choices)
    evidence = EvidenceOut(many=True)
    anchor = AnchorOut()
    updated_by = UserRefOut(allow_null=True)
    updated_at = serializers.DateTimeField()


class NewsroomStatusOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    status = StatusOut()


class OverallStatusOut(serializers.Serializer):
    total = StatusOut()
    newsrooms = NewsroomStatusOut(many=True)


class ErrorOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # The error shape's key; DRF takes declared fields off the class, so this does not
    # replace Serializer.fields at run time.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class StaleErrorOut(ErrorOut):
    current = AnnotationOut()
