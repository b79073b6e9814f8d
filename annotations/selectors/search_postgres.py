"""Search on PostgreSQL: 'german' and 'english' tsvectors with GIN indexes (migration 0003).

Both configurations are asked and either may match, so no join to the article's language is
needed to choose an index; German words are stemmed by 'german', English ones by 'english'.
Sentences, the big table, keep their two tsvectors in generated columns (``search_german``,
``search_english``; Django never reads them), so ranking a common word's thousands of hits
reads stored vectors instead of parsing every text again. Rationales, evidence titles and
article titles, far fewer and shorter, use expression indexes. plainto_tsquery reads the words
as plain words: no operator in a query means anything.
"""

from annotations.pretag.stemming import Term

CONFIGS = ("german", "english")
# (index name, table, column) of the expression indexes; one per configuration.
INDEXED = (
    ("annotations_annotation_rationale", "annotations_annotation", "rationale"),
    ("annotations_evidence_title", "annotations_evidence", "title"),
    ("annotations_article_title", "annotations_article", "title"),
)
# Comments came later (migration 0008 creates their indexes, ``create_comment_indexes``).
COMMENT_INDEXED = (("annotations_comment_body", "annotations_comment", "body"),)
SENTENCE_VECTOR = "search_{config}"
# Ends the correlated "may the caller see this hit" subquery: OFFSET 0 keeps the planner from
# turning it into a join over all the newsroom's sentences (it misjudges how many those are,
# version_id = current_version_id being two correlated columns), so each hit is looked up.
PER_HIT = " OFFSET 0"


def create_indexes() -> list[str]:
    """The generated columns and every GIN index; the queries below use the same expressions."""
    statements = []
    for config in CONFIGS:
        column = SENTENCE_VECTOR.format(config=config)
        statements += [
            f"ALTER TABLE annotations_sentence ADD COLUMN IF NOT EXISTS {column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('{config}'::regconfig, text)) STORED",
            f"CREATE INDEX IF NOT EXISTS annotations_sentence_text_{config}_fts "
            f"ON annotations_sentence USING gin ({column})",
        ]
    statements += [
        f"CREATE INDEX IF NOT EXISTS {name}_{config}_fts ON {table} "
        f"USING gin (to_tsvector('{config}'::regconfig, {column}))"
        for name, table, column in INDEXED
        for config in CONFIGS
    ]
    return statements


def create_comment_indexes() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {name}_{config}_fts ON {table} "
        f"USING gin (to_tsvector('{config}'::regconfig, {column}))"
        for name, table, column in COMMENT_INDEXED
        for config in CONFIGS
    ]


def drop_comment_indexes() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {name}_{c}_fts" for name, _t, _c in COMMENT_INDEXED for c in CONFIGS
    ]


def drop_indexes() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {name}_{c}_fts" for name, _t, _col in INDEXED for c in CONFIGS
    ] + [
        f"ALTER TABLE annotations_sentence DROP COLUMN IF EXISTS {SENTENCE_VECTOR.format(config=c)}"
        for c in CONFIGS
    ]


def _vector(column: str, config: str) -> str:
    if column == "s.text":
        return "s." + SENTENCE_VECTOR.format(config=config)
    return f"to_tsvector('{config}'::regconfig, {column})"


def _matches(column: str, params: list, words: str) -> str:
    """`column` matches the words in either configuration (each condition hits its index)."""
    conditions = []
    for config in CONFIGS:
        conditions.append(
            f"{_vector(column, config)} @@ plainto_tsquery('{config}'::regconfig, %s)"
        )
        params.append(words)
    return "(" + " OR ".join(conditions) + ")"


def _score(column: str, params: list, words: str) -> str:
    parts = []
    for config in CONFIGS:
        parts.append(
            f"ts_rank({_vector(column, config)}, plainto_tsquery('{config}'::regconfig, %s))"
        )
        params.append(words)
    return "-(" + " + ".join(parts) + ")"


def sentence_hits(terms: list[Term], words: str) -> tuple[str, list]:
    """SQL with rows (sentence_id, score) per matching field; lower score is better."""
    params: list = []
    selects = []
    for source, column, sentence_id, join in (
        ("annotations_sentence s", "s.text", "s.id", ""),
        ("annotations_annotation a", "a.rationale", "a.sentence_id", ""),
        (
            "annotations_evidence e",
            "e.title",
            "a.sentence_id",
            " JOIN annotations_annotation a ON a.id = e.annotation_id",
        ),
        ("annotations_comment c", "c.body", "c.sentence_id", ""),
    ):
        score = _score(column, params, words)
        where = _matches(column, params, words)
        selects.append(
            f"SELECT {sentence_id} AS sentence_id, {score} AS score FROM {source}{join} "
            f"WHERE {where}"
        )
    return " UNION ALL ".join(selects), params


def article_hits(terms: list[Term], words: str) -> tuple[str, list]:
    """SQL with the ids of articles whose title matches."""
    params: list = []
    where = _matches("title", params, words)
    return f"SELECT id FROM annotations_article WHERE {where}", params
