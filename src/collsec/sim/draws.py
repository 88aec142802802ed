"""The episodes' random numbers: a counter-based stream, one block of uniforms per episode.

A run's seed goes through `numpy.random.SeedSequence(seed)` once, which gives two 64-bit keys.
Uniform `j` of episode `i` is the SplitMix64 output at position `i * BLOCK + j` of the stream
keyed by the first key (SplitMix64 passes BigCrush; Steele, Lea and Flood, "Fast splittable
pseudorandom number generators", OOPSLA 2014). Because a uniform is a pure function of
(seed, episode, j), the runner can compute a whole batch of episodes' blocks at once with
numpy, and any episode alone (`draws_for`) gives the same numbers: the rows never depend on
batching or on the number of workers. An episode that needs more than `BLOCK` uniforms
continues on the second key's stream, at position `i * 2**32 + j`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

import numpy as np
import numpy.typing as npt

__all__ = ["BLOCK", "CHUNK", "batch_draws", "draws_for", "run_keys"]

#: Uniforms reserved for each episode on the first stream.
BLOCK = 32
#: Episodes whose blocks numpy computes in one go.
CHUNK = 1024
_GAMMA = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_MASK = (1 << 64) - 1
_UNIT = 2.0**-53


@lru_cache(maxsize=64)
def run_keys(seed: int) -> tuple[int, int]:
    """The run's two stream keys, from `SeedSequence(seed)`."""
    state = np.random.SeedSequence(seed).generate_state(2, np.uint64)
    return int(state[0]), int(state[1])


def _uniform(key: int, position: int) -> float:
    z = (key + (position + 1) * _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return ((z ^ (z >> 31)) >> 11) * _UNIT


class _Overflow:
    """The second stream of one episode, started only if its first block runs out.

    `itertools.chain` calls `iter` on it only when reached, so the common episode pays for
    one small object, not for a generator.
    """

    __slots__ = ("episode", "seed")

    def __init__(self, seed: int, episode: int) -> None:
        self.seed = seed
        self.episode = episode

    def __iter__(self) -> Iterator[float]:
        key = run_keys(self.seed)[1]
        position = self.episode << 32
        while True:
            yield _uniform(key, position)
            position += 1


def draws_for(seed: int, episode: int) -> Iterator[float]:
    """Episode `episode`'s endless stream of uniforms in [0, 1), computed alone."""
    key = run_keys(seed)[0]
    first = [_uniform(key, episode * BLOCK + j) for j in range(BLOCK)]
    return chain(first, _Overflow(seed, episode))


def batch_draws(seed: int, start: int, stop: int) -> Iterator[Iterator[float]]:
    """The streams of episodes `[start, stop)` in order, first blocks computed with numpy.

    Equal, number for number, to `draws_for(seed, i)` for each episode `i`. Blocks are made
    `CHUNK` episodes at a time and each stream only when it is reached, so a stream's objects
    die young and the garbage collector never walks a whole batch of them.
    """
    for a in range(start, stop, CHUNK):
        b = min(a + CHUNK, stop)
        for k, row in enumerate(_blocks(seed, a, b).tolist()):
            yield chain(row, _Overflow(seed, a + k))


def _blocks(seed: int, start: int, stop: int) -> npt.NDArray[np.float64]:
    """The first-stream blocks of episodes `[start, stop)`: SplitMix64, vectorised."""
    key = np.uint64(run_keys(seed)[0])
    episodes = np.arange(start, stop, dtype=np.uint64)[:, None] * np.uint64(BLOCK)
    positions = episodes + np.arange(1, BLOCK + 1, dtype=np.uint64)
    z: npt.NDArray[np.uint64] = np.asarray(positions * np.uint64(_GAMMA), dtype=np.uint64)
    z += key
    z ^= z >> np.uint64(30)
    z *= np.uint64(_M1)
    z ^= z >> np.uint64(27)
    z *= np.uint64(_M2)
    z ^= z >> np.uint64(31)
    z >>= np.uint64(11)
    return z.astype(np.float64) * _UNIT
