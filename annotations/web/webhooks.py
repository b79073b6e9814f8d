"""The webhooks page for newsroom admins: endpoints, a form to add one (its secret shown once),
each endpoint's delivery log, redelivery and test events. The services decide who may."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from annotations.models import Role, WebhookEndpoint, WebhookEventType
from annotations.selectors.webhooks import (
    get_delivery,
    get_endpoint,
    list_deliveries,
    list_endpoints,
)
from annotations.services.access import signed_in
from annotations.services.errors import ServiceError
from annotations.services.webhooks import (
    EVENT_TYPES,
    create_endpoint,
    redeliver,
    send_test_event,
    update_endpoint,
)

from .access import newsrooms_where

SECRET_KEY = "webhook-secret-once"
LOG_ROWS = 50


class WebhookForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("Receiver URL"), max_length=2048)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(t, f"{t}: {WebhookEventType(t).label}") for t in EVENT_TYPES],
    )
    newsroom = forms.TypedChoiceField(label=gettext_lazy("Newsroom"), coerce=int)

    def __init__(self, *args: object, newsrooms: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own, as given
        cast(forms.ChoiceField, self.fields["newsroom"]).choices = [
            (n.pk, n.name) for n in newsrooms
        ]
        if len(newsrooms) == 1:  # the only choice: no field to fill in
            self.fields["newsroom"].widget = forms.HiddenInput()
            self.fields["newsroom"].required = False


def _admin_newsrooms(request: HttpRequest) -> list:
    newsrooms = newsrooms_where(signed_in(request.user), Role.ADMIN)
    if not newsrooms:
        raise Http404
    return newsrooms


@login_required
def webhooks_page(request: HttpRequest) -> HttpResponse:
    newsrooms = newsrooms_where(signed_in(request.user), Role.ADMIN)
    if not newsrooms:
        return render(request, "web/webhooks.html", {"not_admin": True}, status=403)
    form = WebhookForm(request.POST or None, newsrooms=newsrooms)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next((n for n in newsrooms if n.pk == data["newsroom"]), newsrooms[0])
        try:
            created = create_endpoint(
                newsroom=chosen,
                admin=signed_in(request.user),
                url=data["url"],
                events=data["events"],
                description=data["description"],
            )
        except ServiceError as exc:
            form.add_error("url" if exc.field == "url" else None, exc.message)
        else:
            request.session[SECRET_KEY] = {"id": created.endpoint.pk, "secret": created.secret}
            return redirect("web:webhooks")
    shown = request.session.pop(SECRET_KEY, None)  # the secret, this once
    context = {
        "form": form,
        "endpoints": list(list_endpoints(user=signed_in(request.user))),
        "new_secret": shown,
        "several": len(newsrooms) > 1,
    }
    return render(request, "web/webhooks.html", context, status=400 if form.errors else 200)


@login_required
def webhook_log(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    _admin_newsrooms(request)
    endpoint = get_endpoint(user=signed_in(request.user), endpoint_id=endpoint_id)
    if endpoint is None:
        raise Http404
    deliveries = list(list_deliveries(endpoint=endpoint)[:LOG_ROWS])
    return render(request, "web/webhook_log.html", {"endpoint": endpoint, "deliveries": deliveries})


def _endpoint_or_404(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    endpoint = get_endpoint(user=signed_in(request.user), endpoint_id=endpoint_id)
    if endpoint is None:
        raise Http404
    return endpoint


@login_required
@require_POST
def webhook_test(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, endpoint_id)
    try:
        send_test_event(endpoint=endpoint, admin=signed_in(request.user))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A test event is on its way; its delivery is in the log."))
    return redirect("web:webhook-log", endpoint_id=endpoint.pk)


@login_required
@require_POST
def webhook_toggle(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, endpoint_id)
    try:
        update_endpoint(
            endpoint=endpoint, admin=signed_in(request.user), active=not endpoint.active
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("web:webhook-log", endpoint_id=endpoint.pk)


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, endpoint_id: int, delivery_id: str) -> HttpResponse:
    endpoint = _endpoint_or_404(request, endpoint_id)
    delivery = get_delivery(endpoint=endpoint, delivery_id=str(delivery_id))
    if delivery is None:
        raise Http404
    try:
        redeliver(delivery=delivery, admin=signed_in(request.user))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The event is sent again as a new delivery."))
    return redirect("web:webhook-log", endpoint_id=endpoint.pk)
