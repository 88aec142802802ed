"""Fixtures of the service's tests: an app on a small world, a live server, a real browser.

Browser tests drive Debian's Chromium (`/usr/bin/chromium`, installed by
scripts/ensure-chromium.sh) through Playwright's `executable_path`; no browser is downloaded.
Every request a page makes to anywhere but the test server is aborted and recorded, as is
every console error, so a test can assert the page is self-contained. On failure a screenshot
is saved under out/artifacts/.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from collsec.service import create_app

REPO = Path(__file__).resolve().parents[2]
SMALL = Path(__file__).parent / "data" / "small"
STATIC = REPO / "src" / "collsec" / "service" / "static"
ARTIFACTS = REPO / "out" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def small_world() -> Path:
    return SMALL


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app([SMALL])


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="session")
def built_assets() -> Path:
    """The front-end bundle, built when missing or stale (the script is idempotent)."""
    subprocess.run([str(REPO / "scripts" / "build-assets.sh")], check=True, cwd=REPO)
    return STATIC


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread


@pytest.fixture(scope="session")
def live_server(built_assets: Path) -> Iterator[LiveServer]:
    """A real uvicorn server on 127.0.0.1 serving the small world."""
    base, server, thread = _start(create_app([SMALL]))
    yield LiveServer(base, server, thread)
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/ensure-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Browsing:
    """A page on the live server, with what it tried to reach outside and what it logged."""

    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@contextmanager
def _browse(browser: Any, base: str, request: pytest.FixtureRequest) -> Iterator[Browsing]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    seen = Browsing(page, base)

    def guard(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            seen.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(f"uncaught: {e}"))
    yield seen
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name.replace('/', '_')}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
    context.close()


@pytest.fixture
def browsing(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Browsing]:
    """A page on the small world's server."""
    with _browse(browser, live_server.url, request) as seen:
        yield seen


@pytest.fixture(scope="session")
def csto_server(built_assets: Path) -> Iterator[LiveServer]:
    """A real uvicorn server on 127.0.0.1 serving the embedded CSTO world (crises, cases)."""
    base, server, thread = _start(create_app())
    yield LiveServer(base, server, thread)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def csto_browsing(
    browser: Any, csto_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Browsing]:
    """A page on the embedded CSTO world's server."""
    with _browse(browser, csto_server.url, request) as seen:
        yield seen


@dataclass
class IntelWorld:
    """A live server with the intel hub: three organisations and their contributor keys."""

    url: str
    keys: dict[str, str]


def _start(app: FastAPI) -> tuple[str, uvicorn.Server, threading.Thread]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="session")
def intel_server(
    built_assets: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IntelWorld]:
    """The service with a fresh intel database (created by `create_app`), orgs of two states."""
    from collsec.intel.auth import KeyVerifier, hasher_for
    from collsec.intel.directory import add_org, create_key
    from collsec.intel.models import Role

    url = f"sqlite:///{tmp_path_factory.mktemp('intel') / 'hub.db'}"
    app = create_app([SMALL], [], url)
    assert app.state.intel_first_key is not None
    hub = app.state.intel_hub
    verifier = KeyVerifier(hasher_for("default"))
    keys = {}
    for name, state in (("KAZ-KNB", "KAZ"), ("KAZ-MVD", "KAZ"), ("RUS-FSB", "RUS")):
        add_org(hub.store, name, state, hub.standing)
        keys[name] = create_key(hub.store, verifier, None, name, Role.CONTRIBUTOR).key
    base, server, thread = _start(app)
    yield IntelWorld(base, keys)
    server.should_exit = True
    thread.join(10)
