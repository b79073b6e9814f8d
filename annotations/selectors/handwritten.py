"""What the hand-written lookups on the verdict-save path share.

Django spends 0.4-0.9 ms building and compiling a query with joins and a subquery; SQLite runs
the same query in about 20 µs, and a verdict save makes such a lookup on every request. Those
few queries are written out where they are used and run through ``Model.objects.raw`` (which
applies the database's type converters); ``bench/api_bench.py`` measures the effect.
"""

from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

M = TypeVar("M", bound=Model)


def partial(model: type[M], **values: Any) -> M:
    """An instance with only these fields (by attname) loaded; the others load on first access,
    as ``QuerySet.only()`` would leave them."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise ValueError(f"Not fields of {model.__name__}: {sorted(set(values) - set(names))}")
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
