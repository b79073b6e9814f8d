"""Search on SQLite: an FTS5 table kept in step by triggers, asked with stemmed prefix terms.

Why triggers: every writer (re-anchoring UPDATEs, cascading deletes, later migrations) keeps
the index right without any service having to remember it, and a write costs one index row.
New sentences are the exception: they have one writer (``services.articles.insert_sentences``,
thousands per import), and FTS5 indexes a version's sentences in one INSERT ... SELECT four
times faster than one trigger row at a time, so that writer indexes them (``index_sentences``)
and the sentence table has no insert trigger. Each trigger names only its own table and the
index: SQLite checks every trigger when Django rebuilds a table in a migration, and a trigger
naming another table would break that rebuild. A rebuild still drops the table's own
triggers, so ``restore_index`` runs after every ``migrate`` and puts back (and refills) what is
missing.

FTS5 has no German stemmer and a Python tokenizer cannot run inside triggers, so words are
indexed as unicode61 folds them (case and diacritics removed) and the query turns each word
into its stem as a prefix ("Verteidigungsministers" -> "verteidigungsminist"*), which finds
every inflected form. Each term is quoted, so AND, OR, NOT, NEAR, quotes, * and parentheses
are plain words.
"""

from typing import Any

from annotations.pretag.stemming import Term

TABLE = "annotations_search"
# Row kinds: the rowid is the source row's id * 8 + its kind, so a trigger finds its row by
# rowid. A comment's row carries its sentence (NULL for a comment on the whole article).
SENTENCE, RATIONALE, EVIDENCE, TITLE, COMMENT = 0, 1, 2, 3, 4
SENTENCE_KINDS = (SENTENCE, RATIONALE, EVIDENCE, COMMENT)
# SQLite already runs the correlated "may the caller see this hit" subquery once per hit.
PER_HIT = ""

