import click
from flask.cli import AppGroup

from scheduler.accounts import services
from scheduler.accounts.inputs import SignUpInput
from scheduler.accounts.models import Role
from scheduler.errors import DomainError
from scheduler.transactions import unit_of_work

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(email: str, role: str, name: str, password: str) -> None:
    """Create an account; prompts for missing options."""
    try:
        data = SignUpInput.parse({"email": email, "name": name, "password": password})
        with unit_of_work():
            user = services.create_user(data, role=Role(role))
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.role} {user.email}")
