"""Query filters for article lists."""

from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django_filters import rest_framework as filters

from annotations.models import Article, Language


class IdFilter(filters.NumberFilter):
    """Whole numbers only, within a 64-bit column."""

    field_class = forms.IntegerField


PROGRESS_CHOICES = [
    ("open", "no verdict yet"),
    ("in_progress", "some sentences have a verdict"),
    ("done", "every sentence has a verdict"),
]


class ArticleFilter(filters.FilterSet):
    """``language``, ``progress`` (open / in_progress / done), title search ``q``, ``newsroom``.

    ``progress`` relies on the ``sentence_count`` and ``annotated_count`` annotations that the
    article list adds.
    """

    language = filters.ChoiceFilter(choices=Language.choices)
    progress = filters.ChoiceFilter(choices=PROGRESS_CHOICES, method="filter_progress")
    q = filters.CharFilter(method="filter_title", max_length=200, label="Title contains")
    newsroom = IdFilter(field_name="newsroom_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Article
        fields = ["language", "progress", "q", "newsroom"]

    def filter_progress(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet:
        if value == "open":
            return queryset.filter(annotated_count=0)
        if value == "in_progress":
            return queryset.filter(annotated_count__gt=0, annotated_count__lt=F("sentence_count"))
        return queryset.filter(sentence_count__gt=0, annotated_count__gte=F("sentence_count"))

    def filter_title(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value)) if value else queryset
