"""The Crisis, Back-test, Plan and Exercises pages in a real browser, on the embedded CSTO world.

Same rules as test_browser.py: Debian's Chromium, a live server on 127.0.0.1, no request
leaving it, no console error, a screenshot on failure. Runs are small (N of 10 to 20) so the
family stays short on two cores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import Browsing

EXAMPLE = Path(__file__).resolve().parents[2] / "src/collsec/planning/examples/kaz-2022.yaml"

PAGES = {
    "/crisis": "document.querySelector('#run-form').dataset.ready === 'true'",
    "/backtest?runs=20": "document.querySelector('#cases tbody tr') !== null",
    "/plan": "window.__planReady === true && document.querySelector('#gantt-chart .main-svg')",
    "/exercises": "document.body.dataset.exercisesReady === 'true'",
}

#: Form controls of each page, which must all be labelled and reachable with Tab.
CONTROLS = {
    "/crisis": ["run-crisis", "run-victim", "run-runs", "run-seed", "run-overrides", "run-start"],
    "/backtest?runs=20": ["bt-runs", "bt-seed"],
    "/plan": ["plan-solver", "plan-file"],
    "/exercises": ["interop-type", "cal-year"],
}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_room_page_loads_with_no_console_error_and_no_outside_request(
    csto_browsing: Browsing, path: str
) -> None:
    response = csto_browsing.goto(path)
    assert response is not None and response.status == 200
    csto_browsing.page.wait_for_function(PAGES[path])
    csto_browsing.page.wait_for_load_state("networkidle")
    csto_browsing.assert_clean()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_control_is_labelled_and_reachable_with_tab(
    csto_browsing: Browsing, path: str
) -> None:
    page = csto_browsing.page
    csto_browsing.goto(path)
    page.wait_for_function(PAGES[path])
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
             .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
             .map(el => el.id || el.name)"""
    )
    assert unlabelled == []
    reached: set[str] = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
        if set(CONTROLS[path]) <= reached:
            break
    assert set(CONTROLS[path]) <= reached


def run_from_page(page: Any, runs: int, seed: int, overrides: str = "") -> None:
    """Start a run from the form and wait until its results are drawn."""
    page.fill("#run-runs", str(runs))
    page.fill("#run-seed", str(seed))
    page.fill("#run-overrides", overrides)
    before = page.evaluate("document.querySelector('#results').dataset.run || ''")
    page.click("#run-start")
    page.wait_for_function(
        f"(document.querySelector('#results').dataset.run || '') !== {before!r}"
        " && document.querySelector('#chart-arrival .main-svg') !== null",
        timeout=60_000,
    )


def test_a_small_simulation_started_from_the_page_shows_its_results(
    csto_browsing: Browsing,
) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/crisis")
    page.wait_for_function(PAGES["/crisis"])
    run_from_page(page, 20, 5)
    assert page.evaluate("document.querySelector('#run-progress').value") == 20
    assert "20 of 20 episodes (done)" in page.inner_text("#run-status")
    assert page.locator("#current-probabilities tr").count() == 5
    assert page.locator("#median-timeline li").count() >= 1
    assert page.locator("#chart-decision .main-svg").count() >= 1
    csto_browsing.assert_clean()


def test_two_runs_compare_side_by_side(csto_browsing: Browsing) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/crisis")
    page.wait_for_function(PAGES["/crisis"])
    run_from_page(page, 10, 1)
    slow = "assumptions.sim_hours_convene_to_decision.value={low: 100, mode: 120, high: 140}"
    run_from_page(page, 10, 1, slow)
    page.click("#compare-form button")
    page.wait_for_function("document.querySelector('#comparison').dataset.compared")
    assert page.locator("#a-probabilities").count() == 1
    assert page.locator("#b-probabilities").count() == 1
    assert page.locator("#compare-decision .main-svg").count() >= 1
    csto_browsing.assert_clean()


def test_a_bad_override_on_the_page_names_its_path(csto_browsing: Browsing) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/crisis")
    page.wait_for_function(PAGES["/crisis"])
    page.fill("#run-overrides", "nope.x=1")
    page.click("#run-start")
    alert = page.locator("#run-status [role=alert]")
    alert.wait_for()
    assert "nope.x" in alert.inner_text()
    # The only console line is the browser's note of the 400 answer itself.
    assert all("400" in e for e in csto_browsing.errors), csto_browsing.errors
    assert csto_browsing.outside == []


def test_the_plan_draws_sortie_arcs_an_arrival_curve_and_a_gantt_chart(
    csto_browsing: Browsing,
) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/plan")
    page.wait_for_function(PAGES["/plan"])
    assert page.locator("path.sortie-arc").count() >= 1
    assert page.locator("#arrival-chart .scatterlayer .trace").count() >= 1
    assert page.locator("#gantt-chart .barlayer .trace").count() >= 1
    assert int(page.inner_text("#sortie-count")) > 0
    csto_browsing.assert_clean()


def test_an_uploaded_requirements_file_is_planned_on_the_page(csto_browsing: Browsing) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/plan")
    page.wait_for_function(PAGES["/plan"])
    page.set_input_files("#plan-file", str(EXAMPLE))
    page.click("#plan-form button[type=submit]")
    page.wait_for_function("document.querySelector('#plan-status').textContent.includes('sorties')")
    assert "kaz-2022.yaml" in page.inner_text("#plan-status")
    csto_browsing.assert_clean()


def test_the_interop_heat_map_follows_the_force_type(csto_browsing: Browsing) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/exercises")
    page.wait_for_function(PAGES["/exercises"])
    chart = page.locator("#interop-chart")
    assert page.locator("#interop-chart .heatmaplayer, #interop-chart .hm").count() >= 1
    options = page.eval_on_selector_all("#interop-type option", "els => els.map(e => e.value)")
    page.select_option("#interop-type", options[-1])
    assert chart.get_attribute("data-force-type") == options[-1]
    assert page.locator("table.calendar").count() == 2
    csto_browsing.assert_clean()


def test_a_run_can_be_started_and_read_with_the_keyboard_alone(csto_browsing: Browsing) -> None:
    page = csto_browsing.page
    csto_browsing.goto("/crisis")
    page.wait_for_function(PAGES["/crisis"])
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "run-runs":
            break
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "run-start":
            break
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#results').dataset.run", timeout=60_000)
    assert "10 of 10 episodes (done)" in page.inner_text("#run-status")
    csto_browsing.assert_clean()
