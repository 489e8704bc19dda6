"""The one way the platform writes and reads spreadsheet cells (CSV).

A spreadsheet (Excel, LibreOffice Calc, Google Sheets) that opens a CSV runs a cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and treats a leading tab or
carriage return the same way; a learner's note or a provider's title that starts like
that would run on the machine of whoever opens the export. Every CSV the platform
writes goes through :func:`writer` or :func:`dict_writer`, which follow the OWASP rule
(https://owasp.org/www-community/attacks/CSV_Injection, "CSV Injection"; also OWASP
ASVS 5.0 requirement 1.2.10): a text cell that starts with one of those characters is
prefixed with a single quote, which the spreadsheet reads as "this is text" and does
not show. OWASP has since added the line feed (0x0A) to the list; it is escaped too.

Decisions:

- Only text is escaped. A number the code passes as a number (``int``, ``float``,
  ``Decimal``) is data, not a formula: ``-3`` stays ``-3`` so a numeric column stays
  numeric in the spreadsheet. Text that happens to look like a negative number
  (``"-3"`` typed in a title) is text and is escaped, as OWASP says for any text cell
  starting with ``-``. So writers pass numbers as numbers.
- A text cell whose leading single quotes are followed by a character that would be
  escaped is escaped as well (``'=x`` is written ``''=x``). That makes the
  escape reversible: :func:`read_cell` undoes exactly one escape, so a file the
  platform exported imports back to the same text (``'s-Hertogenbosch`` is untouched
  both ways: ``s`` triggers nothing).
- Importers keep imported text as it was: :func:`trim_text` removes the spaces around
  a value and whitespace at its end, never a leading tab or carriage return, so
  ``\\t=1+1`` stays ``\\t=1+1`` and cannot turn into the formula ``=1+1``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO, Any

# The characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPE = "'"


def neutralise(value: Any) -> Any:
    """The value as a safe cell: text that a spreadsheet would run gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS):
        return ESCAPE + text
    return text


def read_cell(text: str) -> str:
    """A cell of an imported CSV as the text it stands for: undoes one :func:`neutralise`."""
    if text.startswith(ESCAPE) and text.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def trim_text(text: str) -> str:
    """Imported text without the spaces around it; a leading tab or CR stays (see above)."""
    return text.lstrip(" ").rstrip()


class _SafeWriter:
    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, stream: IO[str], fieldnames: Iterable[str], **options: Any) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=list(fieldnames), **options)

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({key: neutralise(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: IO[str], **options: Any) -> _SafeWriter:
    """A ``csv.writer`` whose cells are neutralised; same options (``lineterminator`` …)."""
    return _SafeWriter(stream, **options)


def dict_writer(stream: IO[str], fieldnames: Iterable[str], **options: Any) -> _SafeDictWriter:
    """A ``csv.DictWriter`` whose values are neutralised; same options."""
    return _SafeDictWriter(stream, fieldnames, **options)
