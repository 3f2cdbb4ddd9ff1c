"""The engine's facts in words a coordinator can defend, in English, Dutch and French."""

import pytest
from django.utils import translation

from tandem.matching import wording
from tandem.matching.engine.vocabulary import CRITERIA
from tandem.matching.models import CRITERIA as PAGE_CRITERIA

CONTRIBUTIONS = [
    ("sector", {"sectors": ["F"], "isco": ""}),
    ("sector", {"sectors": ["F", "C"], "isco": "71"}),
    ("language", {"code": "ar", "mentor_level": "C1", "mentee_level": "native"}),
    ("distance", {"km": 12.4}),
    ("availability", {"slots": ["mon-am", "wed-pm"]}),
    ("interests", {"interests": ["football", "music"]}),
    ("age", {"gap": -3}),
    ("waiting", {"days": 40}),
]
EXPECTED = {
    "en": [
        "Both in construction",
        "Same kind of work: Building and related trades workers, excluding electricians",
        "Both speak Arabic (mentor C1, mentee native)",
        "12 km apart",
        "2 free moments in common: Monday morning, Wednesday afternoon",
        "Both like football and music",
        "Mentor 3 years younger",
        "The mentee has waited 40 days",
    ],
    "nl": [
        "Beiden in bouwnijverheid",
        None,
        "Beiden spreken Arabisch (mentor C1, mentee moedertaal)",
        "12 km uit elkaar",
        "2 vrije momenten gemeen: Maandagvoormiddag, Woensdagnamiddag",
        "Beiden houden van football en music",
        "Mentor 3 jaar jonger",
        "De mentee wacht al 40 dagen",
    ],
    "fr": [
        "Tous deux dans construction",
        None,
        "Tous deux parlent arabe (mentor C1, mentoré langue maternelle)",
        "À 12 km l'un de l'autre",
        "2 moments libres en commun : Lundi matin, Mercredi après-midi",
        "Tous deux aiment football et music",
        "Mentor plus jeune de 3 ans",
        "Le mentoré attend depuis 40 jours",
    ],
}


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_each_criterion_is_worded_in_the_reader_s_language(language):
    with translation.override(language):
        texts = [wording.contribution(c, facts) for c, facts in CONTRIBUTIONS]
    for text, expected in zip(texts, EXPECTED[language], strict=True):
        if expected is not None:
            assert text == expected


def test_small_distances_and_unknowns_read_naturally():
    assert wording.contribution("distance", {"km": 0.3}) == "Less than 1 km apart"
    assert wording.contribution("distance", {"km": 3.46}) == "3.5 km apart"
    assert wording.contribution("distance", {"km": None}).startswith("Distance not known")
    assert wording.contribution("age", {"gap": 0}) == "Born the same year"
    assert wording.contribution("age", {"gap": 1}) == "Mentor 1 year older"
    assert wording.contribution("language", {}) == "No language in common at the level needed"
    many = wording.contribution(
        "availability", {"slots": ["mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm"]}
    )
    assert many.startswith("6 free moments in common") and many.endswith("(and 2 more)")
    with translation.override("fr"):
        assert wording.contribution("distance", {"km": 3.46}) == "À 3,5 km l'un de l'autre"


VIOLATIONS = [
    ("excluded", {}),
    ("capacity", {"capacity": 1, "current": 1}),
    ("language", {"min_level": "B1"}),
    ("location_unknown", {}),
    ("distance", {"km": 31.2, "limit": 25, "whose": "mentee"}),
    ("gender_wish", {"wish": "woman"}),
    ("availability", {"overlap": 0, "minimum": 2}),
]


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_every_hard_rule_is_worded_without_codes(language):
    with translation.override(language):
        texts = [wording.violation(rule, facts) for rule, facts in VIOLATIONS]
    assert all(text and "_" not in text for text in texts)
    if language == "en":
        assert texts[4] == "They live 31 km apart, beyond the mentee's maximum of 25 km."
        assert texts[2] == "They share no language at level B1 or above."
    if language == "nl":
        assert texts[5] == "De mentee vroeg een mentor die een vrouw is."


def test_every_criterion_of_the_engine_has_a_label_in_the_pages():
    assert set(wording.CRITERION_LABELS) == set(CRITERIA) == set(PAGE_CRITERIA)
    for stage in ("", "collect", "candidates", "solve", "save", "done"):
        assert wording.stage_label(stage) != stage


def test_a_stored_explanation_leaves_out_the_criteria_the_programme_ignores():
    parts = [
        {"criterion": "age", "points": 0.0, "facts": {"gap": 10}},
        {"criterion": "waiting", "points": 4.5, "facts": {"days": 9}},
    ]
    worded = wording.explanation(parts, {"age": 0.0, "waiting": 2.0})
    assert worded == [
        {
            "criterion": "waiting",
            "label": "Waiting time",
            "points": 4.5,
            "text": "The mentee has waited 9 days",
        }
    ]
