"""Build the demo organisation: a mentoring-to-work NGO in Belgium with two programmes.

Everything goes through the same services the pages use (``programme_create``, ``cohort_save``,
``person_create``, ``participant_create``, ``participant_move``), so the demo only ever holds
data the application itself could have produced.

The build is deterministic: every choice comes from one ``random.Random`` with a fixed seed, and
the generator never iterates over a ``set`` (string hashing differs between processes), so two
builds give the same persons, names and statuses. Only dates move: they are relative to the day
the demo is built, so "days in this step" always look current.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, Role, User
from tandem.demo.community import add_community_layer
from tandem.demo.intake import add_intake_layer, partner_membership
from tandem.demo.matching import add_matching_layer
from tandem.demo.mentorships import add_mentorships_layer
from tandem.demo.outcomes import add_outcomes_layer
from tandem.people import gazetteer, pipeline
from tandem.people.models import (
    LEVEL_ORDER,
    DropOutReason,
    Gender,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Person,
    ScreeningKind,
)
from tandem.people.reference import SLOTS
from tandem.people.services import (
    participant_create,
    participant_move,
    person_create,
    screening_record,
    training_record,
)
from tandem.programmes.models import Cohort, Organisation, Programme, TargetGroup
from tandem.programmes.services import cohort_save, programme_create

S = ParticipantStatus
MENTOR = ParticipantRole.MENTOR
MENTEE = ParticipantRole.MENTEE

DEMO_SLUG = "demo"
DEMO_NAME = "Tandem Demo – Mentoring to Work"
DEMO_PASSWORD = "tandem-demo"  # noqa: S105 - printed on purpose: a made-up demo, no real data
# Any fixed number will do; changing it changes every demo person.
SEED = 20_240_917

# Only reserved example domains (RFC 2606), so the demo can never e-mail a real person.
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")


@dataclass(frozen=True)
class _Login:
    role: str
    label: str
    email: str
    name: str
    language: str
    affiliation: str = ""


_LOGINS = (
    _Login(Role.ADMIN, "Organisation admin", "admin@demo.example.org", "Hilde Verbruggen", "en"),
    _Login(Role.COORDINATOR, "Coordinator", "coordinator@demo.example.org", "Nadia Benali", "nl"),
    # The mentor and mentee log-ins take the name of the demo person they are linked to.
    _Login(Role.MENTOR, "Mentor", "mentor@demo.example.org", "", "fr"),
    _Login(Role.MENTEE, "Mentee", "mentee@demo.example.org", "", "fr"),
    _Login(
        Role.EMPLOYER_CONTACT,
        "Employer contact",
        "employer@demo.example.org",
        "Pieter Vermeulen",
        "nl",
        "Bouwbedrijf Vermeulen",
    ),
    _Login(
        Role.REFERRAL_PARTNER,
        "Referral partner",
        "partner@demo.example.org",
        "Els Wouters",
        "nl",
        "OCMW Antwerpen",
    ),
)

DEMO_LOGINS: list[tuple[str, str]] = [(login.label, login.email) for login in _LOGINS]


@dataclass
class DemoSummary:
    """What ``build_demo`` did: ``created`` is False when the demo organisation already existed."""

    created: bool
    organisation: str
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Programmes and cohorts
# --------------------------------------------------------------------------------------------

_PROGRAMMES: tuple[dict[str, Any], ...] = (
    {
        "slug": "newcomers-brussels",
        "name_en": "Newcomers to work — Brussels",
        "name_nl": "Nieuwkomers aan het werk — Brussel",
        "name_fr": "Primo-arrivants vers l'emploi — Bruxelles",
        "description_en": (
            "Six months of one-on-one mentoring for newcomers and refugees under 30 who live in "
            "Brussels. A recently retired professional meets their mentee twice a month to work "
            "on a job plan: CV and applications, recognition of diplomas, language practice and "
            "a first professional network. Every eight weeks the action plan is reviewed with "
            "the coordinator."
        ),
        "description_nl": (
            "Zes maanden individuele mentoring voor nieuwkomers en vluchtelingen jonger dan 30 "
            "die in Brussel wonen. Een recent gepensioneerde professional ziet zijn of haar "
            "mentee twee keer per maand en werkt samen aan een jobplan: cv en sollicitaties, "
            "erkenning van diploma's, taaloefening en een eerste professioneel netwerk. Om de "
            "acht weken wordt het actieplan met de coördinator besproken."
        ),
        "description_fr": (
            "Six mois de mentorat individuel pour des primo-arrivants et des réfugiés de moins "
            "de 30 ans qui habitent à Bruxelles. Un·e professionnel·le récemment retraité·e "
            "rencontre son ou sa mentee deux fois par mois pour construire un projet "
            "professionnel : CV et candidatures, équivalence des diplômes, pratique de la langue "
            "et un premier réseau professionnel. Toutes les huit semaines, le plan d'action est "
            "revu avec la coordination."
        ),
        "target_group": TargetGroup.NEWCOMERS,
        "languages": ["nl", "fr", "en"],
        "duration_months": 6,
        "min_meetings_per_month": 2,
        "review_interval_weeks": 8,
        "required_training_hours": Decimal("12"),
        "default_mentees_per_mentor": 1,
    },
    {
        "slug": "throughflow-antwerp",
        "name_en": "Throughflow — Antwerp",
        "name_nl": "Doorstroom — Antwerpen",
        "name_fr": "Transition vers l'emploi — Anvers",
        "description_en": (
            "Nine months of mentoring for people in a social-economy job (for example a "
            "temporary work-experience contract through the OCMW) who want to move on to a job "
            "in the regular economy. Mentors work at partner companies in and around Antwerp; "
            "they meet their mentee at least once a month, open doors to job shadowing and "
            "try-out placements, and help prepare applications. A mentor can take on up to two "
            "mentees."
        ),
        "description_nl": (
            "Negen maanden mentoring voor mensen met een job in de sociale economie "
            "(bijvoorbeeld tijdelijke werkervaring via het OCMW) die willen doorstromen naar een "
            "job in de reguliere economie. Mentoren werken bij partnerbedrijven in en rond "
            "Antwerpen; ze zien hun mentee minstens één keer per maand, openen deuren naar "
            "jobshadowing en proefplaatsingen en helpen sollicitaties voorbereiden. Een mentor "
            "kan tot twee mentees begeleiden."
        ),
        "description_fr": (
            "Neuf mois de mentorat pour des personnes qui occupent un emploi dans l'économie "
            "sociale (par exemple une expérience de travail temporaire via le CPAS) et "
            "souhaitent passer à un emploi dans l'économie ordinaire. Les mentors travaillent "
            "dans des entreprises partenaires à Anvers et dans les environs ; ils rencontrent "
            "leur mentee au moins une fois par mois, ouvrent des portes vers des stages "
            "d'observation et des mises à l'essai, et aident à préparer les candidatures. Un "
            "mentor peut accompagner jusqu'à deux mentees."
        ),
        "target_group": TargetGroup.SOCIAL_ECONOMY,
        "languages": ["nl", "en"],
        "duration_months": 9,
        "min_meetings_per_month": 1,
        "review_interval_weeks": 8,
        "required_training_hours": Decimal("16"),
        "default_mentees_per_mentor": 2,
    },
)

# Cohort start dates in days from the build day: a finished round, a running one, the next one.
_COHORT_OFFSETS = {
    "newcomers-brussels": (-300, -120, 40),
    "throughflow-antwerp": (-330, -120, 60),
}


def _words(text: str) -> tuple[str, ...]:
    """'Van den Broeck, De Smet' -> ('Van den Broeck', 'De Smet'): keeps the tables short."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


_MONTHS = _words(
    "January, February, March, April, May, June, July, August, September, October, November, "
    "December"
)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, 28))


# --------------------------------------------------------------------------------------------
# Where people live: "postcode:weight", or "postcode/locality:weight" when the postcode is shared
# --------------------------------------------------------------------------------------------

