"""Two people save the same verdict at once: exactly one wins, the other gets 412."""

import threading

import pytest
import requests

from annotations.models import Revision
from annotations.services.tokens import issue_token
from tests.factories import member

from .conftest import client_for


@pytest.mark.django_db
def test_two_clients_with_the_same_etag_one_wins_one_gets_412(editor, second_editor, sentence):
    first, second = client_for(editor), client_for(second_editor)
    url = f"/api/sentences/{sentence.pk}/annotation/"
    tag_a, tag_b = first.get(url)["ETag"], second.get(url)["ETag"]
    assert tag_a == tag_b
    won = first.put(url, {"verdict": "verified"}, format="json", HTTP_IF_MATCH=tag_a)
    lost = second.put(url, {"verdict": "disputed"}, format="json", HTTP_IF_MATCH=tag_b)
    assert (won.status_code, lost.status_code) == (200, 412)
    assert lost.json()["current"]["verdict"] == "verified"
    assert Revision.objects.filter(sentence=sentence).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_against_a_live_server_exactly_one_wins_per_version(
    live_server, newsroom, sentence
):
    """Real threads, a real server; on PostgreSQL in the production leg."""
    writers = [member(newsroom, "editor", f"racer{index}") for index in range(6)]
    tokens = [issue_token(user=user) for user in writers]
    url = f"{live_server.url}/api/sentences/{sentence.pk}/annotation/"
    rounds = 3
    results: list[int] = []
    lock = threading.Lock()

    def write(token: str, verdict_index: int, barrier: threading.Barrier) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        tag = session.get(url, timeout=30).headers["ETag"]
        barrier.wait(timeout=30)
        verdict = ("verified", "disputed", "unverified")[verdict_index % 3]
        response = session.put(
            url,
            json={"verdict": verdict, "rationale": f"writer {token[:6]}"},
            headers={"If-Match": tag},
            timeout=60,
        )
        with lock:
            results.append(response.status_code)

    for round_number in range(rounds):
        barrier = threading.Barrier(len(tokens))
        results.clear()
        threads = [
            threading.Thread(target=write, args=(token, index + round_number, barrier))
            for index, token in enumerate(tokens)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(results) == [200] + [412] * (len(tokens) - 1), results
    assert Revision.objects.filter(sentence=sentence).count() == rounds
    final = requests.get(url, headers={"Authorization": f"Token {tokens[0]}"}, timeout=30).json()
    assert final["version"] == rounds
