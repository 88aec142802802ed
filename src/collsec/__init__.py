"""collsec: a collective-security alliance made executable.

The embedded default world is the Collective Security Treaty Organization (CSTO): sourced
scenario data (`collsec.scenario`), the Treaty's and Charter's procedures as a pure rules
engine (`collsec.charter`), and the rooms built on them.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
