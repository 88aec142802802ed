import pytest
import typer

from collsec.cli import sim as sim_cli
from collsec.scenario import Scenario, load_scenario
from collsec.sim.runner import RunSpec


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario()


@pytest.fixture
def run_spec() -> RunSpec:
    return RunSpec((), (), None, None, 60, 11)


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    sim_cli.register(app)
    return app
