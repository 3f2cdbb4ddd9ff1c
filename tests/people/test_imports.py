"""Importing people from CSV and XLSX: refusals, column guessing, row checks, all or nothing,
re-import without duplicates, through the real worker."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tandem.people import imports, services
from tandem.people.models import ImportJob, Participant, Person
from tests.conftest import login

CSV = (
    "Voornaam;Achternaam;E-mail;GSM;Geboortedatum;Geslacht;Postcode;Talen\n"
    "Amina;Yusuf;amina@example.org;0470 11 22 33;03/04/1999;V;1030;ar:native, nl:A2\n"
    "Dawit;Haile;;+32 486 00 11 22;1995-12-31;M;2000;ti native\n"
)


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(world, content: bytes, filename="people.csv", mapping=None, **options):
    job = services.import_start(
        organisation=world.org,
        created_by=world.coordinator,
        filename=filename,
        content=content,
        language="en",
        **options,
    )
    if mapping is not None:
        job.mapping = mapping
        job.save()
    return services.import_run(job=job)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"First name,Last name\n", "a.csv", "no rows under its header"),
        (b"\x00\x01\x02binary", "a.csv", "not a text file"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "cannot be opened"),
        (b"a,b\n1,2\n", "a.pdf", "CSV or an Excel"),
        (b"x" * (imports.MAX_BYTES + 1), "a.csv", "too large"),
    ],
)
def test_files_that_are_not_a_table_of_people_are_refused_clearly(content, filename, message):
    with pytest.raises(imports.ImportRefused, match=message):
        imports.read_table(content, filename)


def test_a_csv_from_excel_in_windows_encoding_with_semicolons_is_read():
    data = "Prénom;Nom\nÉlodie;Müller\n".encode("cp1252")
    table = imports.read_table(data, "export.csv")
    assert table.headers == ["Prénom", "Nom"]
    assert table.rows == [["Élodie", "Müller"]]
    assert imports.guess_mapping(table.headers) == {"first_name": "Prénom", "last_name": "Nom"}


def test_an_xlsx_with_real_dates_is_read():
    data = xlsx(
        [["First name", "Last name", "Date of birth"], ["Awet", "Habte", dt.datetime(2001, 5, 6)]]
    )
    table = imports.read_table(data, "people.xlsx")
    assert table.rows == [["Awet", "Habte", "2001-05-06"]]


def test_dutch_headers_are_recognised():
    table = imports.read_table(CSV.encode(), "people.csv")
    assert imports.guess_mapping(table.headers) == {
        "first_name": "Voornaam",
        "last_name": "Achternaam",
        "email": "E-mail",
        "phone": "GSM",
        "birth_date": "Geboortedatum",
        "gender": "Geslacht",
        "postcode": "Postcode",
        "languages": "Talen",
    }


def test_each_bad_cell_gets_a_message_naming_the_value():
    row = imports.check_row(
        7,
        {
            "first_name": "A",
            "last_name": "",
            "email": "not-an-address",
            "birth_date": "31/02/1999",
            "gender": "?",
            "postcode": "0000",
            "languages": "klingon:native",
        },
    )
    text = " ".join(row.errors)
    assert "Last name is missing." in text
    assert "“not-an-address” is not an e-mail address." in text
    assert "“31/02/1999” is not a date" in text
    assert "“?” is not a gender" in text
    assert "Postcode “0000”" in text
    assert "“klingon:native” is not a language and level" in text


def test_row_errors_are_written_in_the_reader_s_language():
    with translation.override("fr"):
        row = imports.check_row(2, {"first_name": "A", "last_name": "B", "postcode": "0000"})
    assert row.errors == ["Le code postal « 0000 » ne figure pas dans notre liste."]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ar", "nl", "fr", "ti", "prs"]),
            st.sampled_from(["A1", "B2", "native"]),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    )
)
def test_languages_written_as_code_and_level_parse_back(pairs):
    text = ", ".join(f"{code}:{level}" for code, level in pairs)
    assert imports._languages(text) == pairs


def test_an_import_saves_people_with_languages_and_places(world):
    job = run(world, CSV.encode())
    assert (job.status, job.created_count, job.updated_count) == ("done", 2, 0)
    amina = Person.objects.get(last_name="Yusuf")
    assert (amina.birth_date, amina.gender, amina.municipality) == (
        dt.date(1999, 4, 3),
        "woman",
        "Schaerbeek",
    )
    assert set(amina.languages.values_list("code", "level")) == {("ar", "native"), ("nl", "A2")}
    assert bytes(job.content) == b""  # the file is not kept once imported


def test_importing_the_same_file_twice_updates_instead_of_duplicating(world):
    run(world, CSV.encode())
    second = run(world, CSV.encode().replace(b"0470 11 22 33", b"0470 99 88 77"))
    assert (second.created_count, second.updated_count) == (0, 2)
    assert Person.objects.filter(last_name__in=["Yusuf", "Haile"]).count() == 2
    assert Person.objects.get(last_name="Yusuf").phone == "0470 99 88 77"


def test_one_bad_row_means_nothing_is_saved_and_every_problem_is_listed(world):
    bad = CSV + "Zahra;;zahra@;0470;99/99/1999;V;1000;\n"
    job = run(world, bad.encode())
    assert job.status == "failed"
    assert [number for number, _problems in job.errors] == [4]
    assert not Person.objects.filter(last_name__in=["Yusuf", "Haile"]).exists()


def test_imported_people_can_join_a_programme_once(world):
    run(world, CSV.encode(), programme=world.programme, role="mentee")
    run(world, CSV.encode(), programme=world.programme, role="mentee")
    joined = Participant.objects.filter(programme=world.programme, person__last_name="Yusuf")
    assert joined.count() == 1
    assert joined.get().status_changes.get().reason == "Imported from a spreadsheet"


@pytest.mark.django_db(transaction=True)
def test_the_pages_upload_choose_columns_and_the_worker_imports(world):
    client = login(world.coordinator)
    upload = io.BytesIO(CSV.encode())
    upload.name = "last-year.csv"
    response = client.post(reverse("people:import_upload"), {"file": upload, "role": "mentee"})
    job = ImportJob.objects.get(filename="last-year.csv")
    assert response.url == reverse("people:import_mapping", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Preview of the first 2 rows" in page and "Amina" in page
    fields = {
        f"col_{k}": v
        for k, v in imports.guess_mapping(imports.read_table(CSV.encode(), "a.csv").headers).items()
    }
    response = client.post(
        reverse("people:import_mapping", args=[job.pk]),
        {**fields, "preset_name": "Last year's Excel", "action": "import"},
    )
    assert response.url == reverse("people:import_status", args=[job.pk])
    assert "Waiting for the worker" in client.get(response.url).content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    status = client.get(response.url).content.decode()
    assert "2 people added, 0 updated." in status
    assert Person.objects.filter(last_name="Haile").exists()
    from tandem.people.models import ImportPreset

    preset = ImportPreset.objects.get(organisation=world.org, name="Last year's Excel")
    assert preset.mapping["first_name"] == "Voornaam"


def test_a_malformed_upload_is_refused_on_the_page(world):
    upload = io.BytesIO(b"\x00\x01binary junk")
    upload.name = "people.csv"
    response = login(world.coordinator).post(
        reverse("people:import_upload"), {"file": upload, "role": "mentee"}
    )
    assert response.status_code == 200
    assert "This is not a text file." in response.content.decode()
    assert (
        not ImportJob.objects.filter(filename="people.csv").exclude(pk=world.import_job.pk).exists()
    )


def test_a_shared_phone_or_email_does_not_merge_different_people(world):
    run(world, b"First name,Last name,Phone,E-mail\nAhmed,Karimi,0470 11 22 33,case@ocmw.example\n")
    job = run(
        world,
        b"First name,Last name,Phone,E-mail\nFatima,Haile,0470 11 22 33,case@ocmw.example\n",
    )
    assert (job.created_count, job.updated_count) == (1, 0)
    assert set(
        Person.objects.filter(phone="0470 11 22 33").values_list("first_name", flat=True)
    ) == {
        "Ahmed",
        "Fatima",
    }


def test_the_same_name_and_year_with_different_birth_dates_are_two_people(world):
    job = run(
        world,
        b"First name,Last name,Date of birth\nMohamed,Ahmed,01/02/1990\nMohamed,Ahmed,15/11/1990\n",
    )
    assert job.created_count == 2


def test_a_two_thousand_row_spreadsheet_imports_twice_without_duplicates(world):
    lines = ["First name,Last name,E-mail,Phone,Year of birth"]
    lines += [
        f"Name{i},Family{i},p{i}@example.org,+32 470 {i:06d},{1960 + i % 40}" for i in range(2000)
    ]
    data = "\n".join(lines).encode()
    first = run(world, data)
    second = run(world, data)
    assert (first.created_count, second.created_count, second.updated_count) == (2000, 0, 2000)
    assert Person.objects.filter(last_name__startswith="Family").count() == 2000
