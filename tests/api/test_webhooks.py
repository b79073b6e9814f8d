"""``/api/webhooks/``: admins register endpoints and read delivery logs; nobody else does."""

import pytest

from annotations.models import DeliveryState, WebhookDelivery, WebhookEndpoint

from .conftest import client_for

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.org/in"


@pytest.fixture
def as_admin(admin_member):
    return client_for(admin_member)


def create(client, **extra):
    body = {"url": URL, "events": ["verdict.approved", "article.ready"], **extra}
    return client.post("/api/webhooks/", body, format="json")


def test_an_admin_registers_an_endpoint_and_sees_the_secret_once(as_admin, newsroom):
    created = create(as_admin, description="CMS")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert len(body["secret"]) >= 32 and body["newsroom"] == newsroom.pk
    assert body["events"] == ["article.ready", "verdict.approved"]
    listed = as_admin.get("/api/webhooks/").json()["results"]
    read = as_admin.get(f"/api/webhooks/{body['id']}/").json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert "secret" not in listed[0] and "secret" not in read


def test_a_given_secret_is_kept(as_admin):
    body = create(as_admin, secret="s" * 20).json()
    assert body["secret"] == "s" * 20
    assert WebhookEndpoint.objects.get().secret == "s" * 20


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"url": "http://192.168.1.5/hook"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"events": ["verdict.deleted"]}, "events"),
        ({"events": []}, "events"),
        ({"secret": "short"}, "secret"),
    ],
)
def test_bad_input_gets_a_400_naming_the_field_and_writes_nothing(as_admin, extra, field):
    answer = create(as_admin, **extra)
    assert answer.status_code == 400
    assert field in str(answer.json())
    assert not WebhookEndpoint.objects.exists()


def test_an_editor_is_denied_webhooks(as_editor):
    assert as_editor.get("/api/webhooks/").status_code == 403
    assert create(as_editor).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_an_outsider_gets_404_for_another_newsrooms_endpoint(as_admin, as_outsider):
    pk = create(as_admin).json()["id"]
    assert as_outsider.get(f"/api/webhooks/{pk}/").status_code == 404
    assert as_outsider.get(f"/api/webhooks/{pk}/deliveries/").status_code == 404
    assert as_outsider.post(f"/api/webhooks/{pk}/test/").status_code == 404
    assert as_outsider.delete(f"/api/webhooks/{pk}/").status_code == 404
    assert as_outsider.get("/api/webhooks/").json()["results"] == []
    assert WebhookEndpoint.objects.count() == 1


def test_patch_switches_an_endpoint_back_on_and_clears_its_reason(as_admin):
    pk = create(as_admin).json()["id"]
    WebhookEndpoint.objects.filter(pk=pk).update(
        active=False, disabled_reason="Switched off", failures_in_a_row=5
    )
    body = as_admin.patch(f"/api/webhooks/{pk}/", {"active": True}, format="json").json()
    assert body["active"] and body["disabled_reason"] == "" and body["failures_in_a_row"] == 0


def test_test_event_and_redelivery(as_admin):
    pk = create(as_admin).json()["id"]
    sent = as_admin.post(f"/api/webhooks/{pk}/test/")
    assert sent.status_code == 202 and sent.json()["event_type"] == "ping"
    delivery_id = sent.json()["id"]
    again = f"/api/webhooks/{pk}/deliveries/{delivery_id}/redeliver/"
    assert as_admin.post(again).json()["code"] == "delivery_pending"
    WebhookDelivery.objects.filter(pk=delivery_id).update(state=DeliveryState.FAILED)
    redone = as_admin.post(again)
    assert redone.status_code == 202 and redone.json()["id"] != delivery_id
    assert redone.json()["event_id"] == sent.json()["event_id"]
    log = as_admin.get(f"/api/webhooks/{pk}/deliveries/").json()["results"]
    assert [d["id"] for d in log] == [redone.json()["id"], delivery_id]


def test_the_delivery_log_costs_the_same_queries_for_3_and_30_rows(
    as_admin, django_assert_max_num_queries
):
    pk = create(as_admin).json()["id"]
    for rows in (3, 30):
        while WebhookDelivery.objects.count() < rows:
            as_admin.post(f"/api/webhooks/{pk}/test/")
        with django_assert_max_num_queries(6):
            answer = as_admin.get(f"/api/webhooks/{pk}/deliveries/")
        assert len(answer.json()["results"]) == rows


def test_the_schema_documents_the_webhook_endpoints(as_admin):
    schema = as_admin.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"post", "get"} <= set(paths["/api/webhooks/"])
    assert "/api/webhooks/{id}/deliveries/{delivery_id}/redeliver/" in paths
    created = paths["/api/webhooks/"]["post"]["responses"]["201"]
    assert "secret" in str(created) or "WebhookCreatedOut" in str(created)
