"""The demo organisation: realistic, deterministic, idempotent, and built only with allowed moves."""

from collections import Counter
from collections.abc import Iterator
from datetime import date
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.accounts.models import Membership, Role, User
from tandem.community import selectors as community_selectors
from tandem.community.models import GroupSession, SupportGroup
from tandem.demo import generator
from tandem.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, build_demo, delete_demo
from tandem.mentorships import caseload
from tandem.mentorships.models import Mentorship
from tandem.people import gazetteer, pipeline
from tandem.people.models import Participant, Person, StatusChange
from tandem.programmes.models import Cohort, Organisation, Programme

ALLOWED_DOMAINS = ("example.org", "example.com", "example.net")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Organisation]:
    """One demo build shared by the module; each test still runs in its own rolled-back
    transaction, so tests that delete or rebuild it leave it intact for the next one."""
    with django_db_blocker.unblock():
        build_demo()
        yield Organisation.objects.get(slug="demo")
        delete_demo()


def snapshot() -> list[tuple[str, str, str, str, str]]:
    return list(
        Participant.objects.filter(programme__organisation__slug="demo")
        .order_by("pk")
        .values_list("programme__slug", "role", "person__first_name", "person__last_name", "status")
    )


def allowed_address(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1]
    return any(domain == d or domain.endswith(f".{d}") for d in ALLOWED_DOMAINS)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.django_db
def test_the_demo_builds_one_organisation_with_two_programmes_and_197_mentees_and_161_mentors(
    demo,
):
    assert Organisation.objects.filter(slug="demo").count() == 1
    programmes = {p.slug: p for p in demo.programmes.all()}
    assert set(programmes) == {"newcomers-brussels", "throughflow-antwerp"}
    brussels, antwerp = programmes["newcomers-brussels"], programmes["throughflow-antwerp"]
    assert (brussels.duration_months, brussels.default_mentees_per_mentor) == (6, 1)
    assert (antwerp.duration_months, antwerp.default_mentees_per_mentor) == (9, 2)
    for programme in (brussels, antwerp):
        assert programme.name_en and programme.name_nl and programme.name_fr
        assert programme.description_en and programme.description_nl
        assert programme.description_fr
        assert 2 <= programme.cohorts.count() <= 3

    roles = Counter(
        Participant.objects.filter(programme__organisation=demo).values_list(
            "programme__slug", "role"
        )
    )
    assert roles == {
        ("newcomers-brussels", "mentee"): 137,
        ("newcomers-brussels", "mentor"): 111,
        ("throughflow-antwerp", "mentee"): 60,
        ("throughflow-antwerp", "mentor"): 50,
    }


@pytest.mark.django_db
def test_the_statuses_are_a_realistic_mix_with_reasons_for_holds_and_exits(demo):
    participants = Participant.objects.filter(programme__organisation=demo)
    mentee_statuses = Counter(participants.filter(role="mentee").values_list("status", flat=True))
    mentor_statuses = Counter(participants.filter(role="mentor").values_list("status", flat=True))
    assert set(mentor_statuses) == set(pipeline.statuses_for("mentor"))
    assert set(mentee_statuses) == set(pipeline.statuses_for("mentee"))
    early = sum(mentee_statuses[s] for s in ("applied", "intake_planned", "intake_done"))
    assert early > mentee_statuses["completed"] + mentee_statuses["on_hold"]
    assert mentee_statuses["ready_to_match"] >= 15
    assert mentee_statuses["active"] >= 20

    # "Days in this step" vary rather than all being today.
    now = timezone.now()
    days = {(now - p.status_changed_at).days for p in participants}
    assert len(days) > 50


@pytest.mark.django_db
def test_running_the_demo_twice_creates_nothing_new(demo):
    models = (Organisation, Programme, Cohort, Person, Participant, StatusChange, User, Membership)
    before = {model: model.objects.count() for model in models}

    summary = build_demo()

    assert summary.created is False
    assert summary.counts["mentees"] == 197
    assert {model: model.objects.count() for model in models} == before


@pytest.mark.django_db
def test_two_builds_in_fresh_databases_give_the_same_people_and_statuses(demo):
    first = snapshot()

    assert delete_demo() is True
    assert not Person.objects.exists()
    assert not User.objects.filter(email__in=[email for _role, email in DEMO_LOGINS]).exists()
    assert build_demo().created is True

    assert snapshot() == first


