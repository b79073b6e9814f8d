"""The OpenAPI schema told what the services accept, not only what the serializers check.

The input serializers check shape and types; the services own the rules (characters, lengths,
URL shape). Generated from the serializers alone, the schema would promise more than the server
takes (a blank title, a 2,000-character title the service refuses at 500, a control character,
``newsroom=0``), and a generated client or a fuzzer would meet 400s on requests the schema calls
valid. This post-processing hook writes the services' rules into the schema: ``bench/api_fuzz.py``
runs schemathesis against it.
"""

from typing import Any

from django.conf import settings

MAX_ID = 2**63 - 1
# What ``services.text.check_characters`` refuses, as a character class body (JSON Schema
# patterns are ECMA-262; \\u escapes work there and in Python).
_FORBIDDEN_IN_TEXT = (
    "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2029\\u202a-\\u202e\\u2066-\\u2069"
)
_FORBIDDEN_IN_LINE = "\\u0000-\\u001f\\u007f-\\u009f\\u2029\\u202a-\\u202e\\u2066-\\u2069"
# http(s), a host of letters, digits, dots and hyphens, an optional port 1-65535 and an ASCII path
# (the service also takes other hosts; this is the part every client needs).
_PORT = "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
URL_PATTERN = (
    "^https?://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
    f"(:{_PORT})?(/[!-~]*)?$"
)
# Fields that hold one line; the others (article text, rationale, comments, notes) may break.
SINGLE_LINE = {
    "url", "source_url", "evidence_url", "title", "publisher", "username", "password", "source",
}  # fmt: skip
# Fields the services read as links (``services.text.clean_url``).
URL_FIELDS = {"url", "source_url", "evidence_url"}


def _lengths() -> dict[tuple[str, str], int]:
    """(component, property) -> the longest value the service takes."""
    return {
        ("ArticleIn", "title"): 500,
        ("ArticleFileIn", "title"): 500,
        ("ArticleIn", "source_url"): 2048,
        ("ArticleFileIn", "source_url"): 2048,
        ("EvidenceIn", "url"): 2048,
        ("EvidenceIn", "title"): 500,
        ("EvidenceIn", "publisher"): 200,
        ("EvidenceIn", "excerpt"): 5000,
        ("VerdictIn", "rationale"): settings.FACTCHECK_MAX_RATIONALE_CHARS,
        ("CommentIn", "comment"): settings.FACTCHECK_MAX_COMMENT_CHARS,
    }


def _text_pattern(name: str, *, required: bool) -> str:
    forbidden = _FORBIDDEN_IN_LINE if name in SINGLE_LINE else _FORBIDDEN_IN_TEXT
    if required:  # at least one character that is not white space: services strip and refuse
        return f"^[^{forbidden}]*[^{forbidden}\\s][^{forbidden}]*$"
    return f"^[^{forbidden}]*$"


def _body(components: dict[str, Any]) -> None:
    lengths = _lengths()
    for component, schema in components.items():
        if not component.endswith("In") or schema.get("type") != "object":
            continue
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            if prop.get("type") != "string" or "format" in prop or "enum" in prop:
                continue
            if (component, name) in lengths:
                prop["maxLength"] = lengths[component, name]
            if name in URL_FIELDS:
                prop["pattern"] = URL_PATTERN if name in required else f"({URL_PATTERN})|^$"
                continue
            if name in required:
                prop["minLength"] = 1
            prop["pattern"] = _text_pattern(name, required=name in required)
        if "evidence" in schema.get("properties", {}):
            schema["properties"]["evidence"]["maxItems"] = settings.FACTCHECK_MAX_EVIDENCE


ID_PARAMETERS = {"newsroom", "article"}


def _choice_list(values: list[str]) -> str:
    """A comma list of known values, spaces and empty items allowed (as the selector splits);
    empty means no filter."""
    one = "(" + "|".join(values) + ")"
    return f"^[ ,]*({one}( *(, *)+{one})*[ ,]*)?$"


def _choice_lists() -> dict[str, str]:
    from annotations.models import ReviewState, Verdict
    from annotations.selectors.queue import NO_VERDICT

    return {
        "verdict": _choice_list([*Verdict.values, NO_VERDICT]),
        "review_state": _choice_list([*ReviewState.values, NO_VERDICT]),
    }


def _parameters(paths: dict[str, Any]) -> None:
    choice_lists = _choice_lists()
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                name, where = parameter["name"], parameter["in"]
                schema = parameter.setdefault("schema", {})
                if where == "query" and name in ID_PARAMETERS:
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                elif where == "query" and name == "assignee":
                    schema["pattern"] = "^ *(me|[1-9][0-9]{0,17}) *$"
                elif where == "query" and name in ("page", "version"):
                    # A bound the serializer states (search pages) stays.
                    schema.update(minimum=1, maximum=min(schema.get("maximum", MAX_ID), MAX_ID))
                elif where == "query" and name == "page_size":
                    # Larger sizes are served as the largest page (500), not refused.
                    schema.update(minimum=1)
                elif where == "query" and name in choice_lists:
                    schema.pop("minLength", None)
                    schema["pattern"] = choice_lists[name]
                elif where == "query" and name == "q":
                    schema["pattern"] = _text_pattern("title", required=False)
                elif where == "header" and name == "Idempotency-Key":
                    # Header values cannot start or end with a space (HTTP strips them).
                    schema.update(minLength=1, maxLength=255, pattern="^[!-~]([ -~]*[!-~])?$")


# PATCH bodies whose fields are all needed: drf-spectacular makes every field of a PATCH body
# optional, but a comment edit without its text is refused (there is nothing else to change).
PATCH_REQUIRES = {"PatchedCommentBodyIn": ["body"]}


def _patch_bodies(result: dict[str, Any]) -> None:
    components = result.get("components", {}).get("schemas", {})
    for component, fields in PATCH_REQUIRES.items():
        if component in components:
            components[component]["required"] = fields
    ref_names = {f"#/components/schemas/{name}" for name in PATCH_REQUIRES}
    for operations in result.get("paths", {}).values():
        body = operations.get("patch", {}).get("requestBody")
        if body and any(
            media.get("schema", {}).get("$ref") in ref_names
            for media in body.get("content", {}).values()
        ):
            body["required"] = True


def describe_accepted_input(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook (see SPECTACULAR_SETTINGS)."""
    _patch_bodies(result)
    _body(result.get("components", {}).get("schemas", {}))
    _parameters(result.get("paths", {}))
    return result
