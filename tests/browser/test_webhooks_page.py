"""The webhooks page in Chromium, at desktop and phone widths."""

import pytest

from annotations.models import DeliveryState, WebhookDelivery

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


def test_an_admin_adds_a_receiver_and_reads_its_log(
    transactional_db, live_server, new_page, newsroom, admin_member
):
    page = new_page()
    log_in(page, "admin")
    page.click("nav.mainnav >> text=Webhooks")
    page.fill("#id_url", "https://cms.example.org/hooks/factcheck")
    page.fill("#id_description", "Publishing pipeline")
    page.check("input[value='article.ready']")
    page.check("input[value='verdict.approved']")
    page.click("button:has-text('Add receiver')")
    page.wait_for_selector(".webhook-secret")
    secret = page.input_value("#webhook-secret-value")
    assert len(secret) >= 32
    screenshot(page, "webhooks-1440")
    page.reload()
    assert page.locator(".webhook-secret").count() == 0

    page.click("text=Delivery log")
    page.click("button:has-text('Send test event')")
    page.wait_for_selector(".webhook-log")
    with page.expect_navigation():  # the second test event's page, before the rows are read
        page.click("button:has-text('Send test event')")
    first, second = WebhookDelivery.objects.order_by("created_at")
    WebhookDelivery.objects.filter(pk=first.pk).update(
        state=DeliveryState.DELIVERED, attempts=1, response_code=200
    )
    WebhookDelivery.objects.filter(pk=second.pk).update(
        state=DeliveryState.FAILED, attempts=3, response_code=503,
        error="Gave up after 3 attempts; the last: HTTP 503",
    )  # fmt: skip
    page.reload()
    assert page.locator(".webhook-log tbody tr").count() == 2
    screenshot(page, "webhook-log-1440")
    page.locator("button:has-text('Redeliver')").first.click()
    page.wait_for_selector(".message")
    assert WebhookDelivery.objects.count() == 3
    assert page.errors == []

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "webhook-log-390")
    page.goto("/webhooks/")
    screenshot(page, "webhooks-390")
