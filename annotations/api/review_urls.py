"""Routes of the review queue, its exports and the audit trail.

Included by ``api/urls.py``, which registers the ``id`` path converter.
"""

from django.urls import path

from .review_views import ReviewQueueExportView, ReviewQueueView, SentenceRevisionsView

urlpatterns = [
    path("review-queue/", ReviewQueueView.as_view(), name="review-queue"),
    path("review-queue/export/", ReviewQueueExportView.as_view(), name="review-queue-export"),
    path(
        "sentences/<id:pk>/revisions/", SentenceRevisionsView.as_view(), name="sentence-revisions"
    ),
]