_PLACES: dict[tuple[str, str], str] = {
    # Mentees in Brussels live mostly in the denser, cheaper municipalities.
    ("newcomers-brussels", MENTEE): (
        "1000:8, 1020:5, 1030:10, 1040:3, 1050:3, 1060:5, 1070:10, 1080:10, 1081:3, 1082:1, "
        "1083:1, 1090:3, 1120:2, 1130:1, 1140:3, 1190:4, 1210:6"
    ),
    ("newcomers-brussels", MENTOR): (
        "1000:3, 1020:1, 1030:3, 1040:4, 1050:5, 1060:2, 1070:2, 1083:2, 1090:3, 1140:2, "
        "1150:6, 1160:5, 1170:5, 1180:7, 1190:3, 1200:6"
    ),
    ("throughflow-antwerp", MENTEE): (
        "2000:4, 2018:5, 2020:3, 2030:3, 2040/Antwerpen:1, 2050:2, 2060:8, 2100:6, 2140:8, "
        "2170:5, 2180:2, 2600:3, 2610:2, 2640:1, 2660:5"
    ),
    # Mentors of partner companies live in the city and the green belt around it.
    ("throughflow-antwerp", MENTOR): (
        "2000:3, 2018:3, 2070/Zwijndrecht:2, 2100:2, 2110:1, 2150:2, 2160:1, 2180:3, "
        "2500/Lier:2, 2520/Ranst:1, 2530:2, 2540:2, 2547:1, 2550/Kontich:3, 2600:4, 2610:3, "
        "2620:1, 2627:1, 2630:2, 2640:4, 2650:4, 2660:2"
    ),
}


# --------------------------------------------------------------------------------------------
# Mentees: where they come from, their names and languages
# --------------------------------------------------------------------------------------------

_NATIVE = "native"
Languages = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Origin:
    country: str
    weight_brussels: int
    weight_antwerp: int
    women_share: float
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]
    # Alternative sets of mother tongues (and languages learnt at home or school), with weights.
    tongues: tuple[tuple[int, Languages], ...]
    # Other languages some of them speak: (code, probability, possible levels).
    extras: tuple[tuple[str, float, tuple[str, ...]], ...] = ()
    # Civil registries of some countries record an unknown birthday as the first of January.
    first_january_share: float = 0.0


