"""CSV exports: safe against formula injection, readable by Excel, scoped like the list."""

import csv
import io

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.spreadsheets import FORMULA_STARTS, csv_bytes, safe_cell
from tests import factories
from tests.conftest import login


@given(st.text())
def test_no_cell_can_start_a_formula_and_safe_text_is_untouched(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    if not text.startswith(FORMULA_STARTS):
        assert cell == text
    else:
        assert cell == "'" + text


def test_the_file_starts_with_a_byte_order_mark_for_excel():
    data = csv_bytes(["Naam"], [["Élodie"]])
    assert data.startswith("\ufeff".encode())
    assert "Élodie" in data.decode("utf-8-sig")


def test_the_people_export_follows_the_filters_and_neutralises_formulas(world):
    factories.PersonFactory(organisation=world.org, first_name="=HYPERLINK(1)", last_name="Evil")
    client = login(world.coordinator)
    response = client.get(reverse("people:person_export"), {"role": "mentee"})
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row[1] for row in rows[1:]}
    assert names == {"Tesfay", "Rahimi", "Koval"}  # mentees only; no B, no mentor
    everyone = client.get(reverse("people:person_export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everyone
    assert "Outsideorg" not in everyone
