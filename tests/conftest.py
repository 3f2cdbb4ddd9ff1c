"""Named actors for every test: each role of organisation A, and an outsider from organisation B.

Like healthchecks' base test case: an owner (admin), team members, and someone who must never see
anything of A.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import Membership, Role, User
from tandem.people.models import Consent, ImportJob, Participant, Person, Referral
from tandem.programmes.models import Cohort, Organisation, Programme
from tests import factories


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    programme: Programme
    other_programme: Programme  # a second programme of A, not assigned to the limited coordinator
    cohort: Cohort
    other_cohort: Cohort  # in other_programme
    admin: User
    coordinator: User
    limited_coordinator: User  # assigned to `programme` only
    mentor: User
    mentee: User
    employer_contact: User
    referral_partner: User
    outsider: User  # coordinator of organisation B
    mentee_person: Person
    mentor_person: Person
    referred_person: Person
    mentee_participant: Participant
    mentor_participant: Participant
    referred_participant: Participant
    other_programme_participant: Participant
    outsider_person: Person
    mentee_consent: Consent
    other_consent: Consent  # of the person in other_programme
    referral: Referral  # of referred_person, to programme, undecided
    other_referral: Referral  # to other_programme
    import_job: ImportJob

    def user(self, role: str) -> User:
        return getattr(self, role)


def member(org: Organisation, role: str, email: str, **kwargs) -> User:
    user = factories.UserFactory(email=email, name=email.split("@")[0].replace(".", " ").title())
    Membership.objects.create(user=user, organisation=org, role=role, **kwargs)
    return user


@pytest.fixture
def world(db) -> World:
    org = factories.OrganisationFactory(name="Mentor Brussels", slug="mentor-brussels")
    other_org = factories.OrganisationFactory(name="Other Org", slug="other-org")
    programme = factories.ProgrammeFactory(organisation=org, name="Newcomers to work", slug="ntw")
    other_programme = factories.ProgrammeFactory(
        organisation=org, name="Throughflow", slug="throughflow"
    )
    cohort = factories.CohortFactory(programme=programme, name="Spring 2026")
    other_cohort = factories.CohortFactory(programme=other_programme, name="Autumn 2026")
    admin = member(org, Role.ADMIN, "admin@a.example.org")
    coordinator = member(org, Role.COORDINATOR, "coordinator@a.example.org")
    limited = member(
        org, Role.COORDINATOR, "limited.coordinator@a.example.org", all_programmes=False
    )
    Membership.objects.get(user=limited).programmes.set([programme])
    mentor = member(org, Role.MENTOR, "mentor@a.example.org")
    mentee = member(org, Role.MENTEE, "mentee@a.example.org")
    employer = member(org, Role.EMPLOYER_CONTACT, "employer@a.example.org")
    partner = member(org, Role.REFERRAL_PARTNER, "partner@a.example.org", affiliation="OCMW")
    outsider = member(other_org, Role.COORDINATOR, "outsider@b.example.org")

    mentee_person = factories.PersonFactory(
        organisation=org, first_name="Selam", last_name="Tesfay", user=mentee
    )
    mentor_person = factories.PersonFactory(
        organisation=org, first_name="Marc", last_name="Peeters", user=mentor, gender="man"
    )
    referred = factories.PersonFactory(
        organisation=org, first_name="Yusuf", last_name="Rahimi", referred_by=partner
    )
    mentee_participant = factories.ParticipantFactory(
        person=mentee_person, programme=programme, role="mentee", cohort=cohort
    )
    mentor_participant = factories.ParticipantFactory(
        person=mentor_person, programme=programme, role="mentor"
    )
    referred_participant = factories.ParticipantFactory(person=referred, programme=programme)
    other_programme_participant = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=org, first_name="Olena", last_name="Koval"),
        programme=other_programme,
    )
    outsider_person = factories.PersonFactory(
        organisation=other_org, first_name="Bernadette", last_name="Outsideorg"
    )
    factories.ParticipantFactory(
        person=outsider_person,
        programme=factories.ProgrammeFactory(organisation=other_org, name="B programme"),
    )
    mentee_consent = Consent.objects.create(
        person=mentee_person,
        purpose="programme",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )
    other_consent = Consent.objects.create(
        person=other_programme_participant.person,
        purpose="programme",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )
    referral = Referral.objects.create(
        person=referred, programme=programme, referred_by=partner, partner_organisation="OCMW"
    )
    other_referral = Referral.objects.create(
        person=other_programme_participant.person,
        programme=other_programme,
        referred_by=partner,
        partner_organisation="OCMW",
    )
    import_job = ImportJob.objects.create(
        organisation=org,
        created_by=coordinator,
        filename="people.csv",
        content=b"First name,Last name\nAmina,Yusuf\n",
        mapping={"first_name": "First name", "last_name": "Last name"},
        total_rows=1,
    )
    return World(
        org=org,
        other_org=other_org,
        programme=programme,
        other_programme=other_programme,
        cohort=cohort,
        other_cohort=other_cohort,
        admin=admin,
        coordinator=coordinator,
        limited_coordinator=limited,
        mentor=mentor,
        mentee=mentee,
        employer_contact=employer,
        referral_partner=partner,
        outsider=outsider,
        mentee_person=mentee_person,
        mentor_person=mentor_person,
        referred_person=referred,
        mentee_participant=mentee_participant,
        mentor_participant=mentor_participant,
        referred_participant=referred_participant,
        other_programme_participant=other_programme_participant,
        outsider_person=outsider_person,
        mentee_consent=mentee_consent,
        other_consent=other_consent,
        referral=referral,
        other_referral=other_referral,
        import_job=import_job,
    )


def login(user: User, *, mfa: bool = True) -> Client:
    """A client logged in as ``user``; staff get an authenticator so MFA enrolment is done."""
    if mfa:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
        )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return login


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    """Requests activate the reader's language in this thread; a test calling a service directly
    must not inherit the language of the previous test's last request."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