_ORIGINS: tuple[_Origin, ...] = (
    _Origin(
        country="SY",
        weight_brussels=14,
        weight_antwerp=8,
        women_share=0.35,
        men=_words(
            "Ahmad, Mohammad, Omar, Khaled, Yousef, Hasan, Mahmoud, Rami, Tarek, Bashar, Fadi"
        ),
        women=_words("Rania, Lina, Hiba, Nour, Reem, Yara, Fatima, Ghada, Dima, Aya, Rasha, Sara"),
        surnames=_words(
            "Al-Hassan, Haddad, Khalil, Darwish, Saleh, Othman, Al-Ahmad, Hamdan, Kassab, "
            "Mansour, Najjar, Sabbagh, Halabi, Al-Masri, Shami, Zein"
        ),
        tongues=((1, (("ar", _NATIVE),)),),
        extras=(("en", 0.5, ("A2", "B1", "B2")), ("tr", 0.1, ("A2", "B1"))),
    ),
    # Syrian Kurds
    _Origin(
        country="SY",
        weight_brussels=3,
        weight_antwerp=3,
        women_share=0.4,
        men=_words("Azad, Baran, Dilshad, Rezan, Shivan, Jiwan, Kawa, Serhat"),
        women=_words("Rojda, Berivan, Dilan, Zozan, Shirin, Hêvî, Nesrin"),
        surnames=_words("Sheikho, Hamo, Mamo, Osman, Ibrahim, Mustafa, Bakr, Hussein"),
        tongues=((1, (("kmr", _NATIVE), ("ar", _NATIVE))), (1, (("kmr", _NATIVE), ("ar", "C1")))),
        extras=(("en", 0.3, ("A2", "B1")),),
    ),
    # Kurds from Iraq speak Sorani.
    _Origin(
        country="IQ",
        weight_brussels=4,
        weight_antwerp=5,
        women_share=0.4,
        men=_words("Karwan, Hawre, Rebwar, Sherwan, Aram, Zana, Dler, Hemin"),
        women=_words("Shilan, Chnar, Nasik, Avin, Rozhin, Lana, Tara"),
        surnames=_words("Abdullah, Rashid, Karim, Mahmood, Aziz, Qadir, Salih, Hama"),
        tongues=((2, (("ckb", _NATIVE), ("ar", "B1"))), (1, (("ckb", _NATIVE), ("ar", "B2")))),
        extras=(("en", 0.4, ("A2", "B1", "B2")),),
    ),
    _Origin(
        country="PS",
        weight_brussels=5,
        weight_antwerp=2,
        women_share=0.35,
        men=_words("Mohammed, Ahmed, Khalil, Yazan, Anas, Ibrahim, Mahmoud, Saeed"),
        women=_words("Aya, Mariam, Salma, Heba, Asmaa, Noor, Layan"),
        surnames=_words("Abu Ali, Shaheen, Abed, Hamdan, Al-Najjar, Abu Shanab, Odeh, Barakat"),
        tongues=((1, (("ar", _NATIVE),)),),
        extras=(("en", 0.6, ("A2", "B1", "B2")),),
    ),
    _Origin(
        country="ER",
        weight_brussels=12,
        weight_antwerp=8,
        women_share=0.35,
        men=_words(
            "Tesfay, Yonas, Filmon, Dawit, Samuel, Robel, Mehari, Habtom, Kidane, Biniam, Mussie, "
            "Henok, Ermias"
        ),
        women=_words(
            "Senait, Helen, Selam, Mebrat, Lidia, Feven, Saba, Semhar, Luwam, Winta, Rahel"
        ),
        # Eritrean family names are the father's given name.
        surnames=_words(
            "Tekle, Gebremedhin, Haile, Berhane, Kahsay, Tesfamariam, Ghebreyesus, Woldu, "
            "Andemariam, Negash, Tsegay, Yohannes, Asmerom, Kidane"
        ),
        tongues=((1, (("ti", _NATIVE),)),),
        extras=(
            ("ar", 0.25, ("A2", "B1")),
            ("am", 0.2, ("B1", "B2")),
            ("en", 0.4, ("A1", "A2", "B1")),
        ),
        first_january_share=0.3,
    ),
    _Origin(
        country="AF",
        weight_brussels=14,
        weight_antwerp=10,
        women_share=0.25,
        men=_words(
            "Ahmad, Mohammad, Farid, Hamid, Jawad, Mustafa, Nasir, Rahmatullah, Sayed, Wahid, "
            "Zabihullah, Bilal, Shafiq, Ehsan, Samiullah"
        ),
        women=_words(
            "Fatima, Mariam, Zahra, Parwana, Freshta, Nargis, Shabnam, Nilofar, Mursal, Sadaf, "
            "Laila"
        ),
        surnames=_words(
            "Ahmadi, Rahimi, Hakimi, Karimi, Noori, Sultani, Hashimi, Amiri, Haidari, Mohammadi, "
            "Safi, Stanekzai, Popal, Wardak, Zazai, Momand"
        ),
        # Dari (prs) or Pashto (ps) as mother tongue; Pashto speakers usually speak Dari too.
        tongues=((3, (("prs", _NATIVE),)), (2, (("ps", _NATIVE), ("prs", "B2")))),
        extras=(("en", 0.35, ("A1", "A2", "B1", "B2")), ("ur", 0.1, ("A2", "B1"))),
        first_january_share=0.4,
    ),
    _Origin(
        country="UA",
        weight_brussels=10,
        weight_antwerp=4,
        women_share=0.75,
        men=_words("Andrii, Oleksandr, Dmytro, Serhii, Maksym, Bohdan, Vladyslav, Artem"),
        women=_words(
            "Olena, Iryna, Oksana, Tetiana, Nataliia, Yuliia, Kateryna, Anastasiia, Viktoriia, "
            "Svitlana, Daria, Alina"
        ),
        surnames=_words(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boiko, Moroz, "
            "Lysenko, Marchenko, Savchenko, Rudenko, Petrenko, Hnatiuk"
        ),
        tongues=((3, (("uk", _NATIVE), ("ru", _NATIVE))), (1, (("uk", _NATIVE), ("ru", "C1")))),
        extras=(
            ("en", 0.7, ("A2", "B1", "B2", "C1")),
            ("pl", 0.1, ("A2", "B1")),
            ("de", 0.1, ("A2",)),
        ),
    ),
    _Origin(
        country="SO",
        weight_brussels=7,
        weight_antwerp=8,
        women_share=0.45,
        men=_words(
            "Abdirahman, Abdullahi, Mohamed, Hassan, Ahmed, Abdi, Yusuf, Mahad, Ismail, Liban, Omar"
        ),
        women=_words("Hodan, Sahra, Fartun, Amina, Ifrah, Hibo, Ayaan, Nasra, Fadumo, Ubah, Asha"),
        surnames=_words(
            "Mohamed, Ali, Farah, Warsame, Abdi, Hassan, Jama, Osman, Nur, Aden, Hersi, Egal"
        ),
        tongues=((1, (("so", _NATIVE),)),),
        extras=(("ar", 0.3, ("A2", "B1")), ("en", 0.4, ("A2", "B1", "B2"))),
        first_january_share=0.3,
    ),
    _Origin(
        country="CD",
        weight_brussels=8,
        weight_antwerp=5,
        women_share=0.5,
        men=_words(
            "Patrick, Jean-Paul, Christian, Cédric, Glody, Junior, Héritier, Trésor, Dieudonné, "
            "Joël, Exaucé"
        ),
        women=_words(
            "Grâce, Merveille, Bénédicte, Divine, Clarisse, Nathalie, Déborah, Plamedi, Ornella, "
            "Sarah"
        ),
        surnames=_words(
            "Mukendi, Kabongo, Tshibangu, Ilunga, Mbuyi, Lukusa, Kalala, Nsimba, Mbala, Lumbala, "
            "Makiese, Kanku, Kasongo, Matondo"
        ),
        # Lingala from Kinshasa, Swahili from the east; French from school.
        tongues=(
            (2, (("ln", _NATIVE), ("fr", "C1"))),
            (1, (("ln", _NATIVE), ("fr", _NATIVE))),
            (1, (("sw", _NATIVE), ("fr", "B2"))),
        ),
        extras=(("en", 0.2, ("A2", "B1")),),
    ),
    _Origin(
        country="MA",
        weight_brussels=8,
        weight_antwerp=14,
        women_share=0.5,
        men=_words(
            "Youssef, Mohamed, Karim, Bilal, Soufiane, Hamza, Anas, Ayoub, Mehdi, Rachid, Nabil, "
            "Ilias"
        ),
        women=_words(
            "Fatima, Khadija, Salma, Imane, Meryem, Sanae, Nadia, Houda, Zineb, Loubna, Samira, "
            "Hajar"
        ),
        surnames=_words(
            "El Amrani, Benali, El Idrissi, Bouzidi, Azzouzi, El Khattabi, Ouali, Tahiri, "
            "Ait Ouahmane, Boukhari, Chaoui, El Haddouchi, Zerouali"
        ),
        # Moroccan Arabic (ary), Tamazight (zgh) for Amazigh families; French from school.
        tongues=(
            (3, (("ary", _NATIVE), ("fr", "B1"))),
            (1, (("ary", _NATIVE), ("fr", "B2"))),
            (2, (("zgh", _NATIVE), ("ary", _NATIVE), ("fr", "A2"))),
        ),
        extras=(
            ("ar", 0.4, ("B1", "B2")),
            ("es", 0.1, ("A2", "B1")),
            ("en", 0.2, ("A2", "B1")),
        ),
    ),
    _Origin(
        country="GN",
        weight_brussels=10,
        weight_antwerp=6,
        women_share=0.3,
        men=_words("Mamadou, Alpha, Ibrahima, Amadou, Oumar, Thierno, Boubacar, Saliou, Abdoulaye"),
        women=_words("Mariama, Aïssatou, Fatoumata, Kadiatou, Ramatoulaye, Binta, Hawa"),
        surnames=_words("Diallo, Barry, Bah, Sow, Baldé, Diallo, Barry"),
        # Pular (ff) at home, French from school.
        tongues=(
            (2, (("ff", _NATIVE), ("fr", "B2"))),
            (1, (("ff", _NATIVE), ("fr", "C1"))),
            (1, (("ff", _NATIVE), ("fr", "B1"))),
        ),
        extras=(("en", 0.15, ("A1", "A2")),),
        first_january_share=0.3,
    ),
    _Origin(
        country="TR",
        weight_brussels=3,
        weight_antwerp=8,
        women_share=0.45,
        men=_words("Mehmet, Mustafa, Emre, Burak, Murat, Hakan, Serkan, Yusuf, Kemal"),
        women=_words("Ayşe, Elif, Zeynep, Fatma, Esra, Merve, Büşra, Hatice, Emine"),
        surnames=_words(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan, Kılıç, Koç"
        ),
        tongues=((3, (("tr", _NATIVE),)), (1, (("kmr", _NATIVE), ("tr", _NATIVE)))),
        extras=(("en", 0.4, ("A2", "B1", "B2")), ("de", 0.1, ("A2", "B1"))),
    ),
    _Origin(
        country="BI",
        weight_brussels=3,
        weight_antwerp=2,
        women_share=0.45,
        men=_words("Aimé, Claude, Eric, Jean-Bosco, Egide, Fabrice, Olivier"),
        women=_words("Ange, Clémence, Nadège, Diane, Aline, Sandrine"),
        surnames=_words("Ndayishimiye, Niyonzima, Hakizimana, Nshimirimana, Irakoze, Ndikumana"),
        tongues=(
            (2, (("rn", _NATIVE), ("fr", "B2"))),
            (1, (("rn", _NATIVE), ("fr", "C1"), ("sw", "B1"))),
        ),
        extras=(("en", 0.3, ("A2", "B1")),),
    ),
)


@dataclass(frozen=True)
class _Profile:
    """A working past: sectors (NACE), occupation (ISCO sub-major) and possible ISCED levels."""

    sectors: tuple[str, ...]
    occupations: tuple[str, ...]
    isced: tuple[int, ...]
    weight: int


def _profiles(text: str) -> tuple[_Profile, ...]:
    """'F | 71 93 | 23 | 8; ...': sections | ISCO groups | ISCED levels | weight, per profile."""
    profiles = []
    for row in text.split(";"):
        sectors, occupations, isced, weight = (cell.strip() for cell in row.split("|"))
        profiles.append(
            _Profile(
                tuple(sectors.split()),
                tuple(occupations.split()) or ("",),
                tuple(int(level) for level in isced),
                int(weight),
            )
        )
    return tuple(profiles)


_MENTEE_PROFILES: dict[str, tuple[_Profile, ...]] = {
    # Young newcomers: many with little work experience, some with a diploma not recognised
    # (ISCED 6-7); a repeated level weighs more.
    "newcomers-brussels": _profiles(
        " | | 223 | 10; F | 93 | 123 | 8; F | 71 | 23 | 7; I | 51 94 | 23 | 7; G | 52 | 234 | 6;"
        " H | 83 | 23 | 5; H G | 93 43 | 23 | 4; C | 75 | 123 | 4; G C | 72 | 234 | 5;"
        " F | 74 | 34 | 3; S | 51 | 23 | 3; Q | 53 | 34 | 4; N | 91 | 123 | 4; A | 61 92 | 12 | 3;"
        " N O | 41 | 34 | 2; Q | 22 | 667 | 3; F C | 21 | 67 | 3; J | 25 | 56 | 4;"
        " K M | 24 | 67 | 3; P | 23 | 6 | 2"
    ),
    # Workers in social-economy jobs (sorting, cleaning, green maintenance, sheltered workshops,
    # social restaurants); the first section is their current job, the second earlier work.
    "throughflow-antwerp": _profiles(
        "E G | 96 | 123 | 7; N | 91 | 123 | 8; N A | 92 | 123 | 6; C | 93 82 | 123 | 7;"
        " I | 94 51 | 23 | 6; H | 93 43 | 23 | 6; G S | 72 | 23 | 3; F | 71 | 23 | 4;"
        " Q P | 53 | 34 | 4; G | 52 | 23 | 4; H | 83 | 23 | 3; N Q | 22 | 67 | 1;"
        " N F | 21 | 67 | 1; N P | 23 | 6 | 1; N K | 24 | 6 | 1"
    ),
}

