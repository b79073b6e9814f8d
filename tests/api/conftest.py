"""API fixtures: a token-authenticated client per role, and a sentence to work on."""

import pytest
from rest_framework.test import APIClient

from annotations.services.tokens import issue_token


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user)}")
    return client


@pytest.fixture
def as_editor(editor):
    return client_for(editor)


@pytest.fixture
def as_second_editor(second_editor):
    return client_for(second_editor)


@pytest.fixture
def as_reviewer(reviewer):
    return client_for(reviewer)


@pytest.fixture
def as_viewer(viewer):
    return client_for(viewer)


@pytest.fixture
def as_outsider(outsider):
    return client_for(outsider)


@pytest.fixture
def sentence(article):
    return article.sentences.filter(heading=False).order_by("ordinal")[2]


def etag(response) -> str:
    return response["ETag"]
