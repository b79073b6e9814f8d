"""Schemathesis against the live server, with each role's token: no 5xx, nothing that
contradicts the published schema (status codes, content types, bodies, headers)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.models import Role
from annotations.services.review import submit
from annotations.services.tokens import issue_token
from annotations.services.verdicts import set_verdict
from tests.factories import member

from .conftest import client_for

# Small on purpose: every example runs once per role; the whole test stays well under 2 minutes.
MAX_EXAMPLES = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def role_tokens(transactional_db, newsroom, article, editor, outsider):
    """A token per role; the seed article with a submitted verdict so reads return real data."""
    sentence = article.sentences.filter(heading=False).first()
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=editor)
    users = {
        "viewer": member(newsroom, Role.VIEWER, "s-viewer"),
        "editor": editor,
        "reviewer": member(newsroom, Role.REVIEWER, "s-reviewer"),
        "admin": member(newsroom, Role.ADMIN, "s-admin"),
        "outsider": outsider,
    }
    return {name: issue_token(user=user) for name, user in users.items()}


@pytest.fixture
def api_schema(role_tokens, editor):
    response = client_for(editor).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def run_operation(operation, mode, base_url: str, tokens: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case) -> None:
        for token in tokens.values():
            case.call_and_validate(
                base_url=base_url, headers={"Authorization": f"Token {token}"}, checks=CHECKS
            )

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_matches_its_schema_for_every_role(api_schema, live_server, role_tokens, mode):
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            run_operation(operation, mode, live_server.url, role_tokens)
        except Unsatisfiable:
            # Nothing to get wrong: an operation without inputs has no negative cases.
            assert mode == GenerationMode.NEGATIVE, operation.label
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
