"""Flask CLI commands: demo data."""

import click
from flask import Flask

from mentorship.demo import DEMO_PEOPLE, seed

DEMO_PASSWORD = "calm-mentoring-2026"


def register_cli(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo():
        """Fill the database with a living demo community (idempotent)."""
        accounts = seed(DEMO_PASSWORD)
        if accounts is None:
            click.echo("Demo data is already there.")
        click.echo("")
        click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, name, role, _skills, _tz in DEMO_PEOPLE[:6]:
            click.echo(f"  {email:<28} {name} ({role})")
        click.echo(f"  … and {len(DEMO_PEOPLE) - 6} more members (the README lists them by role)")
