"""Reading and checking a spreadsheet of people (CSV or XLSX), before anything is saved.

`read_table` refuses what cannot be a table of people (too big, empty, unreadable, binary);
`guess_mapping` proposes which column holds what, from header names in English, Dutch and
French; `check_rows` turns every row into the fields the services take, or into row errors in
the reader's language. Saving is `services.imports.import_run`, all or nothing.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.text import fold
from tandem.people import gazetteer, reference
from tandem.people.models import Gender, LanguageLevel

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in the reader's language."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


# Importable fields, with the header names (folded) that usually hold them.
FIELDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "first_name": (
        gettext_lazy("First name"),
        ("first name", "firstname", "voornaam", "prenom", "given name"),
    ),
    "last_name": (
        gettext_lazy("Last name"),
        (
            "last name",
            "lastname",
            "surname",
            "familienaam",
            "achternaam",
            "naam",
            "nom",
            "nom de famille",
        ),
    ),
    "email": (
        gettext_lazy("E-mail address"),
        ("email", "e-mail", "mail", "e-mailadres", "courriel", "adresse e-mail"),
    ),
    "phone": (
        gettext_lazy("Phone number"),
        ("phone", "telephone", "tel", "gsm", "mobile", "telefoon", "telefoonnummer", "gsm-nummer"),
    ),
    "birth_date": (
        gettext_lazy("Date of birth"),
        ("date of birth", "birth date", "birthdate", "geboortedatum", "date de naissance"),
    ),
    "birth_year": (
        gettext_lazy("Year of birth"),
        ("year of birth", "birth year", "geboortejaar", "annee de naissance"),
    ),
    "gender": (gettext_lazy("Gender"), ("gender", "sex", "geslacht", "gender", "sexe", "genre")),
    "postcode": (gettext_lazy("Postcode"), ("postcode", "postal code", "zip", "code postal", "cp")),
    "municipality": (
        gettext_lazy("Municipality"),
        ("municipality", "city", "town", "gemeente", "woonplaats", "commune", "ville", "localite"),
    ),
    "country_of_origin": (
        gettext_lazy("Country of origin"),
        (
            "country of origin",
            "country",
            "land van herkomst",
            "herkomstland",
            "pays d'origine",
            "pays",
        ),
    ),
    "languages": (
        gettext_lazy("Languages"),
        ("languages", "talen", "langues", "language", "taal", "langue"),
    ),
}
REQUIRED = ("first_name", "last_name")

_GENDERS = {
    "f": Gender.WOMAN,
    "v": Gender.WOMAN,
    "w": Gender.WOMAN,
    "woman": Gender.WOMAN,
    "female": Gender.WOMAN,
    "vrouw": Gender.WOMAN,
    "femme": Gender.WOMAN,
    "m": Gender.MAN,
    "h": Gender.MAN,
    "man": Gender.MAN,
    "male": Gender.MAN,
    "homme": Gender.MAN,
    "x": Gender.NON_BINARY,
    "non-binary": Gender.NON_BINARY,
    "non binary": Gender.NON_BINARY,
    "non-binair": Gender.NON_BINARY,
    "non-binaire": Gender.NON_BINARY,
}
_LEVELS = {fold(v): v for v in LanguageLevel.values} | {
    "moedertaal": "native",
    "langue maternelle": "native",
    "mother tongue": "native",
}


def read_table(data: bytes, filename: str) -> Table:
    """The header row and the data rows of a CSV or XLSX file, as text."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB. Split it.")
            % {"size": len(data) // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ImportRefused(_("Choose a CSV or an Excel (.xlsx) file."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise ImportRefused(_("The file has no rows under its header row."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    headers = [h.strip() for h in rows[0]]
    width = len(headers)
    return Table(headers, [(row + [""] * width)[:width] for row in rows[1:]])


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise ImportRefused(_("This is not a text file. Save the sheet as CSV (UTF-8) or .xlsx."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost any byte
        raise ImportRefused(_("The file's characters cannot be read. Save it as CSV (UTF-8)."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise ImportRefused(
            _("The file is not a well-formed CSV (a quote may be left open). Save it again.")
        ) from None


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise ImportRefused(
            _("This Excel file cannot be opened. Save it again as .xlsx.")
        ) from None
    rows = []
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
    except Exception:  # a damaged sheet inside a valid archive
        raise ImportRefused(
            _("This Excel file cannot be opened. Save it again as .xlsx.")
        ) from None
    finally:
        workbook.close()
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{field: header} for the headers whose name says what they hold."""
    mapping: dict[str, str] = {}
    for header in headers:
        name = fold(header)
        for field_name, (_label, names) in FIELDS.items():
            if field_name not in mapping and name in names:
                mapping[field_name] = header
                break
    return mapping


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (the header is row 1)
    fields: dict[str, Any] = field(default_factory=dict)
    languages: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def _date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= dt.date.today().year:
            raise ValueError(text)
        return day
    raise ValueError(text)


def _languages(text: str) -> list[tuple[str, str]]:
    """'ar:native, nl:A2' (or 'ar native; nl A2') → [('ar', 'native'), ('nl', 'A2')]."""
    result = []
    for part in re.split(r"[,;/]", text):
        part = part.strip()
        if not part:
            continue
        code, _sep, level = part.replace(":", " ").partition(" ")
        code, level = code.strip().lower(), fold(level)
        if not reference.is_language(code) or level not in _LEVELS:
            raise ValueError(part)
        result.append((code, _LEVELS[level]))
    return result


def check_row(number: int, values: dict[str, str]) -> Row:
    """One row's fields for the services, or its errors."""
    row = Row(number)
    for name in REQUIRED:
        if not values.get(name):
            row.errors.append(_("%(field)s is missing.") % {"field": FIELDS[name][0]})
    for name in ("first_name", "last_name", "municipality"):
        if values.get(name):
            row.fields[name] = values[name][:100]
    email = values.get("email", "").strip()
    if len(email) > 254:
        row.errors.append(_("The e-mail address is too long."))
    elif email:
        try:
            validate_email(email)
            row.fields["email"] = email.lower()
        except ValidationError:
            row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
    if values.get("phone"):
        row.fields["phone"] = values["phone"][:30]
    if values.get("birth_date"):
        try:
            row.fields["birth_date"] = _date(values["birth_date"])
        except ValueError:
            row.errors.append(
                _("“%(value)s” is not a date; write it as 31/12/1990 or 1990-12-31.")
                % {"value": values["birth_date"]}
            )
    if values.get("birth_year"):
        year = values["birth_year"]
        if year.isdigit() and 1900 <= int(year) <= dt.date.today().year:
            row.fields["birth_year"] = int(year)
        else:
            row.errors.append(_("“%(value)s” is not a year of birth.") % {"value": year})
    if values.get("gender"):
        gender = _GENDERS.get(fold(values["gender"]))
        if gender is None:
            row.errors.append(
                _("“%(value)s” is not a gender we know (woman, man, non-binary).")
                % {"value": values["gender"]}
            )
        else:
            row.fields["gender"] = gender
    if values.get("postcode"):
        postcode = values["postcode"].strip()
        if not gazetteer.localities(postcode):
            row.errors.append(
                _("Postcode “%(value)s” is not in the list we know.") % {"value": postcode}
            )
        else:
            row.fields["postcode"] = postcode
            name = values.get("municipality", "")
            locality = gazetteer.find(postcode, name) or gazetteer.localities(postcode)[0]
            row.fields["municipality"] = locality.name
    if values.get("country_of_origin"):
        code = values["country_of_origin"].strip().upper()
        if reference.is_country(code):
            row.fields["country_of_origin"] = code
        else:
            row.errors.append(
                _("“%(value)s” is not a country code (ISO 3166, e.g. SY, ER, AF).")
                % {"value": values["country_of_origin"]}
            )
    if values.get("languages"):
        try:
            row.languages = _languages(values["languages"])
        except ValueError as error:
            row.errors.append(
                _("“%(value)s” is not a language and level, e.g. ar:native, nl:A2.")
                % {"value": str(error)}
            )
    return row


def check_rows(table: Table, mapping: dict[str, str]) -> list[Row]:
    """Every row of the table, checked, with the mapping {field: header}."""
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise ImportRefused(
            _("Choose the columns that hold: %(fields)s.")
            % {"fields": ", ".join(str(FIELDS[name][0]) for name in missing)}
        )
    unknown = [h for h in mapping.values() if h not in table.headers]
    if unknown:
        raise ImportRefused(
            _("These columns are not in the file: %(names)s.") % {"names": ", ".join(unknown)}
        )
    index = {name: table.headers.index(header) for name, header in mapping.items()}
    return [
        check_row(number, {name: cells[i].strip() for name, i in index.items()})
        for number, cells in enumerate(table.rows, start=2)
    ]
