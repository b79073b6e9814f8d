from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self) -> None:
        # Job handlers register themselves when their service modules are imported.
        from .services import pretagging  # noqa: F401
