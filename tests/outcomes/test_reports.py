"""The funder report: the XLSX workbook (its sheets and cells), the printable summary, the form
that refuses bad input, formula neutralisation, consent and access."""

import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from tandem.outcomes.indicators.esf import DEFINITIONS
from tandem.outcomes.indicators.own import DEFINITIONS as OWN_DEFINITIONS
from tests.conftest import login
from tests.outcomes.test_dashboards import NAMES, make_hand

PERIOD = {"period_from": "2025-01-01", "period_to": "2025-12-31"}
SHEETS = ["Cover", "ESF outputs", "ESF results", "Tandem indicators", "Definitions"]


@pytest.fixture(autouse=True)
def no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def hand(world):
    return make_hand(world)


def workbook(client, **params) -> openpyxl.Workbook:
    response = client.get(reverse("outcomes:report") + "?" + urlencode(params, doseq=True))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="tandem-report-2025-01-01-2025-12-31.xlsx"' in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def cells(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True)]


def by_code(sheet) -> dict[str, tuple]:
    return {row[1]: row for row in cells(sheet)[1:]}


def test_the_workbook_has_a_sheet_per_indicator_group_and_the_hand_counted_cells(world, hand):
    book = workbook(
        login(world.coordinator), programmes=[hand.programme.pk], format="xlsx", **PERIOD
    )
    assert book.sheetnames == SHEETS
    results = by_code(book["ESF results"])
    assert cells(book["ESF results"])[0] == (
        "Indicator",
        "Code",
        "Total",
        "Women",
        "Men",
        "Non-binary",
        "Gender not known",
    )
    assert results["employed_upon_leaving"][2:] == (1, 1, 0, 0, 0)
    assert results["job_searching_upon_leaving"][2:] == (1, 0, 1, 0, 0)
    assert results["employed_six_months_after"][2:] == (1, 1, 0, 0, 0)
    outputs = by_code(book["ESF outputs"])
    assert outputs["total_participants"][2:] == (3, 2, 1, 0, 0)
    assert outputs["unemployed"][2] == 2
    assert outputs["inactive"][2] == 1


def test_the_cover_says_what_period_whose_programmes_and_who_was_left_out(world, hand):
    book = workbook(
        login(world.coordinator),
        programmes=[hand.programme.pk],
        format="xlsx",
        as_of="2026-06-30",
        **PERIOD,
    )
    cover = {row[0]: row[1] for row in cells(book["Cover"])[1:]}
    assert cover["Organisation"] == "Mentor Brussels"
    assert cover["Programmes"] == "Hand-made programme"
    assert cover["Period from"].date().isoformat() == "2025-01-01"
    assert cover["Period to"].date().isoformat() == "2025-12-31"
    assert cover["Counted up to"].date().isoformat() == "2026-06-30"
    assert cover["Generated at"]
    assert cover["People counted"] == 3
    assert cover["Left out: no consent to research and reporting use"] == 1
    assert cover["Not counted: no situation at entry recorded"] == 1


def test_the_as_of_day_decides_which_six_month_results_count(world, hand):
    client = login(world.coordinator)
    # Alicia left on 30 June 2025: her six months are over on 30 December 2025.
    before = workbook(
        client, programmes=[hand.programme.pk], format="xlsx", as_of="2025-12-29", **PERIOD
    )
    on_the_day = workbook(
        client, programmes=[hand.programme.pk], format="xlsx", as_of="2025-12-30", **PERIOD
    )
    assert by_code(before["ESF results"])["employed_six_months_after"][2] == 0
    assert by_code(on_the_day["ESF results"])["employed_six_months_after"][2] == 1


def test_the_definitions_sheet_copies_the_indicator_module(world, hand):
    book = workbook(
        login(world.coordinator), programmes=[hand.programme.pk], format="xlsx", **PERIOD
    )
    rows = {row[0]: row for row in cells(book["Definitions"])[1:]}
    assert rows["employed_upon_leaving"][2] == str(DEFINITIONS["employed_upon_leaving"])
    assert rows["completion_rate"][2] == str(OWN_DEFINITIONS["completion_rate"])
    assert len(rows) == len(DEFINITIONS) + len(OWN_DEFINITIONS)


