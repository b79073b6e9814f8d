"""The import page: paste or upload an article, then open it while it is pre-tagged."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from annotations.models import Role
from annotations.services.access import require_role, signed_in
from annotations.services.articles import import_article
from annotations.services.errors import ServiceError
from annotations.services.uploads import read_upload

from .access import newsrooms_where
from .forms import ImportForm
from .strings import JS_STRINGS

# Where a service's ``field`` shows up on the form; the rest go to the top of the form.
FIELD_MAP = {
    "text": "text",
    "upload": "upload",
    "title": "title",
    "language": "language",
    "source_url": "source_url",
}


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    newsrooms = newsrooms_where(signed_in(request.user), Role.EDITOR)
    if not newsrooms:
        raise PermissionDenied(_("Importing articles needs the editor role."))
    refused = getattr(request, "refused_body", None)
    if refused:
        return _refused(request, refused, newsrooms)
    form = ImportForm(request.POST or None, request.FILES or None, newsrooms=newsrooms)
    too_large = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        try:
            text = read_upload(upload, field="upload").text if upload else data["text"]
            newsroom = next(n for n in newsrooms if n.pk == data["newsroom"])
            require_role(request.user, newsroom, Role.EDITOR)
            article, _job = import_article(
                newsroom=newsroom,
                title=data["title"],
                text=text,
                language=data["language"] or None,
                source_url=data["source_url"],
                published_at=data["published_at"],
                imported_by=signed_in(request.user),
            )
        except ServiceError as exc:
            field = FIELD_MAP.get(exc.field or "")
            if field == "text" and upload:
                field = "upload"
            form.add_error(field, exc.message)
            too_large = exc.status == 413
        else:
            return redirect("web:workspace", article_id=article.pk)
    status = (413 if too_large else 400) if form.errors else 200
    return render(
        request, "web/import.html", {"form": form, "js_strings": JS_STRINGS}, status=status
    )


def _refused(request: HttpRequest, message: str, newsrooms: list) -> HttpResponse:
    """The request guard refused the body as too large before anything read it: show the form
    again with the small fields it recovered (title, language, …) and the limit."""
    form = ImportForm(request.POST, newsrooms=newsrooms)
    form.full_clean()
    form.errors.clear()
    form.add_error("upload" if getattr(request, "refused_file", False) else "text", message)
    return render(request, "web/import.html", {"form": form, "js_strings": JS_STRINGS}, status=413)
