"""Fixtures for the page tests: logged-in clients per role and a clean log-in throttle."""

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def clean_throttle():
    cache.clear()
    yield
    cache.clear()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def viewer_client(viewer):
    return logged_in(viewer)


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def outsider_client(outsider):
    return logged_in(outsider)