@pytest.mark.django_db
def test_every_participants_status_is_reached_by_a_chain_of_allowed_moves_from_applied(demo):
    now = timezone.now()
    participants = Participant.objects.filter(programme__organisation=demo)
    for participant in participants.prefetch_related("status_changes"):
        changes = list(participant.status_changes.order_by("changed_at", "pk"))
        assert (changes[0].from_status, changes[0].to_status) == ("", "applied")
        for before, after in pairwise(changes):
            assert after.from_status == before.to_status
            held_from = before.from_status if before.to_status == "on_hold" else None
            assert pipeline.can_move(
                participant.role, after.from_status, after.to_status, held_from
            )
            assert after.changed_at > before.changed_at
            if after.to_status in pipeline.REASON_REQUIRED:
                assert after.reason.strip()
        assert changes[-1].to_status == participant.status
        assert changes[-1].changed_at == participant.status_changed_at
        assert changes[-1].changed_at <= now


@pytest.mark.django_db
def test_there_is_one_log_in_per_role_and_the_mentor_and_mentee_log_ins_are_linked_to_persons(
    demo,
):
    memberships = Membership.objects.filter(organisation=demo).select_related("user")
    assert sorted(m.role for m in memberships) == sorted(Role.values)
    assert {m.user.email for m in memberships} == {email for _role, email in DEMO_LOGINS}
    for membership in memberships:
        assert membership.user.check_password(DEMO_PASSWORD)

    by_role = {m.role: m for m in memberships}
    assert not by_role[Role.COORDINATOR].programmes.exists()  # covers every programme
    assert by_role[Role.EMPLOYER_CONTACT].affiliation == "Bouwbedrijf Vermeulen"
    assert by_role[Role.REFERRAL_PARTNER].affiliation == "OCMW Antwerpen"

    for role in (Role.MENTOR, Role.MENTEE):
        person = Person.objects.get(organisation=demo, user=by_role[role].user)
        participation = person.participations.get()
        assert (participation.programme.slug, participation.role) == ("newcomers-brussels", role)
        assert participation.status == "active"
        assert person.email == by_role[role].user.email

    referred = Person.objects.filter(
        organisation=demo, referred_by=by_role[Role.REFERRAL_PARTNER].user
    )
    assert 10 <= referred.count() <= 18
    for person in referred:
        # In the Antwerp pipeline, or a referral the coordinator still has to decide on.
        in_pipeline = person.participations.filter(programme__slug="throughflow-antwerp")
        pending = person.referrals.filter(programme__slug="throughflow-antwerp", status="submitted")
        assert in_pipeline.exists() or pending.exists()


@pytest.mark.django_db
def test_the_demo_has_consents_intake_interviews_referrals_and_eligibility_rules(demo):
    from tandem.people import consent
    from tandem.people.models import EligibilityRules, Intake, Referral

    participants = Participant.objects.filter(programme__organisation=demo)
    for participant in participants.select_related("person"):
        assert consent.granted(participant.person, "programme")
    past_intake = participants.filter(status_changes__to_status="intake_done").distinct()
    assert Intake.objects.filter(participant__in=past_intake).count() == past_intake.count()
    assert Referral.objects.filter(programme__organisation=demo, status="submitted").count() == 3
    assert EligibilityRules.objects.filter(programme__organisation=demo).count() == 4


@pytest.mark.django_db
def test_no_email_address_is_outside_example_org_com_or_net(demo):
    emails = [e for e in Person.objects.values_list("email", flat=True) if e]
    emails += list(User.objects.values_list("email", flat=True))
    assert emails
    assert [e for e in emails if not allowed_address(e)] == []
    # Some persons can only be reached by phone.
    assert Person.objects.filter(organisation=demo, email="").exclude(phone="").exists()


@pytest.mark.django_db
def test_persons_live_in_the_programme_region_and_have_a_plausible_age(demo):
    today = timezone.localdate()
    ranges = {"newcomers-brussels": (1000, 1210), "throughflow-antwerp": (2000, 2660)}
    ages = {"newcomers-brussels": (18, 29), "throughflow-antwerp": (25, 55)}
    participants = Participant.objects.filter(programme__organisation=demo).select_related(
        "person", "programme"
    )
    for participant in participants:
        person, slug = participant.person, participant.programme.slug
        low, high = ranges[slug]
        assert low <= int(person.postcode) <= high
        assert gazetteer.find(person.postcode, person.municipality) is not None
        assert person.latitude is not None
        assert person.phone.startswith("+32 4")
        assert 3 <= len(person.availability) <= 8
        assert person.languages.filter(level="native").exists()
        if participant.role == "mentee":
            youngest, oldest = ages[slug]
            assert youngest <= age_on(person.birth_date, today) <= oldest
        else:
            assert 1950 <= person.birth_year <= 1995


