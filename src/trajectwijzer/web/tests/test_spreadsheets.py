"""The shared CSV writer (trajectwijzer.spreadsheets): no text cell a spreadsheet would run,
and every exported text reads back as it was."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trajectwijzer import spreadsheets

# Text biased towards the characters that matter: triggers and quotes up front.
texts = st.builds(
    lambda lead, rest: lead + rest,
    st.text(alphabet="'=+-@\t\r\n s", max_size=4),
    st.text(max_size=20),
)


@given(texts)
def test_written_text_never_starts_a_formula_and_reads_back_as_it_was(text):
    stream = io.StringIO()
    spreadsheets.writer(stream).writerow([text])
    (cell,) = next(csv.reader(io.StringIO(stream.getvalue(), newline="")))

    assert not cell.startswith(spreadsheets.FORMULA_TRIGGERS)
    assert spreadsheets.read_cell(cell) == text


def test_numbers_are_written_as_numbers_and_harmless_text_as_is():
    stream = io.StringIO()
    spreadsheets.writer(stream, lineterminator="\n").writerow(
        [-3, Decimal("-1.50"), 2.5, "-3", "'s-Hertogenbosch", None, True]
    )
    assert stream.getvalue() == "-3,-1.50,2.5,'-3,'s-Hertogenbosch,,true\n"