CREATE_TABLE = f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    body, kind UNINDEXED, sentence_id UNINDEXED, article_id UNINDEXED, annotation_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
)"""
COLUMNS = "rowid, body, kind, sentence_id, article_id, annotation_id"

# Per source table: (kind, the values of one row as NEW.* or as a SELECT's columns, the
# columns whose change re-indexes the row).
SOURCES: dict[str, tuple[int, str, str]] = {
    "annotations_sentence": (SENTENCE, "{r}.id * 8 + 0, {r}.text, 0, {r}.id, {r}.article_id, NULL",
                             "text, article_id"),
    "annotations_annotation": (RATIONALE, "{r}.id * 8 + 1, {r}.rationale, 1, {r}.sentence_id, "
                               "NULL, {r}.id", "rationale, sentence_id"),
    # An evidence row names its annotation; the query finds the annotation's sentence.
    "annotations_evidence": (EVIDENCE, "{r}.id * 8 + 2, {r}.title, 2, NULL, NULL, "
                             "{r}.annotation_id", "title, annotation_id"),
    "annotations_article": (TITLE, "{r}.id * 8 + 3, {r}.title, 3, NULL, {r}.id, NULL", "title"),
    "annotations_comment": (COMMENT, "{r}.id * 8 + 4, {r}.body, 4, {r}.sentence_id, "
                            "{r}.article_id, NULL", "body, sentence_id"),
}  # fmt: skip


# Tables whose new rows their writer indexes itself (see above): no AFTER INSERT trigger, and
# the one earlier versions created is dropped by ``restore_index``.
INDEXED_BY_WRITER = ("annotations_sentence",)


def _triggers(table: str) -> dict[str, str]:
    kind, values, columns = SOURCES[table]
    new, old = values.format(r="new"), f"old.id * 8 + {kind}"
    name = f"{TABLE}_{table.removeprefix('annotations_')}"
    on_insert = {
        f"{name}_ai": f"CREATE TRIGGER {name}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {TABLE}({COLUMNS}) VALUES ({new}); END",
    }
    return {
        **({} if table in INDEXED_BY_WRITER else on_insert),
        f"{name}_au": f"CREATE TRIGGER {name}_au AFTER UPDATE OF {columns} ON {table} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = {old}; "
        f"INSERT INTO {TABLE}({COLUMNS}) VALUES ({new}); END",
        f"{name}_ad": f"CREATE TRIGGER {name}_ad AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = {old}; END",
    }


def trigger_names() -> list[str]:
    return [name for table in SOURCES for name in _triggers(table)]


def _stale_triggers() -> list[str]:
    return [f"{TABLE}_{table.removeprefix('annotations_')}_ai" for table in INDEXED_BY_WRITER]


def index_sentences(cursor: Any, version_id: int) -> None:
    """Index the sentences of a version just inserted (their writer's part of the index)."""
    values = SOURCES["annotations_sentence"][1].format(r="t")
    cursor.execute(
        f"INSERT INTO {TABLE}({COLUMNS}) SELECT {values} FROM annotations_sentence t "
        "WHERE t.version_id = %s",
        [version_id],
    )


def restore_index(connection: Any) -> list[str]:
    """Create the index if absent, put back any table's missing triggers and refill that
    table's rows; returns the tables refilled. Idempotent and cheap when all is there."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for _type, name in cursor.fetchall()}
        if not {"annotations_sentence", "annotations_evidence"} <= existing:
            return []  # before the app's tables exist (or after they are gone)
        cursor.execute(CREATE_TABLE)
        for name in _stale_triggers():
            if name in existing:
                cursor.execute(f"DROP TRIGGER {name}")
        refilled = []
        for table, (kind, values, _columns) in SOURCES.items():
            triggers = _triggers(table)
            # A source added later (comments) waits until its table's migration has run.
            if table not in existing or set(triggers) <= existing:
                continue
            for name, sql in triggers.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(sql)
            cursor.execute(f"DELETE FROM {TABLE} WHERE kind = {kind}")
            cursor.execute(
                f"INSERT INTO {TABLE}({COLUMNS}) SELECT {values.format(r='t')} FROM {table} t"
            )
            refilled.append(table)
    return refilled


def drop_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name in [*trigger_names(), *_stale_triggers()]:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def drop_source(connection: Any, table: str) -> None:
    """Take one source table out of the index: its triggers and its rows."""
    kind = SOURCES[table][0]
    with connection.cursor() as cursor:
        for name in _triggers(table):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = {kind}")


def match_expression(terms: list[Term]) -> str:
    """All terms (AND), each a quoted string, stems as prefixes."""
    parts = []
    for term in terms:
        quoted = '"' + term.text.replace('"', '""') + '"'
        parts.append(quoted + "*" if term.prefix else quoted)
    return " ".join(parts)


def sentence_hits(terms: list[Term], words: str) -> tuple[str, list]:
    """SQL with rows (sentence_id, score) per matching field; lower score is better.

    Kind and source id come from the rowid, so no index row is read beyond its match; only a
    rationale's or an evidence title's hit looks up its annotation (and evidence) by key; a
    comment's hit names its sentence itself.
    """
    kinds = ", ".join(str(k) for k in SENTENCE_KINDS)
    sql = (
        f"SELECT CASE f.rowid %% 8 WHEN {SENTENCE} THEN f.rowid / 8 "
        f"WHEN {COMMENT} THEN f.sentence_id ELSE a.sentence_id END "
        f"AS sentence_id, f.rank AS score FROM {TABLE} f "
        f"LEFT JOIN annotations_evidence e ON f.rowid %% 8 = {EVIDENCE} AND e.id = f.rowid / 8 "
        f"LEFT JOIN annotations_annotation a ON a.id = CASE f.rowid %% 8 "
        f"WHEN {RATIONALE} THEN f.rowid / 8 WHEN {EVIDENCE} THEN e.annotation_id END "
        f"WHERE {TABLE} MATCH %s AND f.rowid %% 8 IN ({kinds})"
    )
    return sql, [match_expression(terms)]


def article_hits(terms: list[Term], words: str) -> tuple[str, list]:
    """SQL with the ids of articles whose title matches."""
    sql = f"SELECT rowid / 8 FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid %% 8 = {TITLE}"
    return sql, [match_expression(terms)]


def restore_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: a migration that rebuilt a table dropped its triggers."""
    from django.db import connections

    restore_index(connections[using])
