"""The first answer to a request sent with an ``Idempotency-Key``, kept to replay it."""

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """One (user, key) pair and the response it got; a retry within a day gets the same one.

    ``scope`` names the endpoint the key was first used on, so a key cannot replay an answer
    meant for another request.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_response_per_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.scope})"
