"""Exact quantiles of a column too long to hold: a few streamed passes, bounded memory.

`collsec simulate` reports the median, p10 and p90 of three time columns over every episode.
Holding the columns costs 24 MB a million episodes, and memory has to stay flat however many
episodes run. The quantiles must still be exactly numpy's (`np.quantile`, method `linear`,
Hyndman and Fan's type 7): with `h = (n - 1) q`, the interpolation between the order
statistics `floor(h)` and `floor(h) + 1`. A streaming sketch (t-digest, P-squared) only
approximates them, so this module finds each order statistic by selection over passes: each
pass reads the column again (from Parquet, a column at a time) and histograms the values of
the interval known to hold the wanted rank over `bins` equal-width bins; the bin holding the
rank becomes the interval. Once the interval holds at most `limit` values, one more pass
collects and sorts them. Memory: `bins` counters and at most `limit` values, whatever the
number of rows; time: a handful of passes per order statistic (two or three for smooth
data, more when values are bunched).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["StreamedQuantiles"]

Chunks = Callable[[], Iterable[npt.NDArray[np.float64]]]


@dataclass
class _Interval:
    """Values `low <= v < high` (or `<= high` when `closed`), `below` of them under `low`."""

    low: float
    high: float
    closed: bool
    below: int

    def mask(self, v: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        upper = v <= self.high if self.closed else v < self.high
        return np.asarray((v >= self.low) & upper)


class StreamedQuantiles:
    """Exact quantiles of the finite values that `read()` yields, chunk by chunk.

    Args:
        read: Called once per pass; yields the column's values in chunks (no NaN or None).
        limit: The most values held at once.
        bins: Histogram bins per pass.

    Attributes:
        held: The most values this object has held at once (at most `limit`).
        passes: Passes made over the column so far.
    """

    def __init__(self, read: Chunks, limit: int = 1 << 16, bins: int = 4096) -> None:
        if limit < 2 or bins < 2:
            raise ValueError("limit and bins must be at least 2")
        self._read = read
        self.limit = limit
        self.bins = bins
        self.held = 0
        self.passes = 0
        self._n = 0
        self._low = math.inf
        self._high = -math.inf
        self._scanned = False

    def _scan(self) -> None:
        self.passes += 1
        for chunk in self._read():
            if chunk.size:
                self._n += int(chunk.size)
                self._low = min(self._low, float(chunk.min()))
                self._high = max(self._high, float(chunk.max()))
        self._scanned = True

    @property
    def count(self) -> int:
        """How many values the column holds."""
        if not self._scanned:
            self._scan()
        return self._n

    def quantiles(self, qs: Sequence[float]) -> list[float] | None:
        """`np.quantile(column, qs)` (method `linear`), or None for an empty column."""
        n = self.count
        if n == 0:
            return None
        out = []
        for q in qs:
            h = (n - 1) * float(q)
            if h >= n - 1:
                out.append(self.order_statistic(n - 1))
                continue
            below = max(0, math.floor(h))
            t = h - below
            a = self.order_statistic(below)
            b = self.order_statistic(below + 1) if t > 0 else a
            # numpy's `_lerp`, operation for operation, so the result is bit-identical.
            diff = b - a
            out.append(b - diff * (1 - t) if t >= 0.5 else a + diff * t)
        return out

    def order_statistic(self, rank: int) -> float:
        """The value at position `rank` (from 0) of the sorted column."""
        if not 0 <= rank < self.count:
            raise IndexError(f"rank {rank} outside a column of {self.count} values")
        cell = _Interval(self._low, self._high, closed=True, below=0)
        while True:
            inside, vmin, vmax, counts, edges = self._histogram(cell)
            if vmin == vmax:
                return vmin
            if inside <= self.limit:
                return float(self._collect(cell, inside)[rank - cell.below])
            j = int(np.searchsorted(np.cumsum(counts), rank - cell.below, side="right"))
            last = j == len(counts) - 1
            cell = _Interval(
                float(edges[j]),
                float(edges[j + 1]),
                closed=cell.closed and last,
                below=cell.below + int(counts[:j].sum()),
            )

    def _histogram(
        self, cell: _Interval
    ) -> tuple[int, float, float, npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """One pass: count, extremes and histogram of the values inside `cell`."""
        self.passes += 1
        edges = np.unique(np.linspace(cell.low, cell.high, self.bins + 1))
        if len(edges) == 2 and cell.closed:
            # Two neighbouring floats: no edge fits between them, so the upper one gets a bin
            # of its own and the next cell is one of the two values.
            edges = np.array([cell.low, cell.high, cell.high])
        counts = np.zeros(max(1, len(edges) - 1), dtype=np.int64)
        inside, vmin, vmax = 0, math.inf, -math.inf
        for chunk in self._read():
            v = chunk[cell.mask(chunk)]
            if not v.size:
                continue
            inside += int(v.size)
            vmin, vmax = min(vmin, float(v.min())), max(vmax, float(v.max()))
            index = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, len(counts) - 1)
            counts += np.bincount(index, minlength=len(counts))
        return inside, vmin, vmax, counts, edges

    def _collect(self, cell: _Interval, inside: int) -> npt.NDArray[np.float64]:
        """One pass: the values inside `cell`, sorted (at most `limit` of them)."""
        self.passes += 1
        kept = np.empty(inside, dtype=np.float64)
        filled = 0
        for chunk in self._read():
            v = chunk[cell.mask(chunk)]
            kept[filled : filled + v.size] = v
            filled += int(v.size)
        self.held = max(self.held, inside)
        kept.sort()
        return kept
