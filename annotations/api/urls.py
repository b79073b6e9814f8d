"""Routes under /api/ (namespace ``api``)."""

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from . import (
    account_views,
    article_views,
    attribution_views,
    comment_views,
    correction_views,
    desk_views,
    evidence_views,
    live_views,
    match_views,
    notification_views,
    outcome_views,
    search_views,
    sentence_views,
    stats_views,
    status_views,
    version_views,
    webhook_views,
)
from .converters import IdConverter

register_converter(IdConverter, "id")

app_name = "api"

authenticated = [IsAuthenticated]

urlpatterns = [
    path("auth/token/", account_views.TokenView.as_view(), name="token"),
    path("me/", account_views.MeView.as_view(), name="me"),
    path("members/", account_views.MembersView.as_view(), name="members"),
    path("articles/", article_views.ArticleListView.as_view(), name="articles"),
    path("articles/<id:pk>/", article_views.ArticleDetailView.as_view(), name="article"),
    path(
        "articles/<id:pk>/sentences/",
        article_views.ArticleSentencesView.as_view(),
        name="article-sentences",
    ),
    path(
        "articles/<id:pk>/versions/",
        version_views.ArticleVersionsView.as_view(),
        name="article-versions",
    ),
    path(
        "articles/<id:pk>/orphans/",
        version_views.ArticleOrphansView.as_view(),
        name="article-orphans",
    ),
    path(
        "articles/<id:pk>/orphans/<id:annotation_id>/reattach/",
        version_views.OrphanReattachView.as_view(),
        name="article-orphan-reattach",
    ),
    path(
        "articles/<id:pk>/orphans/<id:annotation_id>/close/",
        version_views.OrphanCloseView.as_view(),
        name="article-orphan-close",
    ),
    path(
        "articles/<id:pk>/status/", article_views.ArticleStatusView.as_view(), name="article-status"
    ),
    path("desk/changes/", desk_views.DeskChangesView.as_view(), name="desk-changes"),
    path(
        "articles/<id:pk>/changes/",
        live_views.ArticleChangesView.as_view(),
        name="article-changes",
    ),
    path(
        "articles/<id:pk>/presence/",
        live_views.ArticlePresenceView.as_view(),
        name="article-presence",
    ),
    path("articles/<id:pk>/retag/", article_views.ArticleRetagView.as_view(), name="article-retag"),
    path(
        "articles/<id:pk>/assignee/",
        article_views.ArticleAssigneeView.as_view(),
        name="article-assignee",
    ),
    path(
        "sentences/<id:pk>/attribution/",
        attribution_views.AttributionView.as_view(),
        name="sentence-attribution",
    ),
    path(
        "sentences/<id:pk>/annotation/",
        sentence_views.AnnotationView.as_view(),
        name="annotation",
    ),
    path(
        "sentences/<id:pk>/annotation/submit/",
        sentence_views.SubmitView.as_view(),
        name="annotation-submit",
    ),
    path(
        "sentences/<id:pk>/annotation/approve/",
        sentence_views.ApproveView.as_view(),
        name="annotation-approve",
    ),
    path(
        "sentences/<id:pk>/annotation/request-changes/",
        sentence_views.RequestChangesView.as_view(),
        name="annotation-request-changes",
    ),
    path(
        "sentences/<id:pk>/assignee/",
        sentence_views.SentenceAssigneeView.as_view(),
        name="sentence-assignee",
    ),
    path(
        "sentences/<id:pk>/matches/",
        match_views.SentenceMatchesView.as_view(),
        name="sentence-matches",
    ),
    path(
        "sentences/<id:pk>/matches/<id:match_id>/reuse/",
        match_views.ReuseMatchView.as_view(),
        name="sentence-match-reuse",
    ),
    path(
        "sentences/<id:pk>/dismiss/",
        outcome_views.DismissView.as_view(),
        name="sentence-dismiss",
    ),
    path(
        "sentences/<id:pk>/pretag-corrections/",
        correction_views.PretagCorrectionsView.as_view(),
        name="sentence-pretag-corrections",
    ),
    path(
        "sentences/<id:pk>/dismiss/undo/",
        outcome_views.UndoDismissView.as_view(),
        name="sentence-dismiss-undo",
    ),
    path("evidence/<id:pk>/", evidence_views.EvidenceView.as_view(), name="evidence"),
    path(
        "evidence/<id:pk>/recheck/",
        evidence_views.EvidenceRecheckView.as_view(),
        name="evidence-recheck",
    ),
    path(
        "evidence/<id:pk>/snapshot/",
        evidence_views.EvidenceSnapshotView.as_view(),
        name="evidence-snapshot",
    ),
    path(
        "articles/<id:pk>/comments/",
        comment_views.ArticleCommentsView.as_view(),
        name="article-comments",
    ),
    path(
        "sentences/<id:pk>/comments/",
        comment_views.SentenceCommentsView.as_view(),
        name="sentence-comments",
    ),
    path("comments/<id:pk>/", comment_views.CommentView.as_view(), name="comment"),
    path(
        "comments/<id:pk>/resolve/",
        comment_views.CommentResolveView.as_view(),
        name="comment-resolve",
    ),
    path(
        "comments/<id:pk>/reopen/", comment_views.CommentReopenView.as_view(), name="comment-reopen"
    ),
    path("notifications/", notification_views.NotificationsView.as_view(), name="notifications"),
    path(
        "notifications/unread-count/",
        notification_views.UnreadCountView.as_view(),
        name="notifications-unread-count",
    ),
    path(
        "notifications/read-all/",
        notification_views.NotificationsReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/<id:pk>/read/",
        notification_views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("stats/pretag/", outcome_views.PretagStatsView.as_view(), name="stats-pretag"),
    path("stats/", stats_views.DeskStatsView.as_view(), name="stats"),
    path("jobs/<id:pk>/", status_views.JobView.as_view(), name="job"),
    path("status/", status_views.StatusView.as_view(), name="status"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=authenticated), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=authenticated
        ),
        name="docs",
    ),
    path("", include("annotations.api.review_urls")),
    path("webhooks/", webhook_views.WebhooksView.as_view(), name="webhooks"),
    path("webhooks/<id:pk>/", webhook_views.WebhookView.as_view(), name="webhook"),
    path(
        "webhooks/<id:pk>/deliveries/",
        webhook_views.WebhookDeliveriesView.as_view(),
        name="webhook-deliveries",
    ),
    path("webhooks/<id:pk>/test/", webhook_views.WebhookTestView.as_view(), name="webhook-test"),
    path(
        "webhooks/<id:pk>/deliveries/<uuid:delivery_id>/redeliver/",
        webhook_views.WebhookRedeliverView.as_view(),
        name="webhook-redeliver",
    ),
]
