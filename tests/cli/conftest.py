import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

COLLSEC = Path(sys.executable).parent / "collsec"
REPO = Path(__file__).resolve().parents[2]


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def collsec():
    """Run the installed `collsec` console script as a user would."""

    def run(*args: str, cwd: Path = REPO) -> Run:
        proc = subprocess.run(
            [str(COLLSEC), *args], capture_output=True, text=True, cwd=cwd, timeout=120
        )
        return Run(proc)

    return run