_MENTEE_INTERESTS = _words(
    "football, cooking, music, sewing, IT, gardening, cycling, reading, drawing, photography, "
    "basketball, running, fitness, chess, dancing, volunteering, films, poetry, crafts, "
    "languages, swimming, boxing, cars, hairdressing, mobile phones"
)

_PREFERRED_NAMES = {
    "Abdirahman": "Abdi",
    "Oleksandr": "Sasha",
    "Rahmatullah": "Rahmat",
    "Zabihullah": "Zabi",
    "Samiullah": "Sami",
    "Anastasiia": "Nastia",
    "Jean-Paul": "JP",
    "Mohammad": "Mo",
}


# --------------------------------------------------------------------------------------------
# Mentors: Belgians, some with a migrant background themselves
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Background:
    key: str
    weight_brussels: int
    weight_antwerp: int
    # First names differ between generations: retired mentors and working ones.
    men_older: tuple[str, ...]
    women_older: tuple[str, ...]
    men_younger: tuple[str, ...]
    women_younger: tuple[str, ...]
    surnames: tuple[str, ...]
    # Where the family came from; the heritage language follows it.
    countries: tuple[str, ...] = ("BE",)
    heritage: Languages = ()


_BACKGROUNDS: tuple[_Background, ...] = (
    _Background(
        key="flemish",
        weight_brussels=30,
        weight_antwerp=70,
        men_older=_words(
            "Jan, Luc, Marc, Dirk, Patrick, Geert, Koen, Bart, Peter, Wim, Johan, Rudi, Erik, "
            "Paul, Stefaan, Filip, Kris, Guido"
        ),
        women_older=_words(
            "An, Katrien, Greet, Hilde, Rita, Linda, Inge, Els, Veerle, Lieve, Martine, Marleen, "
            "Kristel, Griet, Mieke"
        ),
        men_younger=_words(
            "Tom, Pieter, Jeroen, Joris, Wouter, Stijn, Jens, Thomas, Ruben, Sander, Arne"
        ),
        women_younger=_words(
            "Sofie, Lies, Sarah, Eline, Nele, Annelies, Laura, Lotte, Hanne, Charlotte, Elke"
        ),
        surnames=_words(
            "Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, "
            "De Smet, Vermeulen, Van den Broeck, De Clercq, Hermans, Aerts, Verhoeven, "
            "Lambrechts, Van Damme, De Backer, Smets, Coppens, Verstraete, Michiels, "
            "Van de Velde, Bogaerts, Claeys, Pauwels, Stevens, Segers, Vandenberghe"
        ),
    ),
    _Background(
        key="francophone",
        weight_brussels=45,
        weight_antwerp=4,
        men_older=_words(
            "Jean, Philippe, Michel, Alain, Pierre, Christian, Didier, Bernard, Thierry, Daniel, "
            "Olivier, Jacques, Benoît"
        ),
        women_older=_words(
            "Anne, Isabelle, Catherine, Françoise, Martine, Nathalie, Véronique, Christine, "
            "Brigitte, Sylvie, Dominique, Chantal, Monique"
        ),
        men_younger=_words("Julien, Antoine, Maxime, Nicolas, Gauthier, Quentin"),
        women_younger=_words("Camille, Julie, Pauline, Manon, Sophie, Aurélie"),
        surnames=_words(
            "Dubois, Lambert, Dupont, Martin, Simon, Laurent, Leroy, Renard, Lejeune, Dumont, "
            "Lemaire, Denis, François, Leclercq, Collard, Henrard, Gilson, Fontaine, Marchal, "
            "Lefèvre, Hubert, Delvaux, Jacquet"
        ),
    ),
    _Background(
        key="moroccan",
        weight_brussels=8,
        weight_antwerp=12,
        men_older=_words("Mohamed, Rachid, Said, Karim, Hassan, Abdel, Mustapha"),
        women_older=_words("Naima, Fatiha, Samira, Khadija, Latifa, Malika"),
        men_younger=_words("Yassine, Ilyas, Mehdi, Anouar, Bilal"),
        women_younger=_words("Sara, Yasmina, Nora, Soumaya, Hafsa"),
        surnames=_words("El Bakkali, Amrani, Bouchtaoui, Ouazzani, Lahlou, El Mokhtari, Azzouz"),
        countries=("MA",),
        heritage=(("ary", _NATIVE), ("ar", "B1")),
    ),
    _Background(
        key="turkish",
        weight_brussels=4,
        weight_antwerp=8,
        men_older=_words("Ahmet, Hüseyin, Ali, İsmail, Osman"),
        women_older=_words("Gül, Serpil, Nurcan, Sevim, Hülya"),
        men_younger=_words("Cem, Kerem, Emre, Can"),
        women_younger=_words("Derya, Ebru, Selin, Özlem"),
        surnames=_words("Yıldırım, Özdemir, Kaya, Aksoy, Günay, Polat, Korkmaz"),
        countries=("TR",),
        heritage=(("tr", _NATIVE),),
    ),
    _Background(
        key="italian",
        weight_brussels=5,
        weight_antwerp=2,
        men_older=_words("Giuseppe, Salvatore, Antonio, Vincenzo, Angelo"),
        women_older=_words("Maria, Rosa, Lucia, Concetta, Giovanna"),
        men_younger=_words("Luca, Marco, Davide"),
        women_younger=_words("Giulia, Elena, Chiara"),
        surnames=_words("Rossi, Lombardo, Di Marco, Russo, Esposito, Romano, Bruno"),
        countries=("IT",),
        heritage=(("it", _NATIVE),),
    ),
    _Background(
        key="spanish",
        weight_brussels=3,
        weight_antwerp=1,
        men_older=_words("Francisco, José, Manuel, Antonio"),
        women_older=_words("Carmen, Pilar, Mercedes, Dolores"),
        men_younger=_words("David, Sergio, Pablo"),
        women_younger=_words("Laura, Marta, Lucía"),
        surnames=_words("Garcia, Fernandez, Martinez, Lopez, Rodriguez, Sanchez"),
        countries=("ES",),
        heritage=(("es", _NATIVE),),
    ),
    _Background(
        key="congolese",
        weight_brussels=5,
        weight_antwerp=1,
        men_older=_words("Jean-Pierre, Alphonse, Albert, Floribert"),
        women_older=_words("Marie-Claire, Josée, Béatrice, Godelive"),
        men_younger=_words("Cédric, Yannick, Kevin"),
        women_younger=_words("Nadine, Laetitia, Patricia"),
        surnames=_words("Kabasele, Kabeya, Mbuyi, Nzeza, Kalonji, Mpanu"),
        countries=("CD",),
        heritage=(("ln", _NATIVE),),
    ),
)

_MENTOR_PROFILES: dict[str, tuple[_Profile, ...]] = {
    # Recently retired professionals; Brussels has many retired civil servants and EU officials.
    "newcomers-brussels": _profiles(
        "K | 24 12 | 67 | 6; M | 24 26 | 67 | 5; O | 24 33 26 | 67 | 6; U O | 24 26 | 7 | 4;"
        " F | 21 13 | 67 | 5; C | 21 13 31 | 567 | 5; P | 23 | 67 | 6; Q | 22 32 | 567 | 5;"
        " G | 12 14 52 | 456 | 4; J | 25 | 67 | 3; H | 13 33 | 56 | 3; N | 12 24 | 67 | 4;"
        " C | 72 | 34 | 3; F | 71 | 34 | 2; I | 14 | 45 | 2"
    ),
    # Employees of partner companies around the port of Antwerp.
    "throughflow-antwerp": _profiles(
        "C | 21 31 13 | 567 | 7; H | 13 33 43 | 456 | 7; F | 21 13 31 71 | 3567 | 6;"
        " K | 24 33 | 67 | 4; G | 12 14 52 | 456 | 4; Q | 22 13 | 67 | 3; J | 25 35 | 567 | 4;"
        " N | 24 33 | 67 | 5; C | 72 31 | 345 | 4; M | 24 21 | 67 | 3"
    ),
}

