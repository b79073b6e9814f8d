from django.apps import AppConfig
from django.conf import settings


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self) -> None:
        from .pretag.encoder import use_cache
        from .services import pretagging  # noqa: F401 - job handlers register on import

        # The pre-tagger's encoder maps its weights from here instead of holding them per process.
        use_cache(settings.ENCODER_CACHE_DIR)
