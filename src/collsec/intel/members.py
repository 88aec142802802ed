"""The member list a running hub uses, re-read from the scenario when it can have changed.

Which states are members in good standing decides the alliance collection's audience and who
may write where (docs/intel-access.md), so a suspension must reach a running hub without a
restart. `ScenarioMembers` recomputes each state's status when the scenario files change
(their size or modification time, checked at most once per `recheck_s`) and, when no fixed
date is given, when the UTC day changes (a status dated in the scenario takes effect on its
day). A scenario that fails to load while it is being edited keeps the last list that loaded,
and the problem is logged; the hub never runs without a list.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from collsec.errors import ScenarioError
from collsec.scenario import load_scenario
from collsec.scenario.loader import default_scenario_dir
from collsec.scenario.models import Status

__all__ = ["ScenarioMembers", "standing_on"]

_log = logging.getLogger("collsec.intel")
_Fingerprint = tuple[tuple[str, int, int], ...]


def standing_on(
    day: dt.date, paths: Sequence[str | Path] = (), sets: Sequence[str] = ()
) -> dict[str, Status]:
    """Each member state's status on `day`, from the scenario (states not yet members left out)."""
    scenario = load_scenario(paths, sets)
    standing: dict[str, Status] = {}
    for state_id, state in scenario.states.items():
        status = state.status_on(day)
        if status is not None:
            standing[state_id] = status
    return standing


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _fingerprint(roots: Sequence[Path]) -> _Fingerprint:
    """Size and modification time of every scenario file (and folder, for added files)."""
    seen: list[tuple[str, int, int]] = []
    for root in roots:
        files = [root]
        if root.is_dir():
            files += sorted([*root.glob("*.yaml"), *root.glob("*.yml")])
        for path in files:
            try:
                st = path.stat()
            except OSError:
                seen.append((str(path), -1, -1))
                continue
            seen.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(seen)


class ScenarioMembers:
    """The member list from scenario files, kept current while the hub runs."""

    def __init__(
        self,
        paths: Sequence[str | Path] = (),
        sets: Sequence[str] = (),
        on: dt.date | None = None,
        *,
        recheck_s: float = 1.0,
        today: Callable[[], dt.date] = _today,
    ) -> None:
        """Load the list once; a scenario that does not load raises ScenarioError here.

        Args:
            paths: scenario files or folders, as `load_scenario` takes them.
            sets: `PATH=VALUE` overrides.
            on: a fixed date whose statuses apply; None follows the UTC date.
            recheck_s: the longest time a change of the files goes unnoticed.
            today: the date source (tests pass a fixed one).
        """
        self._paths = [Path(p) for p in paths]
        self._sets = list(sets)
        self._on = on
        self._recheck_s = recheck_s
        self._today = today
        self._roots = [default_scenario_dir(), *self._paths]
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._print = _fingerprint(self._roots)
        self._day = on or today()
        self._standing = standing_on(self._day, self._paths, self._sets)

    def current(self) -> Mapping[str, Status]:
        """Each member state's status now (re-read if the files or the day changed)."""
        now = time.monotonic()
        if now - self._checked < self._recheck_s:
            return self._standing
        with self._lock:
            if now - self._checked < self._recheck_s:
                return self._standing
            self._checked = now
            day = self._on or self._today()
            printed = _fingerprint(self._roots)
            if printed != self._print or day != self._day:
                try:
                    self._standing = standing_on(day, self._paths, self._sets)
                except ScenarioError as exc:
                    _log.error("member list not re-read, the last one stays in force: %s", exc)
                self._print = printed
                self._day = day
        return self._standing
