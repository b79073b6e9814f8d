"""The webhooks page: admins add receivers (secret shown once) and read delivery logs."""

import pytest

from annotations.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from annotations.services.webhooks import create_endpoint, send_test_event

from .conftest import logged_in

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.org/in"


def test_an_admin_adds_a_receiver_and_sees_its_secret_once(admin_member):
    client = logged_in(admin_member)
    answer = client.post(
        "/webhooks/", {"url": URL, "events": ["verdict.approved"], "description": "CMS"}
    )
    assert answer.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    first = client.get("/webhooks/").content.decode()
    assert endpoint.secret in first and URL in first
    again = client.get("/webhooks/").content.decode()
    assert endpoint.secret not in again and URL in again


def test_a_private_url_is_refused_next_to_the_field_and_the_form_kept(admin_member):
    client = logged_in(admin_member)
    answer = client.post("/webhooks/", {"url": "http://10.0.0.7/in", "events": ["article.ready"]})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "not a public address" in page and "10.0.0.7" in page
    assert not WebhookEndpoint.objects.exists()


def test_no_event_chosen_is_refused(admin_member):
    answer = logged_in(admin_member).post("/webhooks/", {"url": URL})
    assert answer.status_code == 400 and not WebhookEndpoint.objects.exists()


def test_an_editor_is_denied_the_webhooks_page(editor_client):
    answer = editor_client.get("/webhooks/")
    assert answer.status_code == 403 and "admins" in answer.content.decode()
    assert (
        editor_client.post("/webhooks/", {"url": URL, "events": ["article.ready"]}).status_code
        == 403
    )
    assert not WebhookEndpoint.objects.exists()


def test_an_outsider_gets_404_for_another_newsrooms_log(newsroom, admin_member, outsider):
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=URL, events=["article.ready"]
    ).endpoint
    client = logged_in(outsider)
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/webhooks/{endpoint.pk}/test/").status_code == 404
    assert URL not in client.get("/webhooks/").content.decode()


def test_the_log_shows_deliveries_and_redelivers(newsroom, admin_member):
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=URL, events=["article.ready"]
    ).endpoint
    client = logged_in(admin_member)
    assert client.post(f"/webhooks/{endpoint.pk}/test/").status_code == 302
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.FAILED, attempts=1, response_code=410, error="HTTP 410"
    )
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "ping" in page and "HTTP 410" in page and "Redeliver" in page
    client.post(f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/redeliver/")
    assert WebhookDelivery.objects.count() == 2


def test_switching_off_and_on(newsroom, admin_member):
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=URL, events=["article.ready"]
    ).endpoint
    client = logged_in(admin_member)
    client.post(f"/webhooks/{endpoint.pk}/toggle/")
    endpoint.refresh_from_db()
    assert not endpoint.active
    client.post(f"/webhooks/{endpoint.pk}/toggle/")
    endpoint.refresh_from_db()
    assert endpoint.active


def test_send_test_event_needs_post(newsroom, admin_member):
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=URL, events=["article.ready"]
    ).endpoint
    assert logged_in(admin_member).get(f"/webhooks/{endpoint.pk}/test/").status_code == 405
    send_test_event(endpoint=endpoint, admin=admin_member)


def test_the_page_speaks_german(newsroom, admin_member):
    create_endpoint(newsroom=newsroom, admin=admin_member, url=URL, events=["article.ready"])
    page = logged_in(admin_member).get("/webhooks/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Empfänger hinzufügen" in page and "Zustellprotokoll" in page
    assert "Artikel fertig" in page


# --- the navigation's link ------------------------------------------------------------------
def test_the_navigation_offers_webhooks_to_a_newsroom_admin(admin_member):
    page = logged_in(admin_member).get("/").content.decode()
    assert 'href="/webhooks/"' in page


@pytest.mark.parametrize("who", ["viewer", "editor", "reviewer"])
def test_the_navigation_hides_webhooks_from_a_non_admin(request, who):
    client = logged_in(request.getfixturevalue(who))
    for url in ["/", "/queue/", "/inbox/"]:
        page = client.get(url).content.decode()
        assert 'href="/webhooks/"' not in page, url
    assert client.get("/webhooks/").status_code == 403
