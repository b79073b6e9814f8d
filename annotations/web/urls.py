"""The editor pages."""

from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from .auth import LoginView
from .health import healthz
from .home import home
from .imports import import_page
from .inbox import inbox, mark_all_notifications_read, mark_notification_read, open_notification
from .newsroom_formats import newsroom_formats
from .queue import review_queue
from .readiness import article_readiness
from .search import search_page
from .stats import stats_csv, stats_page
from .versions import new_version
from .webhooks import webhook_log, webhook_redeliver, webhook_test, webhook_toggle, webhooks_page
from .workspace import article_body, workspace

app_name = "web"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Resolved per request: the static manifest may not exist yet when URLs are imported.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home, name="home"),
    path("import/", import_page, name="import"),
    path("articles/<int:article_id>/", workspace, name="workspace"),
    path("articles/<int:article_id>/body/", article_body, name="article-body"),
    path("articles/<int:article_id>/readiness/", article_readiness, name="article-readiness"),
    path("articles/<int:article_id>/versions/new/", new_version, name="new-version"),
    path("queue/", review_queue, name="queue"),
    path("newsrooms/<int:newsroom_id>/formats/", newsroom_formats, name="newsroom-formats"),
    path("search/", search_page, name="search"),
    path("webhooks/", webhooks_page, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhook_log, name="webhook-log"),
    path("webhooks/<int:endpoint_id>/test/", webhook_test, name="webhook-test"),
    path("webhooks/<int:endpoint_id>/toggle/", webhook_toggle, name="webhook-toggle"),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<uuid:delivery_id>/redeliver/",
        webhook_redeliver,
        name="webhook-redeliver",
    ),
    path("inbox/", inbox, name="inbox"),
    path("inbox/read-all/", mark_all_notifications_read, name="inbox-read-all"),
    path("inbox/<int:notification_id>/", open_notification, name="inbox-open"),
    path("inbox/<int:notification_id>/read/", mark_notification_read, name="inbox-read"),
    path("stats/", stats_page, name="stats"),
    path("stats/<slug:key>.csv", stats_csv, name="stats-csv"),
    path("i18n/", include("django.conf.urls.i18n")),
]