_MENTOR_INTERESTS = _words(
    "hiking, cycling, reading, cooking, gardening, music, history, theatre, photography, travel, "
    "chess, football, tennis, volunteering, choir, woodworking, languages, running, museums, IT"
)


# --------------------------------------------------------------------------------------------
# Pipeline stories: how each participant got to where they are now
# --------------------------------------------------------------------------------------------

# The steps up to "ready to match", after "applied"; mentors are trained first.
_TO_READY = {
    MENTEE: (S.INTAKE_PLANNED, S.INTAKE_DONE, S.ELIGIBLE, S.READY_TO_MATCH),
    MENTOR: (S.INTAKE_PLANNED, S.INTAKE_DONE, S.ELIGIBLE, S.IN_TRAINING, S.READY_TO_MATCH),
}


def _story(role: str, key: str) -> tuple[str, ...]:
    """The moves after 'applied' for one kind of participant history."""
    ready = _TO_READY[role]
    intake = (S.INTAKE_PLANNED, S.INTAKE_DONE)
    second = (S.READY_TO_MATCH, S.MATCHED, S.ACTIVE)
    stories: dict[str, tuple[str, ...]] = {
        "applied": (),
        "reapplied": (S.NOT_ELIGIBLE, S.APPLIED),
        "intake_planned": (S.INTAKE_PLANNED,),
        "intake_planned_after_hold": (S.ON_HOLD, S.APPLIED, S.INTAKE_PLANNED),
        "intake_done": intake,
        "eligible": (*intake, S.ELIGIBLE),
        "in_training": (*intake, S.ELIGIBLE, S.IN_TRAINING),
        "ready": ready,
        "ready_after_failed_match": (*ready, S.MATCHED, S.READY_TO_MATCH),
        "matched": (*ready, S.MATCHED),
        "active": (*ready, S.MATCHED, S.ACTIVE),
        # A mentor on their second mentee.
        "active_second": (*ready, S.MATCHED, S.ACTIVE, S.COMPLETED, *second),
        "completed": (*ready, S.MATCHED, S.ACTIVE, S.COMPLETED),
        "hold_applied": (S.ON_HOLD,),
        "hold_intake": (S.INTAKE_PLANNED, S.ON_HOLD),
        "hold_eligible": (*intake, S.ELIGIBLE, S.ON_HOLD),
        "hold_training": (*intake, S.ELIGIBLE, S.IN_TRAINING, S.ON_HOLD),
        "hold_ready": (*ready, S.ON_HOLD),
        "not_eligible_applied": (S.NOT_ELIGIBLE,),
        "not_eligible_intake": (*intake, S.NOT_ELIGIBLE),
        "withdrawn_intake": (S.INTAKE_PLANNED, S.WITHDRAWN),
        "withdrawn_ready": (*ready, S.WITHDRAWN),
        "withdrawn_active": (*ready, S.MATCHED, S.ACTIVE, S.WITHDRAWN),
    }
    return stories[key]


# How many participants of each programme and role follow each story ("story:count").
_PLAN: dict[tuple[str, str], str] = {
    ("newcomers-brussels", MENTEE): (
        "applied:11, reapplied:1, intake_planned:9, intake_planned_after_hold:1, intake_done:8, "
        "eligible:6, ready:60, ready_after_failed_match:1, matched:6, active:18, completed:7, "
        "hold_applied:1, hold_eligible:1, hold_ready:2, not_eligible_applied:2, "
        "not_eligible_intake:1, withdrawn_ready:1, withdrawn_active:1"
    ),
    # One mentee per mentor: as many active mentors as active mentees. The next cohort's 60
    # mentees ready to match meet about 50 trained mentors (demo.matching gives some two places).
    ("newcomers-brussels", MENTOR): (
        "applied:8, intake_planned:6, intake_done:5, eligible:3, in_training:8, ready:48, "
        "ready_after_failed_match:1, matched:6, active:14, active_second:4, completed:3, "
        "hold_training:2, hold_ready:1, not_eligible_intake:1, withdrawn_intake:1"
    ),
    ("throughflow-antwerp", MENTEE): (
        "applied:8, intake_planned:6, intake_done:5, eligible:4, ready:8, matched:4, active:14, "
        "completed:5, hold_intake:1, hold_ready:2, not_eligible_applied:1, "
        "not_eligible_intake:1, withdrawn_active:1"
    ),
    # Up to two mentees per mentor here, so fewer active mentors than active mentees.
    ("throughflow-antwerp", MENTOR): (
        "applied:6, intake_planned:5, intake_done:4, eligible:3, in_training:6, ready:6, "
        "matched:3, active:8, active_second:2, completed:3, hold_training:1, hold_applied:1, "
        "not_eligible_applied:1, withdrawn_ready:1"
    ),
}


def _stories(slug: str, role: str) -> list[str]:
    """One story key per participant to create, in plan order."""
    keys = []
    for item in _words(_PLAN[(slug, role)]):
        key, count = item.split(":")
        keys.extend([key] * int(count))
    return keys


_BRUSSELS_REASONS = {
    (MENTEE, S.NOT_ELIGIBLE): (
        "Lives in Liège, outside the programme area; referred to a local organisation.",
        "Already in an intensive job coaching at Actiris; two coaches at once is too much.",
        "No right to work yet (asylum procedure under four months); can apply again later.",
        "Already has a permanent full-time job at their level; no need for a mentor now.",
    ),
    (MENTEE, S.ON_HOLD): (
        "Started a full-time French course for three months; starts after the exam.",
        "Follows an intensive training at Bruxelles Formation until the end of the month.",
        "Waiting for the decision on the residence permit; asked to pause.",
    ),
}
_ANTWERP_REASONS = {
    (MENTEE, S.NOT_ELIGIBLE): (
        "Not in a social-economy job; referred to VDAB job coaching.",
        "Lives in Mechelen, outside the programme area; referred to a local partner.",
        "Work-experience contract ends in two weeks; back to the OCMW caseworker first.",
    ),
    (MENTEE, S.ON_HOLD): (
        "Night shifts at the sorting centre for two months; cannot meet a mentor now.",
        "Follows an NT2 Dutch course in the evening until the summer.",
        "Contract renewal at the social enterprise still open; waiting for the outcome.",
    ),
}
_REASONS = {
    (MENTEE, S.ON_HOLD): (
        "Travelling to family abroad for six weeks.",
        "Moving house; new address not known yet.",
        "Health reasons; to be called again in two months.",
        "Childcare problem; will let us know when the crèche place starts.",
    ),
    (MENTEE, S.WITHDRAWN): (
        "Found a job on their own before matching – good news!",
        "Moved to Ghent to live with family.",
        "Not reachable after three calls and a text message.",
        "Chose to focus on a vocational training first.",
    ),
    (MENTEE, S.APPLIED): ("Got the right to work; applied again.",),
    (MENTOR, S.NOT_ELIGIBLE): (
        "Cannot commit to the meeting rhythm for the whole programme.",
        "Expected a paid assignment; the mentoring is voluntary.",
        "Prefers to help in the conversation club instead; referred there.",
    ),
    (MENTOR, S.ON_HOLD): (
        "Grandchild born; asked to pause for a few months.",
        "Long trip abroad planned; available again after the summer.",
        "Busy period at work (year-end closing); starts next quarter.",
        "Recovering from surgery.",
        "Caring for a family member for now.",
    ),
    (MENTOR, S.WITHDRAWN): (
        "Moved to another region.",
        "Health reasons.",
        "Not reachable after several attempts.",
        "New job leaves no time for mentoring.",
    ),
}
# Reasons that depend on the step a participant left, not only the one they reach.
_REASONS_FROM = {
    (MENTEE, S.ACTIVE, S.WITHDRAWN): (
        "Found a full-time job in logistics; stops the mentoring early, with thanks.",
        "Moved to Ghent for a job; stops the mentoring early.",
    ),
    (MENTEE, S.MATCHED, S.READY_TO_MATCH): (
        "The proposed pair did not start: their free times did not fit.",
        "Prefers a mentor who speaks French; back to matching.",
    ),
    (MENTOR, S.MATCHED, S.READY_TO_MATCH): (
        "The proposed mentee found a job before the first meeting.",
    ),
    (MENTOR, S.COMPLETED, S.READY_TO_MATCH): (
        "Wants to mentor another mentee.",
        "Enjoyed it; ready for a new mentee.",
    ),
}


