"""What a source page said when its link was checked: the desk's own archive of it."""

import zlib

from django.db import models

from .annotation import Evidence


class EvidenceSnapshot(models.Model):
    """The main text of an evidence page at one check, zlib-compressed, with its sha256.

    A check that finds the same text as the latest snapshot stores no new one.
    """

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="snapshots")
    text_z = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    fetched_at = models.DateTimeField()
    final_url = models.CharField(max_length=2048)
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["evidence_id", "-fetched_at", "-id"]

    def __str__(self) -> str:
        return f"snapshot of evidence {self.evidence_id} at {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def text(self) -> str:
        return zlib.decompress(bytes(self.text_z)).decode("utf-8")