def test_tandems_own_indicators_have_their_sheet(world, hand):
    book = workbook(
        login(world.coordinator), programmes=[hand.programme.pk], format="xlsx", **PERIOD
    )
    rows = {row[0]: row[1:] for row in cells(book["Tandem indicators"])[1:]}
    # Of the two who left, Alicia is employed upon leaving: one positive outcome in two.
    assert rows["Positive outcome upon leaving"] == (1, 2, 50)
    assert rows["Mentorships completed"] == (2, 2, 100)


def test_no_name_is_in_the_workbook(world, hand):
    book = workbook(
        login(world.coordinator), programmes=[hand.programme.pk], format="xlsx", **PERIOD
    )
    text = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for name in NAMES:
        assert name not in text


def test_text_that_would_run_as_a_formula_is_neutralised_in_the_workbook(world, hand):
    hand.programme.name = "=1+1"
    hand.programme.save()
    book = workbook(
        login(world.coordinator), programmes=[hand.programme.pk], format="xlsx", **PERIOD
    )
    cover = {row[0]: row[1] for row in cells(book["Cover"])[1:]}
    assert cover["Programmes"] == "'=1+1"


def test_no_programme_chosen_means_all_the_readers_programmes(world, hand):
    book = workbook(login(world.coordinator), format="xlsx", **PERIOD)
    cover = {row[0]: row[1] for row in cells(book["Cover"])[1:]}
    assert "Hand-made programme" in cover["Programmes"]
    assert "Throughflow" in cover["Programmes"]


def test_a_limited_coordinator_reports_only_on_their_programmes(world, hand):
    client = login(world.limited_coordinator)
    book = workbook(client, format="xlsx", **PERIOD)
    cover = {row[0]: row[1] for row in cells(book["Cover"])[1:]}
    assert cover["Programmes"] == world.programme.name
    # Asking for a programme they do not cover is refused, not answered.
    response = client.get(
        reverse("outcomes:report"), {"programmes": hand.programme.pk, "format": "xlsx", **PERIOD}
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period_from": "2025-12-31", "period_to": "2025-01-01"}, "must start before it ends"),
        ({"period_from": "2025-01-01", "period_to": "2025-12-31", "as_of": "2024-01-01"}, "after"),
        ({"period_from": "not a day"}, "Enter a valid date"),
    ],
)
def test_the_report_form_refuses_bad_input_with_a_message(world, hand, params, message):
    response = login(world.coordinator).get(
        reverse("outcomes:report"), {**params, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Please correct the choices below." in body
    assert message in body


def test_the_report_page_offers_the_programmes_of_the_reader(world, hand):
    body = login(world.limited_coordinator).get(reverse("outcomes:report")).content.decode()
    assert world.programme.name in body
    assert "Hand-made programme" not in body
    assert "Download the workbook (XLSX)" in body


def test_the_printable_summary_shows_the_figures_without_names(world, hand):
    response = login(world.coordinator).get(
        reverse("outcomes:report_print"), {"programmes": hand.programme.pk, **PERIOD}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "core/print.css" in body
    assert "Funder report" in body and "Hand-made programme" in body
    assert "1 January 2025 – 31 December 2025" in body
    assert "Upon leaving, by gender" in body
    assert "Who entered in the period (ESF+ output indicators)" in body
    assert "Tandem&#x27;s own indicators" in body or "Tandem's own indicators" in body
    for name in NAMES:
        assert name not in body


@pytest.mark.parametrize("actor", ["mentor", "mentee", "employer_contact", "referral_partner"])
def test_the_report_is_for_staff_only(world, actor):
    client = login(world.user(actor))
    assert client.get(reverse("outcomes:report"), {"format": "xlsx"}).status_code == 403
    assert client.get(reverse("outcomes:report_print")).status_code == 403
