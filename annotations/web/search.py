"""The search results page: the query, the filters, and each hit linked to its sentence.

Hits are shown from the selector's offsets: the text is cut into plain pieces the template
escapes, and only the pieces that are hits are wrapped in <mark>. Stored text is never HTML.
"""

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from annotations.models import ReviewState, Verdict
from annotations.models.article import Language
from annotations.selectors.search import Match, SearchFilters, SearchHit, search
from annotations.services.errors import InvalidInput

from .filter_choices import assignable_members, assignee_choices
from .reveal import reveal
from .strings import JS_STRINGS

PER_PAGE = 20
YES_NO = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
FILTER_NAMES = (
    "q", "language", "date_field", "date_from", "date_to", "verdict", "review_state",
    "assignee", "checkworthy", "needs_recheck", "versions",
)  # fmt: skip


class SearchForm(forms.Form):
    """The query string of the page; the same names ``/api/search/`` takes."""

    # No max_length here: the selector refuses a long query with its own message.
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *Language.choices]
    )
    date_field = forms.ChoiceField(
        label=_("Date"),
        required=False,
        choices=[("published", _("published")), ("imported", _("imported"))],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("Any")), *Verdict.choices, ("none", _("no verdict yet"))],
    )
    review_state = forms.ChoiceField(
        label=_("Review state"), required=False, choices=[("", _("Any")), *ReviewState.choices]
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    checkworthy = forms.ChoiceField(label=_("Check-worthy"), required=False, choices=YES_NO)
    needs_recheck = forms.ChoiceField(label=_("Needs re-check"), required=False, choices=YES_NO)
    versions = forms.ChoiceField(
        label=_("Versions"),
        required=False,
        choices=[("current", _("current texts")), ("all", _("older versions too"))],
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "spellcheck": "false"}
        )
        cast(forms.ChoiceField, self.fields["assignee"]).choices = assignee_choices(members)


def pieces(match: Match) -> list[dict[str, Any]]:
    """The text cut at the hits: [{"text": ..., "hit": bool}], in order, covering it all."""
    out, at = [], 0
    for start, end in match.highlights:
        if start > at:
            out.append({"text": match.text[at:start], "hit": False})
        out.append({"text": match.text[start:end], "hit": True})
        at = end
    if at < len(match.text):
        out.append({"text": match.text[at:], "hit": False})
    return out


def _match(match: Match) -> dict[str, Any]:
    """A hit in one field; rationales, comments and evidence titles are kept as typed and shown
    with their invisible and look-alike characters made visible (sentences are the article's)."""
    if match.field == "sentence":
        return {"field": match.field, "pieces": pieces(match)}
    return {"field": match.field, "shown": reveal(match.text, marks=match.highlights)}


def _row(hit: SearchHit) -> dict[str, Any]:
    sentence = hit.sentence
    current = sentence.version_id == sentence.article.current_version_id
    params: dict[str, Any] = {"sentence": sentence.pk}
    if not current:
        params = {"version": sentence.version.number, **params}
    annotation = getattr(sentence, "annotation", None)
    return {
        "sentence": sentence,
        "article": sentence.article,
        "current": current,
        "version": sentence.version.number,
        "url": f"{reverse('web:workspace', args=[sentence.article_id])}?{urlencode(params)}",
        "annotation": annotation,
        "matches": [_match(m) for m in hit.matches],
    }


def _filters(data: dict[str, Any]) -> SearchFilters:
    flag = {"true": True, "false": False}
    return SearchFilters(
        language=data.get("language") or None,
        date_field=data.get("date_field") or "published",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        verdict=data.get("verdict") or None,
        review_state=data.get("review_state") or None,
        assignee=data.get("assignee") or None,
        checkworthy=flag.get(data.get("checkworthy") or ""),
        needs_recheck=flag.get(data.get("needs_recheck") or ""),
        include_old_versions=data.get("versions") == "all",
    )


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, members=assignable_members(request))
    found, error, status = None, "", 200
    if "q" in request.GET:
        if form.is_valid():
            raw_page = request.GET.get("page", "1")
            try:
                found = search(
                    user=request.user,
                    query=form.cleaned_data["q"],
                    filters=_filters(form.cleaned_data),
                    page=int(raw_page) if raw_page.isdigit() else 0,
                    page_size=PER_PAGE,
                )
            except InvalidInput as exc:
                error, status = exc.message, 400
        else:
            error, status = str(_("Check the search and its filters.")), 400
    filters = [(name, request.GET[name]) for name in FILTER_NAMES if request.GET.get(name)]
    context = {
        "form": form,
        "found": found,
        "rows": [_row(hit) for hit in found.hits] if found else [],
        "error": error,
        "first_number": (found.page - 1) * found.page_size + 1 if found else 1,
        "query": urlencode(filters),
        "js_strings": JS_STRINGS,
    }
    return render(request, "web/search.html", context, status=status)
