"""How a notification reads and where it leads: shared by the API, the inbox page and exports."""

from django.urls import reverse
from django.utils.translation import gettext as _

from annotations.models import Notification, NotificationKind


def notification_message(notification: Notification) -> str:
    """One line in the reader's language: "reviewer requested changes on your verdict"."""
    who = notification.actor.get_username() if notification.actor else _("Someone")
    messages = {
        NotificationKind.CHANGES_REQUESTED: _("%(who)s requested changes on your verdict"),
        NotificationKind.APPROVED: _("%(who)s approved your verdict"),
        NotificationKind.ASSIGNED: _("%(who)s assigned this to you"),
        NotificationKind.MENTIONED: _("%(who)s mentioned you"),
        NotificationKind.NEW_VERSION: _("%(who)s imported a new version of an article you work on"),
    }
    return messages.get(NotificationKind(notification.kind), "%(who)s") % {"who": who}


def notification_target(notification: Notification) -> str:
    """The workspace of the article, at the sentence when there is one."""
    url = reverse("web:workspace", args=[notification.article_id])
    if notification.sentence_id is not None:
        url += f"?sentence={notification.sentence_id}"
    return url
