"""A newsroom admin's page for the desk's date and number formats."""

import datetime
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annotations.formats import format_date, format_number
from annotations.models import DateStyle, Newsroom, NumberStyle, Role
from annotations.services.access import require_role, signed_in
from annotations.services.errors import Forbidden, NotFound, ServiceError
from annotations.services.newsrooms import set_newsroom_formats

from .strings import JS_STRINGS

SAMPLE_DATE = datetime.date(2024, 11, 30)
SAMPLE_NUMBER = 1234.5


class FormatsForm(forms.Form):
    date_format = forms.ChoiceField(label=gettext_lazy("Dates"), widget=forms.RadioSelect)
    number_format = forms.ChoiceField(label=gettext_lazy("Numbers"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each choice shown as it would look, in the interface language of the moment.
        cast(forms.ChoiceField, self.fields["date_format"]).choices = [
            (
                value,
                format_date(SAMPLE_DATE, value) + (f" ({label})" if value == "language" else ""),
            )
            for value, label in DateStyle.choices
        ]
        cast(forms.ChoiceField, self.fields["number_format"]).choices = [
            (
                value,
                format_number(SAMPLE_NUMBER, value, decimals=1)
                + (f" ({label})" if value == "language" else ""),
            )
            for value, label in NumberStyle.choices
        ]


def _newsroom_or_404(request: HttpRequest, newsroom_id: int) -> Newsroom:
    newsroom = Newsroom.objects.filter(pk=newsroom_id).first()
    if newsroom is None:
        raise Http404
    try:
        require_role(request.user, newsroom, Role.ADMIN)
    except NotFound as exc:  # another newsroom's id: as if it did not exist
        raise Http404 from exc
    except Forbidden as exc:
        raise PermissionDenied(_("Only the newsroom's admins change its formats.")) from exc
    return newsroom


@login_required
def newsroom_formats(request: HttpRequest, newsroom_id: int) -> HttpResponse:
    newsroom = _newsroom_or_404(request, newsroom_id)
    initial = {"date_format": newsroom.date_format, "number_format": newsroom.number_format}
    form = FormatsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_newsroom_formats(newsroom=newsroom, by=signed_in(request.user), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("The formats are saved."))
            return redirect("web:newsroom-formats", newsroom_id=newsroom.pk)
    context = {"newsroom": newsroom, "form": form, "js_strings": JS_STRINGS}
    return render(request, "web/newsroom_formats.html", context, status=400 if form.errors else 200)
