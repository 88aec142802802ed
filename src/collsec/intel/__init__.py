"""The intelligence-sharing hub: STIX 2.1 / TAXII 2.1 with need-to-know access and audit."""

from __future__ import annotations

__all__: list[str] = []