def _reason(rng: random.Random, slug: str, role: str, from_status: str, to_status: str) -> str:
    """A believable reason for a move; empty when the step needs none and has no story."""
    local = _BRUSSELS_REASONS if slug == "newcomers-brussels" else _ANTWERP_REASONS
    options = _REASONS_FROM.get((role, from_status, to_status))
    if not options:
        options = local.get((role, to_status), ()) + _REASONS.get((role, to_status), ())
    return rng.choice(options) if options else ""


def _step_days(rng: random.Random, from_status: str, to_status: str, months: int) -> int:
    """Days a participant typically spends before making this move."""
    if to_status == S.COMPLETED:
        return months * 30 + rng.randint(-7, 14)
    if to_status == S.READY_TO_MATCH and from_status == S.IN_TRAINING:
        return rng.randint(14, 35)  # the training days
    if to_status == S.WITHDRAWN and from_status == S.ACTIVE:
        return rng.randint(30, months * 20)
    ranges = {
        S.INTAKE_PLANNED: (2, 14),
        S.INTAKE_DONE: (5, 21),
        S.ELIGIBLE: (1, 7),
        S.IN_TRAINING: (3, 30),
        S.READY_TO_MATCH: (3, 25),
        S.MATCHED: (5, 60),
        S.ACTIVE: (7, 21),
        S.ON_HOLD: (3, 30),
        S.NOT_ELIGIBLE: (3, 20),
        S.WITHDRAWN: (5, 60),
        S.APPLIED: (30, 120),
    }
    low, high = ranges[to_status]
    return rng.randint(low, high)


def _days_in_current_step(rng: random.Random, status: str, months: int) -> int:
    """How long ago the last move happened; the board shows this as 'days in this step'."""
    ranges = {
        S.APPLIED: (1, 25),
        S.INTAKE_PLANNED: (1, 14),
        S.INTAKE_DONE: (1, 10),
        S.ELIGIBLE: (2, 30),
        S.IN_TRAINING: (3, 40),
        S.READY_TO_MATCH: (3, 70),
        S.MATCHED: (2, 14),
        S.ACTIVE: (10, months * 30 - 10),
        # Some left over a year ago, so the six-month follow-ups and results have figures.
        S.COMPLETED: (3, 400),
        S.ON_HOLD: (5, 90),
        S.NOT_ELIGIBLE: (5, 150),
        S.WITHDRAWN: (5, 150),
    }
    low, high = ranges[status]
    return rng.randint(low, high)


def _timeline(rng: random.Random, steps: Sequence[str], months: int, today: date) -> list[datetime]:
    """Timestamps for 'applied' and each following step, increasing, all before today.

    Moves happen during office hours on weekdays, as they would in a real organisation.
    """
    statuses = [S.APPLIED, *steps]
    gaps = [_step_days(rng, before, after, months) for before, after in pairwise(statuses)]
    days_ago = sum(gaps) + _days_in_current_step(rng, statuses[-1], months)
    moments: list[datetime] = []
    for gap in (0, *gaps):
        days_ago -= gap
        day = today - timedelta(days=days_ago)
        # A weekend date moves back to Friday: staff do not work on Saturdays.
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)
        moment = timezone.make_aware(
            datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 10, 15, 30, 40, 45))))
        )
        if moments and moment <= moments[-1]:
            moment = moments[-1] + timedelta(minutes=rng.randint(20, 120))
        moments.append(moment)
    return moments


# --------------------------------------------------------------------------------------------
# Small helpers for names, contacts and places
# --------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, items: Sequence[Any], weights: Sequence[int]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


def _ascii(text: str) -> str:
    """'Öztürk', 'Aïssatou', 'Van den Broeck' -> 'ozturk', 'aissatou', 'vandenbroeck'."""
    text = text.replace("ı", "i").replace("İ", "I")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _email(rng: random.Random, first: str, last: str, used: set[str]) -> str:
    first_part, last_part = _ascii(first), _ascii(last)
    local = rng.choice(
        (
            f"{first_part}.{last_part}",
            f"{first_part}{last_part}",
            f"{first_part[0]}.{last_part}",
            f"{first_part}.{last_part}{rng.randint(1, 99)}",
        )
    )
    domain = rng.choice(EMAIL_DOMAINS)
    address, number = f"{local}@{domain}", 2
    while address in used:  # two people with the same name get distinct addresses
        address, number = f"{local}{number}@{domain}", number + 1
    used.add(address)
    return address


_MOBILE_PREFIXES = _words(
    "460, 465, 466, 467, 468, 470, 471, 472, 473, 474, 475, 476, 477, 478, 479, 483, 484, 485, "
    "486, 487, 488, 489, 491, 492, 493, 494, 495, 496, 497, 498, 499"
)


def _phone(rng: random.Random) -> str:
    """A Belgian mobile number written the usual way: +32 4xx xx xx xx."""
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))
    return f"+32 {rng.choice(_MOBILE_PREFIXES)} {pairs}"


def _place(rng: random.Random, slug: str, role: str) -> tuple[str, str]:
    """A postcode and one of its localities from the gazetteer."""
    options = [item.split(":") for item in _words(_PLACES[(slug, role)])]
    place = _weighted(rng, [key for key, _w in options], [int(w) for _k, w in options])
    postcode, _slash, wanted = place.partition("/")
    localities = gazetteer.localities(postcode)
    if not localities:
        # Another country's gazetteer is configured: leave the address out rather than fail.
        return "", ""
    names = [loc.name for loc in localities]
    return postcode, wanted if wanted in names else names[0]


def _availability(rng: random.Random, daytime: bool) -> list[str]:
    """3 to 8 weekly slots; retired mentors and job-seekers are free in the day, workers not."""
    weights = []
    for slot in SLOTS:
        day, part = slot.split("-")
        weekend = day in ("sat", "sun")
        if daytime:
            weight = {"am": 5, "pm": 5, "eve": 1}[part] * (1 if weekend else 3)
        else:
            weight = {"am": 1, "pm": 1, "eve": 5}[part] * (3 if weekend else 2)
        weights.append(weight)
    chosen: list[str] = []
    count = rng.randint(3, 8)
    while len(chosen) < count:
        slot = _weighted(rng, SLOTS, weights)
        if slot not in chosen:
            chosen.append(slot)
    return sorted(chosen, key=SLOTS.index)


def _birth_date(rng: random.Random, today: date, age: int, first_january_share: float) -> date:
    born = today - timedelta(days=int(age * 365.25) + rng.randint(10, 350))
    if rng.random() < first_january_share:
        # Only the year is known; 1 January of the year that keeps them ``age`` years old.
        born = date(today.year - age, 1, 1)
    return born


def _level(rng: random.Random, weights: dict[str, int]) -> str:
    levels = list(weights)
    return _weighted(rng, levels, [weights[level] for level in levels])


# --------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------


@dataclass
class _PersonSpec:
    fields: dict[str, Any]
    languages: list[tuple[str, str]]


