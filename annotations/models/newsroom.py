"""Newsrooms (the tenants) and who belongs to them with which role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_factcheck_url(value: str) -> None:
    """An http(s) URL once ``{article}`` and ``{sentence}`` are filled in; no other braces."""
    filled = value.replace("{article}", "1").replace("{sentence}", "1")
    if "{" in filled or "}" in filled:
        raise ValidationError(_("Only {article} and {sentence} may be filled in."))
    URLValidator(schemes=["http", "https"])(filled)


class DateStyle(models.TextChoices):
    """How the desk writes dates, whatever the interface's language (annotations/formats.py)."""

    LANGUAGE = "language", _("as the interface language writes them")
    DMY_NUMERIC = "dmy_numeric", _("30.11.2024")
    D_MON_YYYY = "d_mon_yyyy", _("30 Nov 2024")
    ISO = "iso", _("2024-11-30 (ISO)")
    DMY_SLASH = "dmy_slash", _("30/11/2024")
    MDY_SLASH = "mdy_slash", _("11/30/2024")


class NumberStyle(models.TextChoices):
    LANGUAGE = "language", _("as the interface language writes them")
    DOT_COMMA = "dot_comma", _("1.234,5")
    COMMA_DOT = "comma_dot", _("1,234.5")
    SPACE_COMMA = "space_comma", _("1 234,5")
    PLAIN_DOT = "plain_dot", _("1234.5")


class Newsroom(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    # Where the newsroom publishes its fact-checks, with {article} and {sentence} for the ids,
    # e.g. "https://faktencheck.example/artikel/{article}#satz-{sentence}". ClaimReview's url.
    factcheck_url = models.CharField(
        _("public fact-check URL"),
        max_length=500,
        blank=True,
        validators=[validate_factcheck_url],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    date_format = models.CharField(
        _("date format"), max_length=20, choices=DateStyle.choices, default=DateStyle.LANGUAGE
    )
    number_format = models.CharField(
        _("number format"), max_length=20, choices=NumberStyle.choices, default=NumberStyle.LANGUAGE
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    REVIEWER = "reviewer", _("reviewer")
    ADMIN = "admin", _("admin")

    @property
    def rank(self) -> int:
        return ROLE_RANK[self]

    def at_least(self, other: "Role") -> bool:
        """Each role can do everything the roles below it can."""
        return ROLE_RANK[self] >= ROLE_RANK[Role(other)]


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.REVIEWER: 2, Role.ADMIN: 3}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "newsroom"], name="one_membership_per_newsroom")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.newsroom} ({self.role})"
