"""The dashboard's HTML pages, rendered on the server from the scenario and the rules.

Pages work without JavaScript (forms submit with GET and the server renders the answer); the
page scripts only make them livelier (the map, instant re-decisions). A bad form value renders
the page with the error and status 400, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from collsec.charter import (
    Decision,
    Holder,
    Position,
    Question,
    chair_on,
    decide,
    members_on,
    secretary_general_on,
)
from collsec.errors import CollsecError, Problem, UsageError
from collsec.service.api import exercises as exercises_api
from collsec.service.api import planning as planning_api
from collsec.service.api import sim as sim_api
from collsec.service.context import TEMPLATES_DIR, context_of
from collsec.service.intelhub import tlp_choices
from collsec.service.problems import NotFound, status_for
from collsec.service.runs import MAX_RUNS
from collsec.sim.crises import catalogue

__all__ = ["NavItem", "router", "templates"]

templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["static"] = lambda path: f"/static/{path}"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class NavItem:
    """One entry of the page menu."""

    label: str
    route: str
    needs_intel: bool = False


#: The pages in menu order; a room's page is added here when the room lands.
NAV = (
    NavItem("Map", "page_map"),
    NavItem("Organisation", "page_organisation"),
    NavItem("Decide", "page_decide"),
    NavItem("Crisis", "page_crisis"),
    NavItem("Back-test", "page_backtest"),
    NavItem("Plan", "page_plan"),
    NavItem("Exercises", "page_exercises"),
    NavItem("Intel", "page_intel", needs_intel=True),
    NavItem("API", "swagger_ui"),
)


def _render(
    request: Request, template: str, title: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    ctx = context_of(request)
    nav = [
        {
            "label": n.label,
            "href": request.url_for(n.route).path,
            "current": n.route == request.scope["route"].name,
        }
        for n in NAV
        if ctx.intel or not n.needs_intel
    ]
    return templates.TemplateResponse(
        request,
        template,
        {"title": title, "nav": nav, "scenario": ctx.scenario, **extra},
        status_code=status,
    )


def _date(text: str | None, default: date, field: str = "at") -> date:
    """A date from a query string; the page's default when blank."""
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            [Problem(f"cannot read date {text!r}", path=field, expected="YYYY-MM-DD")]
        ) from None


def _page_date(text: str | None, default: date) -> tuple[date, str | None, int]:
    """The page's date, the error to show and the status: a bad date shows the default, 400."""
    try:
        return _date(text, default), None, 200
    except UsageError as exc:
        return default, str(exc), 400


@router.get("/", name="page_map", response_class=HTMLResponse)
def page_map(request: Request, at: str | None = None) -> HTMLResponse:
    """Map: members coloured by status, frontiers, airfields and Russian bases."""
    scenario = context_of(request).scenario
    day, error, status = _page_date(at, scenario.as_of)
    return _render(
        request,
        "map.html",
        "Map",
        status,
        at=day.isoformat(),
        states=members_on(scenario, day, include_all=True),
        members=members_on(scenario, day),
        error=error,
    )


@router.get("/organisation", name="page_organisation", response_class=HTMLResponse)
def page_organisation(request: Request, at: str | None = None) -> HTMLResponse:
    """Organisation: bodies, members, office holders on a date, instruments and history."""
    scenario = context_of(request).scenario
    day, error, status = _page_date(at, scenario.as_of)
    offices: list[tuple[str, Holder | None]] = []
    for label, office in (("CSC chair", chair_on), ("Secretary General", secretary_general_on)):
        try:
            offices.append((label, office(scenario, day)))
        except CollsecError:
            offices.append((label, None))
    return _render(
        request,
        "organisation.html",
        "Organisation",
        status,
        at=day.isoformat(),
        error=error,
        offices=offices,
        members=members_on(scenario, day),
        bodies=sorted(scenario.bodies.items()),
        instruments=sorted(scenario.instruments.items(), key=lambda kv: kv[1].signed),
        history=sorted(scenario.history, key=lambda e: e.date),
    )


@router.get("/decide", name="page_decide", response_class=HTMLResponse)
def page_decide(request: Request) -> HTMLResponse:
    """Decide: members' positions in, the body's outcome and its basis out."""
    scenario = context_of(request).scenario
    query = request.query_params
    voting = sorted(b for b, spec in scenario.bodies.items() if spec.decision_rule.votes)
    body = query.get("body") or ("CSC" if "CSC" in voting else (voting[0] if voting else ""))
    error: str | None = None
    status = 200
    decision: Decision | None = None
    day = scenario.as_of
    question = Question.SUBSTANTIVE
    positions: dict[str, Position] = {}
    try:
        day = _date(query.get("at"), scenario.as_of)
        question = _enum(Question, query.get("question"), Question.SUBSTANTIVE, "question")
        positions = {
            key[4:].upper(): _enum(Position, value, Position.SUPPORT, key)
            for key, value in query.items()
            if key.startswith("pos_")
        }
        decision = decide(scenario, body, question, positions, day)
    except CollsecError as exc:
        error, status = str(exc), status_for(exc)
    return _render(
        request,
        "decide.html",
        "Decide",
        status,
        form={"body": body, "question": question, "at": day.isoformat(), "positions": positions},
        voting_bodies=voting,
        questions=list(Question),
        positions=list(Position),
        default_position=Position.SUPPORT,
        members=members_on(scenario, day),
        decision=decision,
        error=error,
    )


