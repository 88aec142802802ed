"""YAML reading that remembers where every value came from.

Analysts edit scenario files by hand, so a validation error must point at the file and line.
PyYAML's node tree keeps start marks; we convert it to plain Python while recording, for each
path in the tree, the file and line where its value was written.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from collsec.errors import Problem, ScenarioError

__all__ = ["Located", "Locations", "Path_", "read_yaml_files", "yaml_files_in"]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A file and 1-based line."""

    file: str
    line: int


@dataclass
class Locations:
    """Where each path of a merged tree was last written."""

    by_path: dict[Path_, Located] = field(default_factory=dict)

    def record(self, path: Path_, where: Located) -> None:
        """Remember that `path` was written at `where` (a later write wins)."""
        self.by_path[path] = where

    def forget_below(self, path: Path_) -> None:
        """Drop everything recorded under `path` (its value was replaced wholesale)."""
        n = len(path)
        for key in [k for k in self.by_path if len(k) > n and k[:n] == path]:
            del self.by_path[key]

    def find(self, path: Path_) -> Located | None:
        """The location of `path`, or of its nearest recorded ancestor."""
        for n in range(len(path), -1, -1):
            hit = self.by_path.get(tuple(path[:n]))
            if hit is not None:
                return hit
        return None


def yaml_files_in(path: Path) -> list[Path]:
    """The YAML files a scenario path names: the file itself, or a folder's files by name."""
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise ScenarioError([Problem("folder holds no .yaml files", file=str(path))])
        return files
    if not path.exists():
        raise ScenarioError([Problem("no such file or folder", file=str(path))])
    return [path]


def _convert(
    node: yaml.Node, path: Path_, file: str, locs: Locations, line: int | None = None
) -> Any:
    """Plain Python for `node`; a mapping value is located at its key's line."""
    locs.record(path, Located(file, line or node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if isinstance(key, (dict, list)):
                raise ScenarioError(
                    [Problem("a mapping key must be a scalar", file, key_node.start_mark.line + 1)]
                )
            key = str(key) if not isinstance(key, str | int) else key
            if key in out:
                raise ScenarioError(
                    [
                        Problem(
                            f"duplicate key {key!r}",
                            file,
                            key_node.start_mark.line + 1,
                            _dotted((*path, key)),
                        )
                    ]
                )
            out[key] = _convert(value_node, (*path, key), file, locs, key_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), file, locs) for i, item in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# libyaml's parser keeps the same start marks and is an order of magnitude faster.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def _scalar(node: yaml.Node) -> Any:
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def read_yaml_files(files: list[Path]) -> Iterator[tuple[Path, dict[str, Any], Locations]]:
    """Parse each file into a mapping plus its locations; syntax errors name file and line.

    A file unchanged since its last parse (same size and modification time) is not parsed
    again: simulations and sweeps load the same scenario many times. Callers get their own
    copy, so merging into it never changes the cache.
    """
    for file in files:
        try:
            stat = file.stat()
        except OSError as exc:
            raise ScenarioError([Problem(f"cannot read: {exc}", file=str(file))]) from exc
        key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _PARSED:
            _PARSED[key] = _parse(file)
            while len(_PARSED) > _PARSED_MAX:
                del _PARSED[next(iter(_PARSED))]
        data, locs = _PARSED[key]
        yield file, copy.deepcopy(data), Locations(dict(locs.by_path))


_PARSED: dict[tuple[str, int, int], tuple[dict[str, Any], Locations]] = {}
_PARSED_MAX = 256


def _parse(file: Path) -> tuple[dict[str, Any], Locations]:
    """One file's mapping and the location of every value in it."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(f"cannot read: {exc}", file=str(file))]) from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ScenarioError(
            [Problem(f"not valid YAML: {exc.problem}", file=str(file), line=line)]
        ) from exc
    locs = Locations()
    if node is None:
        raise ScenarioError([Problem("file is empty", file=str(file))])
    data = _convert(node, (), str(file), locs)
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    "top level must be a mapping of sections",
                    file=str(file),
                    line=1,
                    expected="section names such as states:, rules:, assumptions:",
                )
            ]
        )
    return data, locs
