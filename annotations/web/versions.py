"""A corrected text for an article: the form, and the page that shows it when it needs fixing."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annotations.models import Role
from annotations.selectors.articles import get_article
from annotations.services.access import role_in, signed_in
from annotations.services.errors import ServiceError
from annotations.services.uploads import read_upload
from annotations.services.versions import import_version

from .strings import JS_STRINGS


class VersionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Corrected text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=gettext_lazy("Paste the whole corrected article, or upload a file below."),
    )
    upload = forms.FileField(
        label=gettext_lazy("…or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.html,.htm"}),
    )
    note = forms.CharField(
        label=gettext_lazy("What was corrected"), max_length=1000, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("upload") and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Paste the corrected text or upload a file."))
        return cleaned


def summary(anchoring: dict[str, int]) -> str:
    """ "12 kept, 2 to re-check, 1 orphaned": what the desk needs to know after an import."""
    return _("%(kept)s kept, %(changed)s to re-check, %(orphaned)s orphaned") % {
        "kept": anchoring.get("kept", 0),
        "changed": anchoring.get("changed", 0),
        "orphaned": anchoring.get("orphaned", 0),
    }


@login_required
def new_version(request: HttpRequest, article_id: int) -> HttpResponse:
    """GET: the form alone; POST: import the corrected text and go back to the workspace."""
    article = get_article(user=request.user, article_id=article_id, with_text=False)
    if article is None:
        raise Http404
    role = role_in(request.user, article.newsroom_id)
    if role is None or not role.at_least(Role.EDITOR):
        raise PermissionDenied(_("A new version needs the editor role."))
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        try:
            text = read_upload(upload, field="upload").text if upload else data["text"]
            result = import_version(
                article=article, text=text, note=data["note"], imported_by=signed_in(request.user)
            )
        except ServiceError as exc:
            field = "upload" if upload and exc.field in ("text", "upload") else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            workspace = reverse("web:workspace", kwargs={"article_id": article.pk})
            if not result.created:
                messages.info(request, _("The text is the current one; nothing changed."))
                return redirect(workspace)
            messages.success(
                request,
                _("Version %(n)s: %(summary)s.")
                % {"n": result.version.number, "summary": summary(result.anchoring)},
            )
            return redirect(workspace)
    status = 400 if form.errors else 200
    context = {"form": form, "article": article, "js_strings": JS_STRINGS}
    return render(request, "web/new_version.html", context, status=status)
