"""What the hand-written statements on the request paths read often share.

Django spends 0.4-0.9 ms building and compiling a query with joins and a subquery, and
``Model.objects.raw`` still 0.05 ms working out converters for every column; SQLite answers the
same query in about 20 µs. A verdict save makes three such lookups on every request, so they are
written out where they are used: their column lists come from the models (``columns``) and the
rows become model instances through the database's own converters, worked out once per model
(``instance``). The rows a save writes go in through ``insert``, one statement per model built
once; a page's query is compiled by Django once and run again with new values
(``CompiledValues``). ``bench/api_bench.py`` measures the effect.
"""

import datetime
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, TypeVar

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import JSONField, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTransform
from django.db.models.sql.constants import MULTI
from django.utils.dateparse import parse_datetime

M = TypeVar("M", bound=Model)


def tables(**models: type[Model]) -> dict[str, str]:
    """The quoted table of each model by the name a query's text uses for it (``{revision}``)."""
    quote = connection.ops.quote_name
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _fields(model: type[Model], without: tuple[str, ...]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if f.attname not in without]


@cache
def columns(model: type[Model], alias: str, without: tuple[str, ...] = ()) -> str:
    """``alias."column", ...`` for the model's concrete fields, in the order ``instance`` reads;
    the fields named in ``without`` (attnames) are left out, as ``defer()`` would."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in _fields(model, without))


def instance(model: type[M], values: Sequence[Any], without: tuple[str, ...] = ()) -> M:
    """The model instance of the first values of a row (as many as ``columns`` names), converted
    the way the ORM converts them (SQLite's booleans and timestamps, for instance). Fields left
    out with ``without`` load on first access."""
    names, converters = _reading(model, without)
    row = list(values[: len(names)])
    for index, steps in converters:
        for convert, expression in steps:
            row[index] = convert(row[index], expression, connection)
    return model.from_db(DEFAULT_DB_ALIAS, names, row)


def converted(model: type[Model], values: Sequence[Any], without: tuple[str, ...] = ()) -> dict:
    """The first values of a row (as ``columns`` names them) by attname, converted as
    ``instance`` converts them, without building an instance."""
    names, converters = _reading(model, without)
    row = list(values[: len(names)])
    for index, steps in converters:
        for convert, expression in steps:
            row[index] = convert(row[index], expression, connection)
    return dict(zip(names, row, strict=True))


def width(model: type[Model], without: tuple[str, ...] = ()) -> int:
    """How many values of a row ``instance`` reads."""
    return len(_reading(model, without)[0])


@cache
def _reading(
    model: type[Model], without: tuple[str, ...] = ()
) -> tuple[list[str], list[tuple[int, list[tuple[Callable, Any]]]]]:
    fields = _fields(model, without)
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


def execute(sql: str, params: Sequence[Any]) -> int:
    """Run one statement that returns no rows; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def partial(model: type[M], **values: Any) -> M:
    """An instance with only these fields (by attname) loaded; the others load on first access,
    as ``QuerySet.only()`` would leave them."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise ValueError(f"Not fields of {model.__name__}: {sorted(set(values) - set(names))}")
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


@cache
def _inserting(model: type[Model]) -> tuple[str, list[Any]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    pk = quote(str(model._meta.pk.column))  # type: ignore[union-attr]  # every model has a pk
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks}) RETURNING {pk}"
    return sql, fields


def insert(obj: M) -> M:
    """Write a new row for ``obj`` as ``save()`` would (defaults, ``auto_now`` times, the values
    each field prepares for the database) in one statement built once per model; sets its pk.

    For rows written on every request: ``save()`` spends about 0.5 ms building its INSERT. It
    sends no signals and skips ``save()`` overrides, so it is for models with no signal
    receivers and no override that does anything on a first write (``Revision.save`` only
    refuses updates, and this never updates)."""
    sql, fields = _inserting(type(obj))
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    row = fetch_one(sql, params)
    assert row is not None  # RETURNING answers the new row's key
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, DEFAULT_DB_ALIAS
    return obj


class CompiledValues:
    """A ``values()`` query compiled by Django once and run again with new parameters.

    ``build`` makes the queryset from keyword arguments; it is called once with stand-in
    integers, whose places among the compiled parameters are then filled with each call's
    values. The rows come back as the dicts ``values()`` gives, through the same converters
    (or the quicker ones of ``value_rows`` that give the same values).
    ``limit``/``offset`` slice as the queryset's ``[offset:offset + limit]`` would.

    The JSON columns named in ``json_as_text`` come as ``orjson.Fragment`` of their stored text
    (``_json_fragment``), for rows that go straight into a response the API's renderer writes: a
    page of 100 tagged sentences spent a fifth of its time parsing its spans and reasons and
    writing them out again.
    """

    def __init__(
        self, build: Callable[..., QuerySet], *arguments: str, json_as_text: Sequence[str] = ()
    ) -> None:
        self.build, self.arguments, self.json_as_text = build, arguments, frozenset(json_as_text)
        self._compiled: tuple[str, list[Any], dict[str, int], list[str], list] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, list[Any], dict[str, int], list[str], list]:
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    stand_ins = {name: -(10**15) - n for n, name in enumerate(self.arguments)}
                    query = self.build(**stand_ins).query
                    compiler = query.get_compiler(DEFAULT_DB_ALIAS)
                    sql, params = compiler.as_sql()
                    places = {name: list(params).index(v) for name, v in stand_ins.items()}
                    names = [*query.extra_select, *query.values_select, *query.annotation_select]
                    selected = [column for column, _sql, _alias in compiler.select]
                    database = compiler.connection
                    converters = [
                        (index, (self._converters(names[index], steps, database), expression))
                        for index, (steps, expression) in compiler.get_converters(selected).items()
                    ]
                    self._compiled = (sql, list(params), places, names, converters)
        return self._compiled

    def _converters(self, name: str, steps: list[Callable], database: Any) -> list[Callable]:
        if name in self.json_as_text:
            return [_json_fragment(step) if _parses_json(step) else step for step in steps]
        return [_quicker(step, database) for step in steps]

    def rows(
        self, *, limit: int | None = None, offset: int = 0, **values: Any
    ) -> list[dict[str, Any]]:
        limit, offset = (None if limit is None else int(limit)), int(offset)
        sql, params, places, names, converters = self._compile()
        params = list(params)
        for name, place in places.items():
            params[place] = values[name]
        if limit is not None or offset:
            high = None if limit is None else offset + limit
            sql = f"{sql} {connection.ops.limit_offset_sql(offset, high)}"  # integers only
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        result = []
        for raw in fetched:
            row = list(raw)
            for index, (steps, expression) in converters:
                for convert in steps:
                    row[index] = convert(row[index], expression, connection)
            result.append(dict(zip(names, row, strict=True)))
        return result


def id_list(ids: Sequence[int]) -> RawSQL | list[int]:
    """``ids`` for a ``field__in=`` filter as one parameter: Django prepares every value of a
    plain list (about 3 ms for 2,000 ids), and SQLite counts each against its variable limit."""
    numbers = [int(value) for value in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (numbers,))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (orjson.dumps(numbers).decode(),))
    return numbers


def value_rows(
    queryset: QuerySet, *, chunk_size: int, iso_dates: bool = False
) -> Iterator[list[Any]]:
    """The rows of a ``values_list()`` queryset as ``.iterator(chunk_size=...)`` streams them
    (as lists), for exports of thousands of rows.

    Two of Django's per-value converters are replaced by ones that give the same values with
    less work per value: SQLite's timestamps made aware in the connection's time zone (Django
    reads the settings for each value), and JSON parsed by orjson (the standard parser where
    orjson refuses what it accepts, such as NaN). With ``iso_dates`` SQLite's timestamps come
    as the text ``isoformat()`` of the aware value would give, written without making it.
    """
    compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
    results = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=chunk_size)
    selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    database = compiler.connection  # this thread's own, not the proxy that looks it up
    plan = [
        (index, [_quicker(step, database, iso_dates) for step in steps], expression)
        for index, (steps, expression) in compiler.get_converters(selected).items()
    ]
    for chunk in results:
        for raw in chunk:
            row = list(raw)
            for index, steps, expression in plan:
                value = row[index]
                for step in steps:
                    value = step(value, expression, database)
                row[index] = value
            yield row


def _quicker(step: Callable, database: Any, iso_dates: bool = False) -> Callable:
    function = getattr(step, "__func__", None)
    if database.vendor == "sqlite" and function is getattr(
        type(database.ops), "convert_datetimefield_value", None
    ):
        zone = database.timezone if settings.USE_TZ else None
        if iso_dates and zone is not None and zone.utcoffset(None) == datetime.timedelta(0):
            return _iso_in_utc
        return _aware_in(zone)
    if _parses_json(step):
        return _json_by_orjson(step)
    return step


def _aware_in(zone: datetime.tzinfo | None) -> Callable:
    def aware(value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            value = parse_datetime(value)
        if zone is not None and value.tzinfo is None:  # what timezone.make_aware does
            value = value.replace(tzinfo=zone)
        return value

    return aware


def _iso_in_utc(value: Any, expression: Any, connection: Any) -> str | None:
    """What ``_aware_in(UTC)(...).isoformat()`` gives, without building the aware value."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = parse_datetime(value)
        if value.tzinfo is not None:
            return value.isoformat()
    return value.isoformat() + "+00:00"


def _parses_json(step: Callable) -> bool:
    """Is ``step`` a JSONField's ``from_db_value`` with the standard decoder?"""
    field = getattr(step, "__self__", None)  # the bound method's field
    return (
        getattr(step, "__func__", None) is JSONField.from_db_value
        and getattr(field, "decoder", None) is None
    )


def _json_fragment(original: Callable) -> Callable:
    """The stored JSON text as an ``orjson.Fragment``, which orjson writes out as it is: no
    parsing, no objects, no writing them again (``renderers.py`` parses it for the one writer
    that is not orjson). The column's check (``JSON_VALID`` on SQLite, ``jsonb`` on PostgreSQL)
    keeps the text strict JSON; the literals NaN and Infinity, which ``json.dumps`` writes and
    a column without that check would keep, make a text go through the usual parsing, as do a
    key lookup's value and one the driver has already parsed."""

    def fragment(value: Any, expression: Any, connection: Any) -> Any:
        if (
            isinstance(value, str)
            and not isinstance(expression, KeyTransform)
            and "NaN" not in value
            and "Infinity" not in value
        ):
            return orjson.Fragment(value)
        return original(value, expression, connection)

    return fragment


def _json_by_orjson(original: Callable) -> Callable:
    def parsed(value: Any, expression: Any, connection: Any) -> Any:
        if isinstance(value, str) and not isinstance(expression, KeyTransform):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return original(value, expression, connection)

    return parsed