E = TypeVar("E", Question, Position, planning_api.Solver)


def _enum(kind: type[E], text: str | None, default: E, field: str) -> E:
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        expected = ", ".join(v.value for v in kind)
        raise UsageError(
            [Problem(f"unknown value {text!r}", path=field, expected=expected)]
        ) from None


@router.get("/intel", name="page_intel", response_class=HTMLResponse)
def page_intel(request: Request) -> HTMLResponse:
    """Intel: sign in with an organisation's API key; browse, search and share what it may see."""
    if not context_of(request).intel:
        raise NotFound([Problem("this server runs without the intel hub", path="/intel")])
    return _render(request, "intel.html", "Intel", tlp=tlp_choices())


@router.get("/crisis", name="page_crisis", response_class=HTMLResponse)
def page_crisis(request: Request) -> HTMLResponse:
    """Crisis: run a crisis N times with what-if overrides, follow it live, compare two runs."""
    scenario = context_of(request).scenario
    return _render(
        request,
        "crisis.html",
        "Crisis",
        crises=catalogue(scenario),
        members=members_on(scenario, scenario.as_of),
        max_runs=MAX_RUNS,
    )


def _int(text: str | None, default: int, field: str, low: int, high: int) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise UsageError(
            [
                Problem(
                    f"cannot use {text!r}", path=field, expected=f"a whole number {low} to {high}"
                )
            ]
        )
    return value


@router.get("/backtest", name="page_backtest", response_class=HTMLResponse)
def page_backtest(request: Request) -> HTMLResponse:
    """Back-test: every historical case, observed against modelled, and Brier vs base rate."""
    ctx = context_of(request)
    query = request.query_params
    runs, seed, result, error, status = 500, 0, None, None, 200
    try:
        runs = _int(query.get("runs"), runs, "runs", 1, 20_000)
        seed = _int(query.get("seed"), seed, "seed", 0, 2**63 - 1)
    except UsageError as exc:
        error, status = str(exc), status_for(exc)
    if error is None:
        try:  # a scenario without cases is not the request's fault: say so, with 200
            result = sim_api.backtest(ctx, runs, seed)
        except CollsecError as exc:
            error = str(exc)
    return _render(
        request, "backtest.html", "Back-test", status, runs=runs, seed=seed, result=result,
        error=error,
    )  # fmt: skip


@router.get("/plan", name="page_plan", response_class=HTMLResponse)
def page_plan(request: Request) -> HTMLResponse:
    """Plan: the shipped example's deployment (or an uploaded one) on the map, and its charts."""
    ctx = context_of(request)
    solver, plan, error, status = planning_api.Solver.GREEDY, None, None, 200
    try:
        solver = _enum(planning_api.Solver, request.query_params.get("solver"), solver, "solver")
    except UsageError as exc:
        error, status = str(exc), status_for(exc)
    if error is None:
        try:
            plan = planning_api.example_plan(ctx, solver)
        except CollsecError as exc:  # the example does not fit this scenario: upload one instead
            error = f"the shipped example does not fit this scenario: {exc}"
    return _render(
        request, "plan.html", "Plan", status, solver=solver, solvers=list(planning_api.Solver),
        plan=plan, error=error,
    )  # fmt: skip


@router.get("/exercises", name="page_exercises", response_class=HTMLResponse)
def page_exercises(request: Request) -> HTMLResponse:
    """Exercises: the interoperability heat map and next year's exercise calendar."""
    ctx = context_of(request)
    year = ctx.scenario.as_of.year + 1
    matrix, calendar, error, status = None, None, None, 200
    try:
        year = _int(request.query_params.get("year"), year, "year", 1992, 2100)
    except UsageError as exc:
        error, status = str(exc), status_for(exc)
    if error is None:
        try:  # a scenario without the exercise models' data: say what is missing, with 200
            matrix = exercises_api.interop(ctx.scenario, None)
            calendar = exercises_api.exercise_calendar(ctx, year, None)
        except CollsecError as exc:
            error = str(exc)
    return _render(
        request, "exercises.html", "Exercises", status, year=year, matrix=matrix,
        calendar=calendar, error=error,
    )  # fmt: skip
