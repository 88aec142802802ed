"""HiGHS instances that print nothing on standard output.

HiGHS prints a banner from C++ when an instance is made, before any option can silence it;
with `--json` standard output must hold one JSON document only, so the banner is sent to
the null device at the file-descriptor level and C's buffer is flushed before restoring.
"""

from __future__ import annotations

import ctypes
import os
import sys

import highspy

__all__ = ["quiet_highs"]

_LIBC = ctypes.CDLL(None)


def quiet_highs() -> highspy.Highs:
    """A new HiGHS instance with all output off."""
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        _LIBC.fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    return h
