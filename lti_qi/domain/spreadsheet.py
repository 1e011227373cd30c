"""CSV for spreadsheets: one line at a time, with cells that can never run as formulas.

Spreadsheets run a cell starting ``=``, ``+``, ``-``, ``@``, tab or carriage return as a
formula ("CSV injection"); a leading ``'`` makes them show it as text instead. Everything a
learner or LMS typed can reach an export, so every export goes through here.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """Return a cell that spreadsheets show as text, never run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def csv_line(cells: Iterable[str]) -> str:
    """Return one CSV line (with its line ending) of neutralised cells."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise_formula(cell) for cell in cells])
    return buffer.getvalue()
