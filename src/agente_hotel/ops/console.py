"""The table every checking command prints: one row per check, its result in colour."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

# (check, result, style of the result, detail)
CheckRow = tuple[str, str, str, str]


def print_checks(console: Console, title: str, rows: Iterable[CheckRow]) -> None:
    """Print the checks; names and details are shown as written, never read as markup
    (an error message may hold brackets, such as a QloApps filter)."""
    table = Table(title=title)
    for column in ("check", "result", "detail"):
        table.add_column(column)
    for name, result, style, detail in rows:
        table.add_row(escape(name), f"[{style}]{escape(result)}[/]", escape(detail))
    console.print(table)
