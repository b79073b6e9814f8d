"""The editor's whole flow on a phone (390×844, the panel a sheet over the text) and a tablet
(1024×768, the panel beside it), and no page that scrolls sideways at either size."""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation, Sentence

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in {widths[1]} px"


def rect(page, selector: str) -> dict:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
        selector,
    )


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_whole_editor_flow_select_verdict_rationale_evidence_save_submit(
    transactional_db, live_server, new_page, article, editor, size
):
    name = "phone" if size == PHONE else "tablet"
    body = list(Sentence.objects.filter(article=article, heading=False).order_by("ordinal"))
    sentence = body[12]
    node = f"#s-{sentence.pk}"
    page = new_page()
    page.set_viewport_size(size)
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/")
    page.wait_for_selector("body[data-ready=true]")
    no_sideways_scroll(page)
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'center'})", node)
    if size == PHONE:
        assert not page.is_visible("#panel")  # no sheet until a sentence is chosen
        screenshot(page, f"workspace-{name}-sheet-closed")
    scrolled = page.evaluate("window.scrollY")  # where the reader was when they tapped
    page.locator(node).dispatch_event("click")  # a tap where it is, without scrolling to it
    expect(page.locator(node)).to_have_attribute("aria-selected", "true")

    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    if size == PHONE:
        expect(page.locator("body")).to_have_class("workspace-page sheet-open")
        page.wait_for_function(
            "() => getComputedStyle(document.getElementById('panel')).transform === 'none'"
        )
        sheet, chosen = rect(page, "#panel"), rect(page, node)
        assert sheet["bottom"] == pytest.approx(PHONE["height"], abs=1)
        assert sheet["top"] < PHONE["height"] / 2  # over the text, not 2,500 px below it
        assert chosen["bottom"] <= sheet["top"]  # the sentence stays in sight above it
        screenshot(page, f"workspace-{name}-sheet-open")
    else:
        reader, beside = rect(page, ".reader"), rect(page, "#panel")
        assert beside["left"] >= reader["right"]  # the panel holds its column
        assert beside["top"] < TABLET["height"]
        screenshot(page, f"workspace-{name}-selected")

    page.click("label.vbtn-disputed")
    page.fill("#rationale", "Die Zahl stimmt nicht.")
    page.click("#add-evidence")
    page.fill(".evidence-item .ev-url", "https://example.org/statistik")
    page.fill(".evidence-item .ev-title", "Statistik")
    page.click("#save-verdict")
    page.wait_for_selector("#save-state:has-text('Saved')")
    page.click("#submit-review")
    page.wait_for_selector("#review-state.state-submitted")
    no_sideways_scroll(page)
    screenshot(page, f"workspace-{name}-submitted")

    annotation = Annotation.objects.get(sentence=sentence)
    assert annotation.verdict == "disputed" and annotation.review_state == "submitted"
    assert annotation.rationale == "Die Zahl stimmt nicht."
    assert [e.url for e in annotation.evidence.all()] == ["https://example.org/statistik"]
    expect(page.locator(node)).to_have_attribute("data-verdict", "disputed")

    if size == PHONE:
        page.click("#sheet-close")
        expect(page.locator("body")).not_to_have_class("workspace-page sheet-open")
        page.wait_for_function(
            "() => getComputedStyle(document.getElementById('panel')).visibility === 'hidden'"
        )
        assert page.evaluate("window.scrollY") == pytest.approx(scrolled, abs=2)
        back = rect(page, node)
        assert back["top"] >= 0 and back["bottom"] <= PHONE["height"]  # back at the sentence
        assert page.evaluate("document.activeElement.id") == "sentence-list"
        screenshot(page, f"workspace-{name}-sheet-closed-again")
        # Another tap opens it again; Esc outside a field closes it.
        page.click(f"#s-{body[13].pk}")
        expect(page.locator("body")).to_have_class("workspace-page sheet-open")
        page.keyboard.press("Escape")
        expect(page.locator("body")).not_to_have_class("workspace-page sheet-open")
    assert page.errors == []


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_no_page_scrolls_sideways(transactional_db, live_server, new_page, article, editor, size):
    page = new_page()
    page.set_viewport_size(size)
    page.goto("/login/")
    no_sideways_scroll(page)
    log_in(page, "editor")
    for path in ("/", "/queue/", f"/articles/{article.pk}/", "/search/?q=Russland"):
        page.goto(path)
        page.wait_for_load_state("load")
        no_sideways_scroll(page)
    assert page.errors == []
