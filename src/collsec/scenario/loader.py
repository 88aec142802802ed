"""Loading a scenario: the embedded default, overlays, `--set` overrides and validation.

Order: the base (the embedded `csto` scenario, or a full scenario given first), then each
overlay merged on top, then each `--set PATH=VALUE`; references to the `sources` registry and
to `assumptions` are resolved; then the tree is validated as one `Scenario`. Every problem
names the file, the line, the field path and what was expected.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from collsec.errors import Problem, ScenarioError
from collsec.scenario.crossrefs import check_references
from collsec.scenario.models import Scenario
from collsec.scenario.yamlsource import Located, Locations, Path_, read_yaml_files, yaml_files_in

__all__ = [
    "DEFAULT_SCENARIO",
    "default_scenario_dir",
    "load_scenario",
    "parse_set",
    "resolve_source_ids",
]

DEFAULT_SCENARIO = "csto"
_REQUIRED = {name for name, f in Scenario.model_fields.items() if f.is_required()}
_APPEND = "+"


def default_scenario_dir() -> Path:
    """The folder of the embedded default scenario (`csto`)."""
    return Path(str(resources.files("collsec.scenario") / "data" / DEFAULT_SCENARIO))


def load_scenario(paths: Sequence[str | Path] = (), sets: Sequence[str] = ()) -> Scenario:
    """Load the default scenario, merge overlays and overrides, and validate the result.

    Args:
        paths: scenario files or folders. The first may be a full scenario (it then replaces
            the default); every other one is an overlay merged on top, in order.
        sets: `PATH=VALUE` overrides applied last (`states.ARM.status=withdrawn`,
            `rules.absent_silent_blocks=false`, `assumptions.NAME=0.4`).

    Raises:
        ScenarioError: listing every problem found, each with file, line and field path.
    """
    tree, locs = _read_layers([Path(p) for p in paths])
    for text in sets:
        path, value = parse_set(text)
        _apply_set(tree, locs, path, value)
    _apply_status_what_ifs(tree, locs)
    problems = _resolve_references(tree, locs)
    if problems:
        raise ScenarioError(problems)
    try:
        scenario = Scenario.model_validate(tree)
    except ValidationError as exc:
        raise ScenarioError(_problems_from(exc, locs)) from None
    problems = [_locate(p, locs) for p in check_references(scenario)]
    if problems:
        raise ScenarioError(problems)
    return scenario


def _read_layers(paths: list[Path]) -> tuple[dict[str, Any], Locations]:
    tree: dict[str, Any] = {}
    locs = Locations()
    layers = paths
    if not paths or not _is_full(paths[0]):
        layers = [default_scenario_dir(), *paths]
    for layer in layers:
        for _file, data, file_locs in read_yaml_files(yaml_files_in(layer)):
            _merge(tree, data, (), (), locs, file_locs)
    return tree, locs


def _is_full(path: Path) -> bool:
    keys: set[str] = set()
    for _file, data, _locs in read_yaml_files(yaml_files_in(path)):
        keys.update(str(k) for k in data)
    return keys >= _REQUIRED


def _merge(
    into: dict[str, Any],
    data: dict[str, Any],
    prefix: Path_,
    file_prefix: Path_,
    locs: Locations,
    file_locs: Locations,
) -> None:
    """Deep-merge mappings; a list replaces the old one, or extends it under `key+:`.

    `prefix` is the path in the merged tree, `file_prefix` the same place in the file (they
    differ below a `key+:`).
    """
    for raw_key, value in data.items():
        append = isinstance(raw_key, str) and raw_key.endswith(_APPEND)
        key = raw_key[: -len(_APPEND)] if append else raw_key
        path, file_path = (*prefix, key), (*file_prefix, raw_key)
        old = into.get(key)
        if append:
            if not isinstance(value, list) or not isinstance(old, list):
                loc = file_locs.by_path.get(file_path)
                raise ScenarioError(
                    [
                        Problem(
                            f"`{raw_key}` appends to a list",
                            loc.file if loc else None,
                            loc.line if loc else None,
                            ".".join(map(str, path)),
                            "a list here and a list in the scenario below",
                        )
                    ]
                )
            _copy_locs(file_locs, file_path, locs, path, offset=len(old))
            old.extend(value)
        elif isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value, path, file_path, locs, file_locs)
            written = file_locs.by_path.get(file_path)
            if written is not None:
                locs.record(path, written)
        else:
            if key in into:  # a new key has nothing recorded below it
                locs.forget_below(path)
            into[key] = value
            _copy_locs(file_locs, file_path, locs, path)


def _copy_locs(
    src: Locations, src_path: Path_, dst: Locations, dst_path: Path_, offset: int = 0
) -> None:
    n = len(src_path)
    for path, where in src.by_path.items():
        if path[:n] != src_path:
            continue
        rest = path[n:]
        if offset and rest and isinstance(rest[0], int):
            rest = (rest[0] + offset, *rest[1:])
        dst.record((*dst_path, *rest), where)


def parse_set(text: str) -> tuple[Path_, Any]:
    """Split `PATH=VALUE`; VALUE is read as YAML (numbers, booleans, dates, lists)."""
    path_text, sep, value_text = text.partition("=")
    if not sep or not path_text.strip():
        raise ScenarioError(
            [Problem(f"cannot read --set {text!r}", file="--set", expected="PATH=VALUE")]
        )
    try:
        value = yaml.safe_load(value_text) if value_text.strip() else ""
    except yaml.YAMLError:
        value = value_text
    parts: list[str | int] = []
    for part in path_text.strip().split("."):
        if not part:
            raise ScenarioError(
                [Problem("empty path segment", file="--set", path=path_text, expected="a.b.c")]
            )
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts), value


def _apply_set(tree: dict[str, Any], locs: Locations, path: Path_, value: Any) -> None:
    dotted = ".".join(map(str, path))
    where = Located("--set", 0)
    node: Any = tree
    for i, part in enumerate(path[:-1]):
        child = _child(node, part)
        if child is None:
            keys = _keys(node)
            raise ScenarioError(
                [
                    Problem(
                        f"no `{part}` at {'.'.join(map(str, path[:i])) or 'top level'}",
                        file="--set",
                        path=dotted,
                        expected=f"one of {keys}" if keys else "an existing path",
                    )
                ]
            )
        node = child
    last = path[-1]
    if not isinstance(node, dict | list):
        raise ScenarioError(
            [Problem("path goes through a value", file="--set", path=dotted, expected="a section")]
        )
    current = _child(node, last)
    if isinstance(current, dict) and ("value" in current or "assumption" in current):
        current["value"] = value
        if "assumption" in current and path[0] != "assumptions":
            del current["assumption"]
        if path[0] != "assumptions":
            current["source"] = [{"url": f"user:--set {dotted}", "retrieved": tree.get("as_of")}]
            current["note"] = "what-if value set on the command line"
        locs.record(path, where)
        return
    if isinstance(node, list):
        if not isinstance(last, int) or not 0 <= last < len(node):
            raise ScenarioError(
                [
                    Problem(
                        "list index out of range",
                        file="--set",
                        path=dotted,
                        expected=f"0..{len(node) - 1}",
                    )
                ]
            )
        node[last] = value
    else:
        node[last] = value
    locs.forget_below(path)
    locs.record(path, where)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part, node.get(str(part)))
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _keys(node: Any) -> str:
    if isinstance(node, dict):
        return ", ".join(sorted(map(str, node))[:12])
    return ""


def _apply_status_what_ifs(tree: dict[str, Any], locs: Locations) -> None:
    """Turn `states.X.status: S` (or `{value: S, from: DATE}`) into a membership event.

    The latest membership event up to a date is a state's status; a what-if status applies
    from `as_of` (or the given date) on, replacing any later recorded events.
    """
    states = tree.get("states")
    if not isinstance(states, dict):
        return
    as_of = tree.get("as_of")
    for sid, state in states.items():
        if not isinstance(state, dict) or "status" not in state:
            continue
        spec = state.pop("status")
        start = as_of
        if isinstance(spec, dict):
            start = spec.get("from", as_of)
            spec = spec.get("value")
        if not isinstance(start, date):
            start = as_of
        history = [e for e in state.get("membership", []) if not _after(e, start)]
        history.append(
            {
                "date": start,
                "status": spec,
                "event": f"what-if: status set to {spec}",
                "source": [{"url": "user:what-if", "retrieved": as_of}],
                "confidence": "L",
            }
        )
        state["membership"] = history
        here = locs.find(("states", sid, "status"))
        if here:
            locs.record(("states", sid, "membership", len(history) - 1), here)


def _after(event: Any, start: Any) -> bool:
    return (
        isinstance(event, dict) and isinstance(event.get("date"), date) and event["date"] >= start
    )


def _resolve_references(tree: dict[str, Any], locs: Locations) -> list[Problem]:
    """Replace source ids with registry entries and `{assumption: NAME}` with its value."""
    problems: list[Problem] = [
        _locate(Problem("not a mapping", path=name, expected=f"a mapping of {what}"), locs)
        for name, what in (("sources", "ID: {url, retrieved}"), ("assumptions", "NAME: {value}"))
        if name in tree and not isinstance(tree[name], dict)
    ]
    if problems:
        return problems
    registry = tree.get("sources") or {}
    assumptions = tree.get("assumptions") or {}

    def walk(node: Any, path: Path_) -> None:
        if isinstance(node, dict):
            for key in list(node):
                value = node[key]
                if key in ("source", "informed_by") and path[:1] != ("sources",):
                    node[key] = resolve_sources(value, (*path, key))
                elif (
                    key == "assumption" and isinstance(value, str) and path[:1] != ("assumptions",)
                ):
                    entry = assumptions.get(value)
                    if not isinstance(entry, dict) or "value" not in entry:
                        problems.append(
                            _locate(
                                Problem(
                                    f"unknown assumption {value!r}",
                                    path=".".join(map(str, (*path, key))),
                                    expected="a name defined in the assumptions section",
                                ),
                                locs,
                            )
                        )
                    elif "value" not in node:
                        node["value"] = copy.deepcopy(entry["value"])
                else:
                    walk(value, (*path, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, (*path, i))

    def resolve_sources(value: Any, path: Path_) -> Any:
        resolved, unknown = resolve_source_ids(value, registry, path)
        problems.extend(_locate(problem, locs) for problem in unknown)
        return resolved

    walk(tree, ())
    return problems


def resolve_source_ids(
    value: Any, registry: Mapping[str, Any], path: Path_
) -> tuple[list[Any], list[Problem]]:
    """Replace each registry id in a `source` list (or a lone id) with a copy of its entry.

    One rule for every file that cites sources the way the scenario does: the scenario's own
    tree and a back-test cases file alike. Inline `{url, retrieved}` entries pass unchanged.

    Returns:
        The resolved list and one problem (by field path) per unknown id.
    """
    items = value if isinstance(value, list) else [value]
    out: list[Any] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            out.append(item)
        elif item in registry:
            out.append(copy.deepcopy(registry[item]))
        else:
            problems.append(
                Problem(
                    f"unknown source id {item!r}",
                    path=".".join(map(str, (*path, i))),
                    expected="an id from the sources section, or {url, retrieved}",
                )
            )
    return out, problems


def _problems_from(exc: ValidationError, locs: Locations) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        loc = tuple(p for p in loc if p not in ("Fact[int]", "Fact[float]"))
        path = ".".join(str(p) for p in loc)
        problems.append(
            _locate(Problem(_message(err), path=path or None, expected=_expected(err)), locs)
        )
    return problems


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "missing required field"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    return msg.removeprefix("Value error, ")


def _expected(err: Any) -> str | None:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return str(ctx["expected"])
    if err["type"] == "extra_forbidden":
        return "only the fields the schema defines (see docs/scenario.md)"
    return None


def _locate(problem: Problem, locs: Locations) -> Problem:
    if problem.file or not problem.path:
        return problem
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in problem.path.split(".")]
    where = locs.find(tuple(parts))
    if where is None:
        return problem
    line = where.line or None
    return Problem(problem.message, where.file, line, problem.path, problem.expected)
