"""The review queue page: filters, sorting, links into the workspace, and the export button."""

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from annotations.models import ReviewState, Verdict
from annotations.selectors.articles import list_articles
from annotations.selectors.queue import list_review_queue
from annotations.services.errors import InvalidInput

from .filter_choices import assignable_members, assignee_choices
from .presenters import score_band
from .reveal import reveal_text
from .strings import JS_STRINGS

PER_PAGE = 50
EXPORT_FORMATS = [
    ("csv", "CSV"),
    ("json", "JSON"),
    ("jsonl", "JSON Lines"),
    ("claimreview", "ClaimReview (JSON-LD)"),
    ("webannotation", "W3C Web Annotation (JSON-LD)"),
]
ORDERINGS = [
    ("article", _("Article, then reading order")),
    ("-checkworthiness", _("Most check-worthy first")),
    ("-updated_at", _("Recently changed first")),
    ("updated_at", _("Oldest change first")),
    ("review_state", _("Review state")),
]
FILTER_NAMES = ("article", "verdict", "review_state", "assignee", "checkworthy", "ordering")


class QueueFilterForm(forms.Form):
    """The query string of the page; the same names the API and its exports take."""

    article = forms.TypedChoiceField(label=_("Article"), required=False, coerce=int)
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("Any")), *Verdict.choices, ("none", _("no verdict yet"))],
    )
    review_state = forms.ChoiceField(
        label=_("Review state"), required=False, choices=[("", _("Any")), *ReviewState.choices]
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    checkworthy = forms.ChoiceField(
        label=_("Check-worthy"),
        required=False,
        choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))],
    )
    ordering = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDERINGS)

    def __init__(self, *args: Any, articles: list, members: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["article"]).choices = [
            ("", _("All articles")),
            *articles,
        ]
        cast(forms.ChoiceField, self.fields["assignee"]).choices = assignee_choices(members)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    titles = list_articles(user=request.user).values_list("pk", "title")
    # An <option> holds only text: odd characters are written out there (⟨U+0430⟩).
    articles = [(pk, reveal_text(title[:80])) for pk, title in titles]
    form = QueueFilterForm(
        request.GET or None, articles=articles, members=assignable_members(request)
    )
    page = None
    error = ""
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        checkworthy = {"true": True, "false": False}.get(data.get("checkworthy") or "")
        try:
            queue = list_review_queue(
                user=request.user,
                article=data.get("article") or None,
                verdict=data.get("verdict") or None,
                review_state=data.get("review_state") or None,
                assignee=data.get("assignee") or None,
                checkworthy=checkworthy,
                ordering=data.get("ordering") or None,
            )
            page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
        except InvalidInput as exc:
            error = exc.message
    if page is not None:
        sentence: Any  # decorated for the template
        for sentence in page.object_list:
            tag = sentence.pretag
            sentence.band = score_band(tag.checkworthiness) if tag and tag.claim else ""
            annotation = getattr(sentence, "annotation", None)
            sentence.verdict = annotation.verdict if annotation else ""
            sentence.review_state = annotation.review_state if annotation else ""
    filters = [(name, request.GET[name]) for name in FILTER_NAMES if request.GET.get(name)]
    query = urlencode(filters)
    context = {
        "form": form,
        "page": page,
        "error": error,
        "filters": filters,
        "query": query,
        "formats": EXPORT_FORMATS,
        "js_strings": JS_STRINGS,
        # What queue.js writes into a row a colleague changed.
        "queue_labels": {
            "verdict": dict(Verdict.choices),
            "review_state": dict(ReviewState.choices),
        },
    }
    return render(request, "web/queue.html", context, status=400 if form.errors else 200)
