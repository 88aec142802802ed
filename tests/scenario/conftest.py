from pathlib import Path

import pytest

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture
def minimal() -> Path:
    return MINIMAL


@pytest.fixture
def overlay(tmp_path: Path):
    """Write an overlay file and return its path."""

    def write(text: str, name: str = "overlay.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
