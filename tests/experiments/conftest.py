import pytest
import typer

from collsec.cli import experiments as experiments_cli

#: Moves the chance that a victim asks for help, so it moves p_deploy.
REQUEST_BASE = "assumptions.sim_request_weights.value.base"
#: Withdrawal happens after the operation: it cannot change whether forces deploy.
WITHDRAWAL_DAYS = "assumptions.sim_days_withdrawal.value.mode"


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    experiments_cli.register(app)
    return app
