"""``tandem outcomes export`` and ``tandem indicators esf``: files, tables, JSON, exit codes."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tandem.mentorships.models import Mentorship
from tandem.outcomes.indicators.esf import ESF_KEYS
from tandem.outcomes.records import load_records, pseudonym, records_file
from tests import factories
from tests.outcomes.test_indicators import event, record
from tests.outcomes.test_records import mentee, mentorship, status_event

ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    "SECRET_KEY": "cli-test",
    "DATABASE_URL": "sqlite:///:memory:",
}
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]


@pytest.fixture
def programme(db):
    programme = factories.ProgrammeFactory(slug="ntw", organisation__slug="mentor-brussels")
    left = mentee(programme, status="completed", entry=date(2025, 2, 1))
    mentorship(left, started=date(2025, 2, 1), ended=date(2025, 8, 1))
    status_event(left, date(2025, 8, 20), "employed", contract="permanent")
    mentee(programme, entry=date(2024, 6, 1))  # entered before the period, still in
    mentee(programme, consent=False, entry=date(2025, 3, 1))
    return programme


def run(*args: str) -> tuple[str, str]:
    out, err = _Buffer(), _Buffer()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


# --- export ----------------------------------------------------------------------------------


def test_export_writes_the_consenting_participants_and_says_how_many_were_left_out(
    programme, tmp_path, capsys
):
    target = tmp_path / "records.json"
    run("outcomes", "export", "--programme", "ntw", "--output", str(target))
    records = load_records(target.read_text())
    assert len(records) == 2
    assert (
        "left out for lack of consent to research and reporting use: 1" in capsys.readouterr().err
    )
    assert programme.participants.first().person.last_name not in target.read_text()


def test_export_with_a_period_keeps_those_who_entered_or_left_in_it(programme, capsys):
    out, _ = run("outcomes", "export", "--programme", "ntw", "--from", "2025-06-01")
    [only] = load_records(out)
    assert only["leaving_date"] == "2025-08-01"
    out, _ = run("outcomes", "export", "--programme", "ntw", *YEAR)
    assert len(load_records(out)) == 1
    # One participant per line, no blank lines.
    assert out.splitlines()[0] == '{"format": "tandem-records/1", "participants": ['
    assert len(out.splitlines()) == 3
    out, _ = run("outcomes", "export", "--programme", "ntw", "--to", "2024-12-31")
    assert [r["entry_date"] for r in load_records(out)] == ["2024-06-01"]


def test_an_ambiguous_programme_needs_the_organisation(programme, capsys):
    factories.ProgrammeFactory(slug="ntw", organisation__slug="another-org")
    with pytest.raises(CommandError, match="another-org, mentor-brussels") as refused:
        run("outcomes", "export", "--programme", "ntw")
    assert refused.value.returncode == 2
    out, _ = run("outcomes", "export", "--programme", "ntw", "--organisation", "mentor-brussels")
    assert len(load_records(out)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "nope"], "No programme 'nope'"),
        (["--programme", "ntw", "--organisation", "nope"], "No programme 'ntw' in organisation"),
        (["--programme", "ntw", "--from", "2025-02-30"], "--from: expected a date YYYY-MM-DD"),
        (["--programme", "ntw", "--from", "2025-02-01", "--to", "2025-01-01"], "--to is before"),
        (["--programme", "ntw", "--output", "/no/such/dir/x.json"], "Cannot write"),
    ],
)
def test_export_refuses_bad_input_with_exit_code_2(programme, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        run("outcomes", "export", *args)
    assert refused.value.returncode == 2


# --- indicators esf --------------------------------------------------------------------------


def test_indicators_from_the_database_as_json_have_every_key(programme, capsys):
    out, _ = run(
        "indicators", "esf", "--programme", "ntw", *YEAR, "--as-of", "2026-03-01", "--json"
    )
    result = json.loads(out)
    assert list(result) == list(ESF_KEYS)
    assert result["total_participants"] == {
        "total": 1, "women": 1, "men": 0, "non_binary": 0, "unknown": 0
    }  # fmt: skip
    assert result["employed_upon_leaving"]["total"] == 1
    assert result["employed_six_months_after"]["total"] == 1  # 1 Feb 2026 ≤ 1 Mar 2026
    assert (
        "Left out for lack of consent to research and reporting use: 1" in capsys.readouterr().err
    )


def test_the_database_and_the_exported_file_give_the_same_answer(programme, tmp_path, capsys):
    target = tmp_path / "records.json"
    run("outcomes", "export", "--programme", "ntw", "--output", str(target))
    Mentorship.objects.all().delete()  # the file no longer depends on the database
    from_file, _ = run("indicators", "esf", "--records", str(target), *YEAR, "--json")
    assert json.loads(from_file)["employed_upon_leaving"]["total"] == 1


def test_the_table_has_a_row_per_indicator_and_the_gender_columns(programme, capsys):
    out, _ = run("indicators", "esf", "--programme", "ntw", *YEAR, "--as-of", "2025-12-31")
    lines = out.strip().splitlines()
    assert lines[0] == "ESF+ common indicators, 2025-01-01 to 2025-12-31 (as of 2025-12-31)"
    assert lines[1].split() == ["indicator", "total", "women", "men", "non-binary", "unknown"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert list(rows) == list(ESF_KEYS)
    assert rows["employed_upon_leaving"] == ["1", "1", "0", "0", "0"]
    assert rows["employed_six_months_after"] == ["0", "0", "0", "0", "0"]  # not yet known


def test_a_bad_records_file_is_refused_naming_the_problem(tmp_path):
    bad = tmp_path / "bad.json"
    rec = {**record(), "gender": "female"}
    bad.write_text(json.dumps(records_file([rec])))
    with pytest.raises(CommandError, match="gender: must be one of") as refused:
        run("indicators", "esf", "--records", str(bad), *YEAR)
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="Cannot read") as refused:
        run("indicators", "esf", "--records", str(tmp_path / "missing.json"), *YEAR)
    assert refused.value.returncode == 2


def tandem(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args], env=ENV, capture_output=True, text=True
    )


def test_from_a_file_the_command_needs_no_database_and_exits_0(tmp_path):
    path = tmp_path / "records.json"
    rec = record(id=pseudonym(1), leaving_date="2025-06-30", events=[event("2025-07-10")])
    path.write_text(json.dumps(records_file([rec])))
    result = tandem("indicators", "esf", "--records", str(path), *YEAR, "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["employed_upon_leaving"]["women"] == 1
    assert set(figures) == set(ESF_KEYS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-01-01", "--to", "2025-12-31"], "one of the arguments --programme --records"),
        (["--records", "x.json", "--to", "2025-12-31"], "the following arguments are required: --from"),
        (["--records", "x.json", *YEAR, "--as-of", "soon"], "--as-of: expected a date"),
        (["--records", "x.json", *YEAR], "Cannot read x.json"),
    ],
)  # fmt: skip
def test_a_wrong_command_line_exits_with_code_2(args, message, tmp_path):
    result = tandem("indicators", "esf", *args)
    assert result.returncode == 2
    assert message in result.stderr
