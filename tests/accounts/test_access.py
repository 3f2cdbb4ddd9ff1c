"""The access module: which rows each role may see and change."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts import access
from tandem.accounts.models import Membership, Role, User
from tandem.people.models import Participant, Person, PersonLanguage, StatusChange
from tandem.programmes.models import Cohort, Programme
from tests import factories


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


def names(qs) -> set[str]:
    return set(qs.values_list("last_name", flat=True))


def test_a_coordinator_sees_every_person_of_their_organisation_and_no_other(world):
    seen = names(access.scope(membership(world.coordinator), Person))
    assert seen == {"Tesfay", "Peeters", "Rahimi", "Koval"}


def test_a_coordinator_limited_to_one_programme_sees_its_people_and_the_intake_pool(world):
    pool = factories.PersonFactory(organisation=world.org, last_name="Newcomer")
    seen = names(access.scope(membership(world.limited_coordinator), Person))
    assert seen == {"Tesfay", "Peeters", "Rahimi", pool.last_name}
    programmes = access.scope(membership(world.limited_coordinator), Programme)
    assert list(programmes) == [world.programme]


def test_a_limited_coordinator_cannot_open_a_programme_of_the_organisation(world):
    assert not access.can_create_programme(membership(world.limited_coordinator))
    assert access.can_create_programme(membership(world.coordinator))


def test_mentors_and_mentees_see_only_themselves(world):
    assert names(access.scope(membership(world.mentee), Person)) == {"Tesfay"}
    assert names(access.scope(membership(world.mentor), Person)) == {"Peeters"}
    mine = access.scope(membership(world.mentee), Participant)
    assert list(mine) == [world.mentee_participant]


def test_mentors_and_mentees_change_nothing(world):
    for user in (world.mentor, world.mentee):
        assert not access.can(membership(user), access.CHANGE, world.mentee_person)
        assert access.scope(membership(user), Participant, access.CHANGE).count() == 0


def test_a_referral_partner_sees_only_the_people_they_referred_and_no_history(world):
    partner = membership(world.referral_partner)
    assert names(access.scope(partner, Person)) == {"Rahimi"}
    assert list(access.scope(partner, Participant)) == [world.referred_participant]
    assert access.scope(partner, StatusChange).count() == 0
    assert not access.can(partner, access.CHANGE, world.referred_person)


def test_an_employer_contact_sees_no_person(world):
    employer = membership(world.employer_contact)
    assert access.scope(employer, Person).count() == 0
    assert access.scope(employer, Participant).count() == 0
    assert access.scope(employer, Programme).count() == 0


def test_a_deactivated_membership_sees_nothing(world):
    m = membership(world.coordinator)
    m.is_active = False
    assert access.scope(m, Person).count() == 0


def test_only_admins_see_and_change_the_memberships_of_the_organisation(world):
    assert access.scope(membership(world.admin), Membership).count() == 7
    coordinator = membership(world.coordinator)
    assert list(access.scope(coordinator, Membership)) == [coordinator]
    assert access.scope(coordinator, Membership, access.CHANGE).count() == 0


def test_get_object_gives_404_for_a_row_the_membership_may_not_see(world):
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_object(membership(world.outsider), Person, pk=world.mentee_person.pk)
    with pytest.raises(Http404):
        access.get_object(membership(world.coordinator), Person, pk="not-a-number")


def test_a_model_without_a_rule_is_refused_rather_than_shown(world):
    with pytest.raises(LookupError):
        access.scope(membership(world.admin), User)


ROLES = st.sampled_from(Role.values)
ACTIONS = st.sampled_from([access.VIEW, access.CHANGE])
MODELS = st.sampled_from([Person, PersonLanguage, Participant, StatusChange, Programme, Cohort])
PATHS = {
    Person: "organisation",
    PersonLanguage: "person__organisation",
    Participant: "programme__organisation",
    StatusChange: "participant__programme__organisation",
    Programme: "organisation",
    Cohort: "programme__organisation",
}


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(role_a=ROLES, role_b=ROLES, action=ACTIONS, model=MODELS, limited=st.booleans())
def test_someone_with_roles_in_two_organisations_sees_only_the_one_they_act_through(
    world, role_a, role_b, action, model, limited
):
    """The hardest case for the rules: the same user is known in A and in B (a mentor in one,
    a referral partner in the other, ...), with a person record and participations in both,
    and acts through B. Nothing of A may come back."""
    user = factories.UserFactory()
    Membership.objects.create(user=user, organisation=world.org, role=role_a)
    in_b = Membership.objects.create(
        user=user, organisation=world.other_org, role=role_b, all_programmes=not limited
    )
    if limited:
        in_b.programmes.set(Programme.objects.filter(organisation=world.other_org))
    for org, programme in ((world.org, world.programme), (world.other_org, None)):
        person = factories.PersonFactory(organisation=org, user=user, referred_by=user)
        factories.PersonLanguageFactory(person=person)
        factories.ParticipantFactory(
            person=person,
            **({"programme": programme} if programme else {}),
            role="mentor" if role_b == Role.MENTOR else "mentee",
        )
    rows = access.scope(in_b, model, action)
    assert not rows.filter(**{PATHS[model]: world.org}).exists()
    if role_b not in (Role.ADMIN, Role.COORDINATOR):
        assert access.scope(in_b, model, access.CHANGE).count() == 0
    if role_b in (Role.MENTOR, Role.MENTEE) and model is Person and action == access.VIEW:
        assert rows.count() == 1  # their own record in B, and only that


def test_a_person_in_two_roles_is_listed_once_for_a_limited_coordinator(world):
    factories.ParticipantFactory(
        person=world.mentee_person, programme=world.programme, role="mentor"
    )
    seen = access.scope(membership(world.limited_coordinator), Person).filter(
        pk=world.mentee_person.pk
    )
    assert seen.count() == 1