def _mentee_spec(rng: random.Random, slug: str, today: date, used: set[str]) -> _PersonSpec:
    brussels = slug == "newcomers-brussels"
    origin: _Origin = _weighted(
        rng, _ORIGINS, [o.weight_brussels if brussels else o.weight_antwerp for o in _ORIGINS]
    )
    roll = rng.random()
    if roll < 0.03:
        gender = Gender.NON_BINARY if rng.random() < 0.5 else Gender.PREFERS_NOT_TO_SAY
        first = rng.choice(origin.women if rng.random() < 0.5 else origin.men)
    elif rng.random() < origin.women_share:
        gender, first = Gender.WOMAN, rng.choice(origin.women)
    else:
        gender, first = Gender.MAN, rng.choice(origin.men)
    last = rng.choice(origin.surnames)

    _weight, tongues = _weighted(rng, origin.tongues, [w for w, _t in origin.tongues])
    languages = dict(tongues)
    for code, chance, levels in origin.extras:
        if code not in languages and rng.random() < chance:
            languages[code] = rng.choice(levels)
    # The languages of the programme, as far as they have learnt them in Belgium.
    if brussels:
        if "fr" not in languages and rng.random() < 0.8:
            languages["fr"] = _level(rng, {"A1": 3, "A2": 4, "B1": 3, "B2": 1})
        if rng.random() < 0.45:
            languages["nl"] = _level(rng, {"A1": 5, "A2": 3, "B1": 1})
    else:
        languages["nl"] = _level(rng, {"A1": 1, "A2": 3, "B1": 4, "B2": 2})
        if "fr" not in languages and rng.random() < 0.15:
            languages["fr"] = _level(rng, {"A1": 2, "A2": 2, "B1": 1})
    # Intake needs some language in common with a mentor.
    if all(languages.get(code, "A1") == "A1" for code in ("fr", "nl", "en")):
        languages["fr" if brussels else "nl"] = "A2"

    profiles = _MENTEE_PROFILES[slug]
    profile: _Profile = _weighted(rng, profiles, [p.weight for p in profiles])
    age = rng.randint(18, 29) if brussels else rng.randint(25, 55)
    has_email = rng.random() < (0.55 if brussels else 0.5)
    if has_email:
        channel = _weighted(rng, ("email", "whatsapp", "sms", "phone"), (3, 4, 1, 1))
    else:
        channel = _weighted(rng, ("whatsapp", "sms", "phone"), (5, 2, 3))
    postcode, municipality = _place(rng, slug, MENTEE)
    fields = {
        "first_name": first,
        "last_name": last,
        "preferred_name": _PREFERRED_NAMES.get(first, "") if rng.random() < 0.5 else "",
        "birth_date": _birth_date(rng, today, age, origin.first_january_share),
        "gender": gender,
        "email": _email(rng, first, last, used) if has_email else "",
        "phone": _phone(rng),
        "contact_channel": channel,
        "country_of_origin": origin.country,
        "postcode": postcode,
        "municipality": municipality,
        "education_level": rng.choice(profile.isced),
        "sectors": list(profile.sectors),
        "occupation": rng.choice(profile.occupations),
        "interests": rng.sample(_MENTEE_INTERESTS, rng.randint(1, 4)),
        # Brussels mentees look for work; Antwerp mentees have a day job.
        "availability": _availability(rng, daytime=brussels),
    }
    return _PersonSpec(fields, sorted(languages.items()))


def _mentor_spec(rng: random.Random, slug: str, used: set[str]) -> _PersonSpec:
    brussels = slug == "newcomers-brussels"
    background: _Background = _weighted(
        rng,
        _BACKGROUNDS,
        [b.weight_brussels if brussels else b.weight_antwerp for b in _BACKGROUNDS],
    )
    retired = brussels and rng.random() < 0.85
    year = rng.randint(1950, 1965) if retired else rng.randint(1965, 1995)
    older = year < 1975
    roll = rng.random()
    if roll < 0.02:
        gender, woman = Gender.PREFERS_NOT_TO_SAY, rng.random() < 0.5
    else:
        woman = roll < 0.52
        gender = Gender.WOMAN if woman else Gender.MAN
    if woman:
        first = rng.choice(background.women_older if older else background.women_younger)
    else:
        first = rng.choice(background.men_older if older else background.men_younger)
    last = rng.choice(background.surnames)

    # Brussels francophones and Antwerp Flemish mostly; second languages vary with where they live.
    if background.key == "flemish":
        french = ("B2", "C1", "C2") if brussels else ("A2", "B1", "B2")
        languages = {"nl": _NATIVE, "fr": rng.choice(french)}
    elif background.key == "francophone":
        languages = {"fr": _NATIVE, "nl": rng.choice(("A2", "B1", "B2"))}
    else:
        home = "fr" if brussels else "nl"
        languages = {home: _NATIVE, ("nl" if brussels else "fr"): rng.choice(("A2", "B1", "B2"))}
        languages.update(dict(background.heritage))
    languages["en"] = rng.choice(("B1", "B2", "C1", "C1"))
    if rng.random() < 0.12 and "es" not in languages:
        languages["es"] = rng.choice(("A2", "B1"))
    if rng.random() < 0.1 and "de" not in languages:
        languages["de"] = rng.choice(("A2", "B1", "B2"))

    profiles = _MENTOR_PROFILES[slug]
    profile: _Profile = _weighted(rng, profiles, [p.weight for p in profiles])
    has_email = rng.random() < 0.95
    channel = _weighted(rng, ("email", "phone", "whatsapp"), (6, 2, 2)) if has_email else "phone"
    postcode, municipality = _place(rng, slug, MENTOR)
    fields = {
        "first_name": first,
        "last_name": last,
        "birth_year": year,
        "gender": gender,
        "email": _email(rng, first, last, used) if has_email else "",
        "phone": _phone(rng),
        "contact_channel": channel,
        "country_of_origin": rng.choice(background.countries),
        "postcode": postcode,
        "municipality": municipality,
        "education_level": rng.choice(profile.isced),
        "sectors": list(profile.sectors),
        "occupation": rng.choice(profile.occupations),
        "interests": rng.sample(_MENTOR_INTERESTS, rng.randint(2, 5)),
        "availability": _availability(rng, daytime=retired),
    }
    return _PersonSpec(fields, sorted(languages.items()))


# --------------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------------


def _login_user(login: _Login, name: str = "", language: str = "") -> User:
    """The demo log-in; reused (and its password reset) if a previous demo left it behind."""
    name, language = name or login.name, language or login.language
    user = User.objects.filter(email=login.email).first()
    if user is None:
        return User.objects.create_user(
            email=login.email, password=DEMO_PASSWORD, name=name, language=language
        )
    user.name, user.language, user.is_active = name, language, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _portal_language(person: Person) -> str:
    """The screen language (en, nl or fr) this person reads best."""
    levels = {pl.code: LEVEL_ORDER[pl.level] for pl in person.languages.all()}
    return max(("fr", "nl", "en"), key=lambda code: levels.get(code, -1))


def _cohort_for(
    cohorts: Sequence[Cohort], history: Sequence[tuple[str, datetime]], today: date
) -> Cohort | None:
    """The intake round someone belongs to: the one running when they were first matched;
    the next one for those still on their way; none for those who left before a match."""
    matched = next((at for status, at in history if status == S.MATCHED), None)
    if matched is not None:
        started = [c for c in cohorts if c.starts_on <= matched.date() + timedelta(days=14)]
        return started[-1] if started else cohorts[0]
    if history[-1][0] in (S.NOT_ELIGIBLE, S.WITHDRAWN):
        return None
    upcoming = [c for c in cohorts if c.starts_on > today]
    return upcoming[0] if upcoming else cohorts[-1]


