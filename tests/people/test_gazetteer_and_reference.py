"""The postcode gazetteer and the reference lists (languages, countries, NACE, ISCO)."""

from django.utils import translation

from tandem.people import gazetteer, reference


def test_a_postcode_gives_its_locality_and_coordinates():
    loc = gazetteer.find("2000")
    assert (loc.name, round(loc.latitude, 3), round(loc.longitude, 3)) == ("Antwerpen", 51.221, 4.4)


def test_a_shared_postcode_needs_the_locality_name_which_ignores_accents_and_case():
    assert gazetteer.find("1370") is None
    assert gazetteer.find("1370", "MELIN").name == "Mélin"
    assert gazetteer.find("1370", "Nowhere") is None


def test_another_country_s_gazetteer_is_a_drop_in(tmp_path, settings):
    path = tmp_path / "nl.csv"
    path.write_text("1011,Amsterdam,4.9041,52.3676\n", encoding="utf-8")
    settings.TANDEM_GAZETTEER = str(path)
    assert gazetteer.find("1011").name == "Amsterdam"
    assert gazetteer.find("1000") is None


def test_the_shipped_gazetteer_is_complete():
    assert len(gazetteer.all_localities()) == 2757


def test_language_names_follow_the_interface_language():
    with translation.override("nl"):
        assert reference.language_name("ar") == "Arabisch"
    with translation.override("fr"):
        assert reference.language_name("uk") == "Ukrainien"
    assert reference.language_name("prs") == "Dari"
    assert reference.is_language("ti") and not reference.is_language("xx")


def test_countries_come_from_iso_3166_with_names_in_the_interface_language():
    with translation.override("fr"):
        assert reference.country_name("SY") == "Syrie"
    assert reference.is_country("ER") and not reference.is_country("XX")


def test_nace_and_isco_ship_with_their_official_codes_in_three_languages():
    sections = reference.nace_sections()
    assert [s.code for s in sections] == list("ABCDEFGHIJKLMNOPQRSTU")
    groups = reference.isco_groups()
    assert len([g for g in groups if not g.parent]) == 10
    assert len([g for g in groups if g.parent]) == 43
    for item in (*sections, *groups):
        assert all(item.labels[lang] for lang in ("en", "nl", "fr"))
    with translation.override("nl"):
        assert reference.nace_label("F") == "F – Bouwnijverheid"
