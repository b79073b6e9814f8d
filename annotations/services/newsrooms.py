"""A newsroom's own settings, changed by its admins."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_noop

from annotations.models import DateStyle, Newsroom, NumberStyle, Role

from .access import require_role
from .errors import InvalidInput


@transaction.atomic
def set_newsroom_formats(
    *, newsroom: Newsroom, by: User, date_format: str, number_format: str
) -> Newsroom:
    """Set how the desk's pages write dates and numbers; admins only, nothing changes on bad
    input (raises InvalidInput naming the field)."""
    require_role(by, newsroom, Role.ADMIN)
    if date_format not in DateStyle.values:
        raise InvalidInput(
            gettext_noop("Choose one of the listed date formats."), field="date_format"
        )
    if number_format not in NumberStyle.values:
        raise InvalidInput(
            gettext_noop("Choose one of the listed number formats."), field="number_format"
        )
    newsroom.date_format = date_format
    newsroom.number_format = number_format
    newsroom.save(update_fields=["date_format", "number_format"])
    return newsroom
