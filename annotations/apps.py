from django.apps import AppConfig
from django.conf import settings


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self) -> None:
        from .pretag.encoder import use_cache

        # The pre-tagger's encoder maps its weights from here instead of holding them per process.
        use_cache(settings.ENCODER_CACHE_DIR)

        from django.db.models.signals import post_migrate

        from .selectors.search_sqlite import restore_after_migrate

        # A migration that rebuilds a table on SQLite drops its search triggers; put them back.
        post_migrate.connect(restore_after_migrate, sender=self)