def _enrol(
    *,
    rng: random.Random,
    person: Person,
    programme: Programme,
    cohorts: Sequence[Cohort],
    role: str,
    story: str,
    staff: User,
    today: date,
    created_by: User | None = None,
    note: str = "",
) -> Participant:
    """Enrol a person and walk them, one allowed move at a time, to where their story ends."""
    steps = _story(role, story)
    moments = _timeline(rng, steps, programme.duration_months, today)
    history = list(zip((S.APPLIED, *steps), moments, strict=True))
    participant = participant_create(
        person=person,
        programme=programme,
        role=role,
        created_by=created_by or staff,
        cohort=_cohort_for(cohorts, history, today),
        reason=note,
        at=moments[0],
    )

    current, previous = S.APPLIED, None
    for to_status, at in history[1:]:
        # Checked here too so a wrong demo table fails with a clear message, not a form error.
        held_from = previous if current == S.ON_HOLD else None
        if to_status not in pipeline.allowed_moves(role, current, held_from):
            raise ValueError(f"Demo story {story!r}: {current} → {to_status} is not allowed.")
        reason = _reason(rng, programme.slug, role, current, to_status)
        if to_status in pipeline.REASON_REQUIRED and not reason:
            raise ValueError(f"Demo story {story!r}: no reason for {role} → {to_status}.")
        if role == MENTOR and to_status == S.READY_TO_MATCH and current == S.IN_TRAINING:
            _train_and_screen(participant, staff, before=at)
        participant_move(
            participant=participant,
            to_status=to_status,
            moved_by=staff,
            reason=reason,
            drop_out_reason=_drop_out_reason(reason) if to_status == S.WITHDRAWN else "",
            at=at,
        )
        previous, current = current, to_status
    return participant


_TRAINING_TOPICS = (
    "The role of a mentor; listening and asking questions",
    "The Belgian labour market and the social economy",
    "Working across cultures; the asylum and residence procedures",
)


def _train_and_screen(participant: Participant, staff: User, *, before: datetime) -> None:
    """Record the training and screening a mentor needs before being ready to match."""
    required = participant.programme.required_training_hours
    sessions = len(_TRAINING_TOPICS)
    day = before.date()
    for i, topic in enumerate(_TRAINING_TOPICS):
        training_record(
            participant=participant,
            held_on=day - timedelta(days=7 * (sessions - i)),
            hours=(required / sessions).quantize(Decimal("0.1")) + Decimal("0.1"),
            topic=topic,
            recorded_by=staff,
        )
    for kind in (ScreeningKind.REFERENCES, ScreeningKind.GOOD_CONDUCT):
        screening_record(
            participant=participant,
            kind=kind,
            checked_on=day - timedelta(days=3),
            passed=True,
            recorded_by=staff,
        )


# The demo's free-text reasons, read into the fixed list (first match wins).
_DROP_OUT_WORDS = (
    ("no time", DropOutReason.NO_TIME),
    ("reachable", DropOutReason.NOT_REACHABLE),
    ("moved", DropOutReason.MOVED),
    ("job", DropOutReason.FOUND_WORK),
    ("training", DropOutReason.EDUCATION),
    ("health", DropOutReason.HEALTH),
)


def _drop_out_reason(reason: str) -> str:
    text = reason.lower()
    return next((code for word, code in _DROP_OUT_WORDS if word in text), DropOutReason.OTHER)


def _summary(organisation: Organisation, created: bool) -> DemoSummary:
    participants = Participant.objects.filter(programme__organisation=organisation)
    counts = {
        "programmes": organisation.programmes.count(),
        "cohorts": Cohort.objects.filter(programme__organisation=organisation).count(),
        "persons": organisation.persons.count(),
        "mentees": participants.filter(role=MENTEE).count(),
        "mentors": participants.filter(role=MENTOR).count(),
        "logins": organisation.memberships.count(),
    }
    return DemoSummary(created=created, organisation=organisation.name, counts=counts)


def build_demo(*, seed: int = SEED) -> DemoSummary:
    """Build the demo organisation, unless it exists already; return what is there.

    Runs in one transaction: if anything fails, nothing of the demo is left behind.
    """
    existing = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return _summary(existing, created=False)
    with transaction.atomic():
        organisation = _build(random.Random(seed))
    return _summary(organisation, created=True)


def _build(rng: random.Random) -> Organisation:
    today = timezone.localdate()
    organisation = Organisation.objects.create(name=DEMO_NAME, slug=DEMO_SLUG)
    logins = {login.role: login for login in _LOGINS}

    staff: dict[str, User] = {}
    for role in (Role.ADMIN, Role.COORDINATOR, Role.EMPLOYER_CONTACT, Role.REFERRAL_PARTNER):
        login = logins[role]
        staff[role] = _login_user(login)
        # The coordinator covers every programme (Membership.all_programmes defaults to True).
        Membership.objects.create(
            user=staff[role], organisation=organisation, role=role, affiliation=login.affiliation
        )
    coordinator, partner = staff[Role.COORDINATOR], staff[Role.REFERRAL_PARTNER]

    used_emails: set[str] = set()
    # Active Brussels participants, candidates for the mentor and mentee log-ins.
    active_brussels: dict[str, list[Person]] = {MENTEE: [], MENTOR: []}
    for spec in _PROGRAMMES:
        slug = spec["slug"]
        programme = programme_create(organisation=organisation, fields=dict(spec))
        cohorts = []
        for offset in _COHORT_OFFSETS[slug]:
            starts_on = today + timedelta(days=offset)
            cohorts.append(
                cohort_save(
                    programme=programme,
                    cohort=None,
                    fields={
                        "name": f"{_MONTHS[starts_on.month - 1]} {starts_on.year} intake",
                        "starts_on": starts_on,
                        "ends_on": _add_months(starts_on, programme.duration_months),
                    },
                )
            )

        for role in (MENTEE, MENTOR):
            stories = _stories(slug, role)
            rng.shuffle(stories)
            # The welfare office refers a dozen of the Antwerp mentees.
            referred = (
                set(rng.sample(range(len(stories)), 12))
                if slug == "throughflow-antwerp" and role == MENTEE
                else set()
            )
            for index, story in enumerate(stories):
                if role == MENTEE:
                    person_spec = _mentee_spec(rng, slug, today, used_emails)
                else:
                    person_spec = _mentor_spec(rng, slug, used_emails)
                note = ""
                if index in referred:
                    person_spec.fields["referred_by"] = partner
                    months_left = rng.randint(2, 6)
                    note = (
                        "Referred by OCMW Antwerpen: work-experience contract ends in "
                        f"{months_left} months."
                    )
                person = person_create(
                    organisation=organisation,
                    fields=person_spec.fields,
                    languages=person_spec.languages,
                )
                _enrol(
                    rng=rng,
                    person=person,
                    programme=programme,
                    cohorts=cohorts,
                    role=role,
                    story=story,
                    staff=coordinator,
                    today=today,
                    created_by=partner if index in referred else None,
                    note=note,
                )
                if slug == "newcomers-brussels" and story == "active":
                    active_brussels[role].append(person)

    # The mentor and mentee log-ins belong to active Brussels participants: a typical retired
    # mentor, and a mentee who already gave an e-mail address (the log-in replaces it).
    mentor = next(
        (p for p in active_brussels[MENTOR] if (p.birth_year or 0) <= 1965 and p.email),
        active_brussels[MENTOR][0],
    )
    mentee = next((p for p in active_brussels[MENTEE] if p.email), active_brussels[MENTEE][0])
    for role, person in ((Role.MENTOR, mentor), (Role.MENTEE, mentee)):
        user = _login_user(
            logins[role], name=person.display_name, language=_portal_language(person)
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        person.user = user
        person.email = user.email
        person.save(update_fields=["user", "email"])
    add_intake_layer(rng, organisation, coordinator, partner_membership(organisation))
    add_matching_layer(rng, organisation, coordinator)
    add_mentorships_layer(rng, organisation, coordinator)
    add_community_layer(rng, organisation, coordinator)
    add_outcomes_layer(rng, organisation, coordinator)
    return organisation


def delete_demo() -> bool:
    """Remove the demo organisation and the demo log-ins; True if there was one to remove."""
    with transaction.atomic():
        deleted, _details = Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__in=[email for _label, email in DEMO_LOGINS]).delete()
    return bool(deleted)
