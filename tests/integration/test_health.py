"""``/healthz``: ok only when the database, the broker and a worker all answer; 503 ``degraded``
naming the one that does not; ``?check=`` for a web server's readiness before any worker runs."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from annotations.services.heartbeat import KEY, record_worker_beat, start_worker_heartbeat
from factcheck.celery import app
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_heartbeat():
    cache.delete(KEY)
    yield
    cache.delete(KEY)


def _health(client, query: str = ""):
    response = client.get("/healthz" + query)
    return response.status_code, response.json()


def test_all_up_is_ok(client, no_heartbeat):
    record_worker_beat(worker="w1@host")
    status, body = _health(client)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "worker": "ok"}}


def test_no_worker_heartbeat_is_degraded(client, no_heartbeat):
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "degraded" and body["checks"]["worker"] == "down"
    assert body["checks"]["database"] == body["checks"]["broker"] == "ok"
    assert [reason.split(":")[0] for reason in body["reasons"]] == ["worker"]


@override_settings(FACTCHECK_WORKER_STALE_AFTER=1)
def test_a_stale_worker_heartbeat_is_degraded(client, no_heartbeat):
    record_worker_beat(worker="w1@host")
    assert _health(client)[0] == 200
    time.sleep(1.2)
    status, body = _health(client)
    assert status == 503 and "worker: The last worker heartbeat is" in body["reasons"][0]


def test_a_broker_that_does_not_answer_is_degraded(client, no_heartbeat, monkeypatch):
    record_worker_beat(worker="w1@host")
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")  # nothing listens
    started = time.monotonic()
    status, body = _health(client)
    assert time.monotonic() - started < 5
    assert status == 503 and body["checks"]["broker"] == "down"
    assert body["reasons"] == ["broker: The broker is not reachable (OperationalError)."]


def test_readiness_asks_only_the_database_so_it_holds_before_any_worker(client, no_heartbeat):
    status, body = _health(client, "?check=database")
    assert (status, body) == (200, {"status": "ok", "checks": {"database": "ok"}})


def test_an_unknown_check_is_a_400(client):
    status, body = _health(client, "?check=database,disk")
    assert status == 400 and "'disk'" in body["message"]


@override_settings(FACTCHECK_WORKER_STALE_AFTER=2)
def test_a_worker_keeps_beating_until_it_stops(client, no_heartbeat):
    stop = start_worker_heartbeat(worker="w1@host")
    try:
        first = wait_for(lambda: cache.get(KEY), timeout=10, interval=0.05)
        again = wait_for(
            lambda: (beat := cache.get(KEY)) and beat["at"] > first["at"] and beat, timeout=10
        )
        assert again["worker"] == "w1@host"
    finally:
        stop.set()
    assert _health(client)[0] == 200


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_healthz_ok(client, no_heartbeat, worker_process):
    wait_for(
        lambda: _health(client)[0] == 200,
        timeout=120,
        failure=lambda: f"healthz stayed degraded: {_health(client)[1]}",
    )
