"""What the hand-written lookups on the verdict-save path share.

Django spends 0.4-0.9 ms building and compiling a query with joins and a subquery, and
``Model.objects.raw`` still 0.05 ms working out converters for every column; SQLite answers the
same query in about 20 µs. A verdict save makes three such lookups on every request, so they are
written out where they are used: their column lists come from the models (``columns``) and the
rows become model instances through the database's own converters, worked out once per model
(``instance``). ``bench/api_bench.py`` measures the effect.
"""

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def tables(**models: type[Model]) -> dict[str, str]:
    """The quoted table of each model by the name a query's text uses for it (``{revision}``)."""
    quote = connection.ops.quote_name
    return {name: quote(model._meta.db_table) for name, model in models.items()}


@cache
def columns(model: type[Model], alias: str) -> str:
    """``alias."column", ...`` for the model's concrete fields, in the order ``instance`` reads."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


def instance(model: type[M], values: Sequence[Any]) -> M:
    """The model instance of the first ``len(concrete_fields)`` values of a row, converted the
    way the ORM converts them (SQLite's booleans and timestamps, for instance)."""
    names, converters = _reading(model)
    row = list(values[: len(names)])
    for index, steps in converters:
        for convert, expression in steps:
            row[index] = convert(row[index], expression, connection)
    return model.from_db(DEFAULT_DB_ALIAS, names, row)


@cache
def _reading(model: type[Model]) -> tuple[list[str], list[tuple[int, list[tuple[Callable, Any]]]]]:
    fields = model._meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        steps = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if steps:
            converters.append((index, [(step, expression) for step in steps]))
    return [f.attname for f in fields], converters


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def partial(model: type[M], **values: Any) -> M:
    """An instance with only these fields (by attname) loaded; the others load on first access,
    as ``QuerySet.only()`` would leave them."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise ValueError(f"Not fields of {model.__name__}: {sorted(set(values) - set(names))}")
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
