"""Django admin for every model; the desk's work is read-only here.

Verdicts, their evidence, revisions, jobs, sentences and pre-tags change only through the
workbench's services, which record a revision, bump the version open pages compare against and
enforce the four-eyes review; an admin form would do none of that. Newsrooms, memberships and
article metadata stay editable: they are set up here.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Annotation,
    Article,
    Evidence,
    Job,
    Membership,
    Newsroom,
    Revision,
    Sentence,
    SentenceTag,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Newsroom)
class NewsroomAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "date_format", "number_format", "created_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "newsroom", "role"]
    list_filter = ["role", "newsroom"]
    autocomplete_fields = ["user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "newsroom", "language", "published_at", "version", "created_at"]
    list_filter = ["newsroom", "language"]
    search_fields = ["title"]
    readonly_fields = ["text", "text_hash", "version", "imported_by", "created_at", "updated_at"]


@admin.register(Sentence)
class SentenceAdmin(ReadOnlyAdmin):
    list_display = ["article", "ordinal", "paragraph", "heading", "text"]
    list_filter = ["heading"]
    list_select_related = ["article"]


@admin.register(SentenceTag)
class SentenceTagAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "tagger_version", "checkworthiness", "claim"]
    list_filter = ["tagger_version", "claim"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "verdict", "review_state", "updated_by", "updated_at"]
    list_filter = ["verdict", "review_state"]
    readonly_fields = ["version", "created_by", "updated_by", "reviewed_by", "created_at"]
    inlines = [EvidenceInline]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "action", "actor", "version", "created_at"]
    list_filter = ["action"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "state", "progress", "attempts", "article", "created_at"]
    list_filter = ["kind", "state"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["annotation", "position", "url", "stance"]
    list_filter = ["stance"]
