"""The inbox page: the caller's notifications, following one (marks it read), marking read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations.notices import notification_message, notification_target
from annotations.selectors.notifications import list_notifications
from annotations.services.access import signed_in
from annotations.services.errors import NotFound
from annotations.services.notifications import mark_all_read, mark_read

from .mentions import mention_parts
from .strings import JS_STRINGS

PER_PAGE = 50


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        list_notifications(user=signed_in(request.user), unread=unread_only), PER_PAGE
    ).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.message = notification_message(item)  # type: ignore[attr-defined]  # for the template
        mentions = item.comment.mentions if item.comment else []
        item.parts = mention_parts(item.text, mentions)  # type: ignore[attr-defined]  # for the template
    context = {"page": page, "unread_only": unread_only, "js_strings": JS_STRINGS}
    return render(request, "web/inbox.html", context)


@login_required
@require_GET
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
    """Follow a notification to its sentence; following it is reading it."""
    notification = (
        list_notifications(user=signed_in(request.user)).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    mark_read(user=signed_in(request.user), notification_id=notification.pk)
    return redirect(notification_target(notification))


@login_required
@require_POST
def mark_notification_read(request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
    try:
        mark_read(user=signed_in(request.user), notification_id=notification_id)
    except NotFound:
        raise Http404 from None
    return redirect("web:inbox")


@login_required
@require_POST
def mark_all_notifications_read(request: HttpRequest) -> HttpResponseRedirect:
    mark_all_read(user=signed_in(request.user))
    return redirect("web:inbox")
