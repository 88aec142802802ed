"""The dashboard in a real browser (Debian's Chromium driven by Playwright) on a live server.

Each test also checks that the page made no request outside 127.0.0.1 and logged no console
error. The family is small and bounded: one browser and one server for the whole session.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.conftest import Browsing

PAGES = {
    "/": "window.__mapReady === true",
    "/organisation": "document.querySelector('#offices-heading') !== null",
    "/decide": "document.querySelector('#decide-form').dataset.ready === 'true'",
    "/docs": "document.querySelectorAll('.opblock').length > 0",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_with_no_console_error_and_no_outside_request(
    browsing: Browsing, path: str
) -> None:
    response = browsing.goto(path)
    assert response is not None and response.status == 200
    browsing.page.wait_for_function(PAGES[path])
    browsing.page.wait_for_load_state("networkidle")
    browsing.assert_clean()


def test_map_draws_every_country_and_colours_members_by_status(browsing: Browsing) -> None:
    browsing.goto("/")
    page = browsing.page
    page.wait_for_function("window.__mapReady === true")
    fills = page.evaluate(
        "[...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('fill'))"
    )
    assert len(fills) >= 177
    assert fills.count("#2a7f62") >= 2  # Russia and Kazakhstan, active
    assert "#d18f1f" in fills  # Armenia, frozen
    assert "#9aa1ad" in fills  # Uzbekistan, former
    frontier = page.locator("path[stroke='#b3261e']")
    assert frontier.count() >= 1
    browsing.assert_clean()


def test_map_has_no_streak_across_the_antimeridian(browsing: Browsing) -> None:
    browsing.goto("/")
    page = browsing.page
    page.wait_for_function("window.__mapReady === true")
    widest = page.evaluate(
        """() => {
          const map = document.querySelector('#map').getBoundingClientRect();
          return Math.max(...[...document.querySelectorAll('path.leaflet-interactive')]
            .filter(p => p.getAttribute('fill') === '#2a7f62')
            .map(p => p.getBBox().width)) / map.width;
        }"""
    )
    # Russia is drawn at the initial zoom; with a streak its box spans the whole world.
    assert widest < 3


def test_choosing_a_state_shows_its_data_and_sources(browsing: Browsing) -> None:
    browsing.goto("/")
    page = browsing.page
    page.wait_for_function("window.__mapReady === true")
    page.get_by_role("button", name="Armenia").click()
    panel = page.locator("#state-panel")
    assert "Yerevan" in panel.inner_text()
    assert "A Russian base in Armenia" in panel.inner_text()
    assert panel.locator("a[href='https://example.org/reference']").count() >= 1
    browsing.assert_clean()


def test_clicking_a_member_on_the_map_shows_its_data(browsing: Browsing) -> None:
    browsing.goto("/")
    page = browsing.page
    page.wait_for_function("window.__mapReady === true")
    page.locator("path[fill='#d18f1f']").first.dispatch_event("click")
    page.wait_for_function("document.querySelector('#state-panel').innerText.includes('Yerevan')")
    browsing.assert_clean()


def _verdict(page: Any) -> str:
    return str(page.locator("#verdict").inner_text())


def test_changing_a_vote_changes_the_outcome(browsing: Browsing) -> None:
    browsing.goto("/decide")
    page = browsing.page
    page.wait_for_function("document.querySelector('#decide-form').dataset.ready === 'true'")
    assert _verdict(page) == "Adopted"
    page.get_by_label("Kazakhstan (KAZ)").select_option("object")
    page.wait_for_function("document.querySelector('#verdict').innerText === 'Not adopted'")
    assert page.locator("#blocked-by").inner_text() == "KAZ"
    assert page.locator("#basis li").count() >= 1
    page.get_by_label("Kazakhstan (KAZ)").select_option("not_joining")
    page.wait_for_function("document.querySelector('#verdict').innerText === 'Adopted'")
    assert "KAZ" not in page.locator("#bound").inner_text()
    browsing.assert_clean()


def test_a_vote_can_be_changed_with_the_keyboard_alone(browsing: Browsing) -> None:
    browsing.goto("/decide")
    page = browsing.page
    page.wait_for_function("document.querySelector('#decide-form').dataset.ready === 'true'")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pos-RUS":
            break
    else:
        pytest.fail("Tab never reached Russia's position")
    before = page.evaluate("document.querySelector('#decide-form').dataset.updated || '0'")
    page.keyboard.press("ArrowDown")  # support -> object
    page.wait_for_function(
        f"(document.querySelector('#decide-form').dataset.updated || '0') !== '{before}'"
    )
    assert page.locator("#pos-RUS").input_value() == "object"
    assert _verdict(page) == "Not adopted"
    browsing.assert_clean()


@pytest.mark.parametrize("path", ["/", "/organisation", "/decide"])
def test_every_control_is_labelled_and_reachable_by_keyboard(browsing: Browsing, path: str) -> None:
    browsing.goto(path)
    page = browsing.page
    page.wait_for_function(PAGES[path])
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea, button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                         && !e.textContent.trim())
            .map(e => e.outerHTML)"""
    )
    assert unlabelled == []
    controls = page.evaluate(
        "[...document.querySelectorAll('main input, main select, main button')].length"
    )
    reached = set()
    for _ in range(controls + 40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.outerHTML"))
    for control_id in page.evaluate(
        "[...document.querySelectorAll('main input[id], main select[id]')].map(e => e.id)"
    ):
        assert control_id in reached, f"{control_id} is not reachable with Tab"
    browsing.assert_clean()


def test_the_skip_link_moves_focus_to_the_content(browsing: Browsing) -> None:
    browsing.goto("/organisation")
    page = browsing.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
