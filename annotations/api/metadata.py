"""What OPTIONS answers on every API endpoint (the default metadata class of the API)."""

from typing import Any

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """The view's name, description, methods and media types; no ``actions``.

    DRF would describe the POST/PUT fields from ``get_serializer()``, which our views do not
    have (each method names its own serializer), and answer 500. The fields are in the OpenAPI
    schema at /api/schema/.
    """

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        return {}
