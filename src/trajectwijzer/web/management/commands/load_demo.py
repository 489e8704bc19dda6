"""``manage.py load_demo``: load the demo data and show how to log in to the demo."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from trajectwijzer.demo.loader import DemoAccount, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue, organisations and one account per role. Idempotent: "
        "running it again updates the demo records instead of duplicating them."
    )

    def handle(self, *args, **options) -> None:
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write(accounts_table(accounts))
        if any(account.awaiting_validation for account in accounts):
            self.stdout.write("")
            self.stdout.write(
                "* waits for validation: log in as the provider admin to validate it."
            )


def accounts_table(accounts: list[DemoAccount]) -> str:
    """A plain-text table (role, name, e-mail, password) that reads well in a terminal."""
    header = ("Role", "Name", "E-mail", "Password", "Organisation")
    rows = [
        (
            account.role + (" *" if account.awaiting_validation else ""),
            account.full_name,
            account.email,
            account.password,
            account.organisation,
        )
        for account in accounts
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