@pytest.mark.django_db
def test_a_failed_build_leaves_nothing_behind(demo, monkeypatch):
    delete_demo()
    real_move = generator.participant_move
    calls = 0

    def move_then_fail(**kwargs):
        nonlocal calls
        calls += 1
        if calls > 100:
            raise RuntimeError("disk full")
        return real_move(**kwargs)

    monkeypatch.setattr(generator, "participant_move", move_then_fail)

    with pytest.raises(RuntimeError):
        build_demo()

    assert not Organisation.objects.filter(slug="demo").exists()
    assert not Person.objects.exists()
    assert not User.objects.filter(email__in=[email for _role, email in DEMO_LOGINS]).exists()


@pytest.mark.django_db
def test_the_demo_command_prints_the_log_ins_and_the_password(demo, settings):
    settings.TANDEM_DEMO = True
    out = StringIO()

    call_command("demo", stdout=out)

    text = out.getvalue()
    assert "already exists" in text
    assert DEMO_PASSWORD in text
    for label, email in DEMO_LOGINS:
        assert label in text
        assert email in text


@pytest.mark.django_db
def test_the_demo_command_says_what_it_built(demo, settings):
    settings.TANDEM_DEMO = True
    delete_demo()
    out = StringIO()

    call_command("demo", stdout=out)

    assert "Built the demo organisation" in out.getvalue()
    assert "197 mentees, 161 mentors" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_refuses_to_run_on_a_real_installation(demo, settings):
    from django.core.management.base import CommandError

    settings.DEBUG, settings.TANDEM_DEMO = False, False
    delete_demo()
    with pytest.raises(CommandError, match="published password"):
        call_command("demo", stdout=StringIO())
    assert not Organisation.objects.filter(slug="demo").exists()


@pytest.mark.django_db
def test_the_demo_is_only_added_to_an_empty_database(demo, settings):
    settings.TANDEM_DEMO = True
    delete_demo()
    Organisation.objects.create(name="A real NGO", slug="real")
    out = StringIO()
    call_command("demo", stdout=out)
    assert "only added to an empty database" in out.getvalue()
    assert not Organisation.objects.filter(slug="demo").exists()


@pytest.mark.django_db
def test_the_next_brussels_cohort_has_60_mentees_ready_and_a_run_matches_them(demo):
    from tandem.matching import engine, instances
    from tandem.matching.models import MatchingSettings

    brussels = demo.programmes.get(slug="newcomers-brussels")
    cohort = brussels.cohorts.order_by("-starts_on").first()
    assert instances.mentees_to_match(brussels, cohort).count() == 60
    assert MatchingSettings.objects.filter(programme__organisation=demo).count() == 2
    built = instances.build(brussels, cohort)
    places = sum(p["capacity"] - p["current_mentees"] for p in built.data["mentors"])
    assert places >= 55
    result = engine.solve(engine.load(built.data))
    assert len(result.pairs) >= 55
    # Sensible suggestions: a shared language and a short trip for every pair.
    instance = engine.load(built.data)
    for pair in result.pairs:
        facts = {c.criterion: c.facts for c in engine.explain(instance, pair.mentee, pair.mentor)}
        assert facts["language"] and facts["distance"]["km"] <= 12


def test_the_demo_has_support_groups_with_past_and_coming_sessions_the_log_ins_see(demo):
    groups = SupportGroup.objects.filter(programme__organisation=demo)
    assert sorted(groups.values_list("kind", flat=True)) == [
        "exchange",
        "intervision",
        "intervision",
    ]
    for group in groups:
        assert group.members.exists() and group.facilitator is not None
        assert set(group.members.values_list("role", flat=True)) == {group.member_role}
    sessions = GroupSession.objects.filter(group__in=groups)
    assert sessions.count() == 15
    assert sessions.filter(attendance_recorded=True).count() == 9
    assert all(s.summary for s in sessions.filter(attendance_recorded=True))
    for role in (Role.MENTOR, Role.MENTEE):
        membership = demo.memberships.get(role=role)
        assert len(community_selectors.upcoming_sessions_for(membership)) == 2


def test_the_demo_coordinator_sees_about_forty_pairs_and_which_need_a_call(demo):
    running = Mentorship.objects.filter(programme__organisation=demo, status="active")
    assert 35 <= running.count() <= 50
    assert Mentorship.objects.filter(programme__organisation=demo).exclude(status="active")
    found = caseload.rows(running)
    colours = Counter(row.health.health for row in found)
    assert colours["red"] >= 3 and colours["amber"] >= 3 and colours["green"] > colours["amber"]
    call = caseload.call_today(found)
    assert len(call) == 5 and call[0].health.health == "red"
    # The demo mentor and mentee log-ins are a pair, so their portals show each other.
    mentor = Membership.objects.get(organisation=demo, role=Role.MENTOR).user
    mentee = Membership.objects.get(organisation=demo, role=Role.MENTEE).user
    assert running.filter(mentor__person__user=mentor, mentee__person__user=mentee).exists()
