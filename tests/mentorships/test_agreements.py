"""The agreement: its terms and 2 to 5 goals (a change clears the signatures), the three
signatures (a side for themselves by a click, staff as coordinator or for a paper copy), both
participants active once all three signed, the contact person, the programme's settings."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.accounts.models import Membership, Role
from tandem.mentorships.models import Goal, GoalCheck, MentorshipSettings, Signature
from tandem.mentorships.services import agreements
from tandem.mentorships.services.agreements import GoalInput
from tandem.mentorships.services.closure import mentorship_close
from tandem.people.models import Participant, StatusChange
from tests import factories
from tests.mentorships.world import add_mentorships

TODAY = timezone.localdate


@pytest.fixture
def pair(world):
    add_mentorships(world)
    return world.pair


def terms(agreement, **changes) -> dict:
    return {name: getattr(agreement, name) for name in agreements.TERMS} | changes


def sign(world, pair, signatory: str, user=None, on_paper: bool = False) -> Signature:
    return agreements.agreement_sign(
        agreement=pair.agreement,
        signatory=signatory,
        by=user or world.coordinator,
        on_paper=on_paper,
    )


def sign_all(world, pair) -> None:
    sign(world, pair, "mentor", world.mentor)
    sign(world, pair, "mentee", world.mentee)
    sign(world, pair, "coordinator")


def add_goal(world, pair, description="Find an internship", **overrides) -> Goal:
    values = {
        "mentorship": pair.mentorship,
        "description": description,
        "life_domain": "work",
        "target_date": TODAY() + timedelta(days=90),
        "added_by": world.coordinator,
    } | overrides
    return agreements.goal_add(**values)


def set_status(participant: Participant, status: str) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=30)
    )


# --- terms and goals -----------------------------------------------------------------------------


def test_changing_the_terms_clears_the_signatures(world, pair):
    sign(world, pair, "mentor", world.mentor)
    sign(world, pair, "coordinator")
    changed = agreements.agreement_update(
        agreement=pair.agreement,
        edited_by=world.coordinator,
        **terms(pair.agreement, meetings_per_month=4, mentee_commitments="  Call if late. "),
    )
    assert changed is True
    pair.agreement.refresh_from_db()
    assert (pair.agreement.meetings_per_month, pair.agreement.mentee_commitments) == (
        4,
        "Call if late.",
    )
    assert not Signature.objects.exists()


def test_saving_the_same_terms_keeps_the_signatures(world, pair):
    sign(world, pair, "coordinator")
    changed = agreements.agreement_update(
        agreement=pair.agreement, edited_by=world.coordinator, **terms(pair.agreement)
    )
    assert changed is False
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "start"}, "ends_on"),
        ({"meetings_per_month": 0}, "meetings_per_month"),
        ({"review_interval_weeks": 60}, "review_interval_weeks"),
    ],
)
def test_terms_out_of_range_are_refused_on_their_field(world, pair, change, field):
    if change.get("ends_on") == "start":
        change = {"ends_on": pair.mentorship.started_on}
    sign(world, pair, "coordinator")
    before = terms(pair.agreement)
    with pytest.raises(ValidationError) as refused:
        agreements.agreement_update(
            agreement=pair.agreement, edited_by=world.coordinator, **terms(pair.agreement, **change)
        )
    assert field in refused.value.message_dict
    pair.agreement.refresh_from_db()
    assert terms(pair.agreement) == before
    assert Signature.objects.count() == 1


def test_goals_are_added_at_the_end_up_to_five_and_a_sixth_is_refused(world, pair):
    sign(world, pair, "coordinator")
    third = add_goal(world, pair)
    assert third.position == 3 and not Signature.objects.exists()
    add_goal(world, pair, "Learn to cycle", life_domain="mobility")
    add_goal(world, pair, "Join a choir", life_domain="social_network")
    with pytest.raises(ValidationError, match="at most 5 goals"):
        add_goal(world, pair, "A sixth")
    assert Goal.objects.filter(mentorship=pair.mentorship).count() == 5


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "   "}, "description"),
        ({"life_domain": "astrology"}, "life_domain"),
        ({"target_date": "before start"}, "target_date"),
    ],
)
def test_a_goal_needs_words_a_life_domain_and_a_date_from_the_start(world, pair, overrides, field):
    if overrides.get("target_date") == "before start":
        overrides = {"target_date": pair.mentorship.started_on - timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        add_goal(world, pair, **overrides)
    assert field in refused.value.message_dict
    assert Goal.objects.filter(mentorship=pair.mentorship).count() == 2


def test_editing_a_goal_clears_the_signatures_only_when_it_changes(world, pair):
    sign(world, pair, "coordinator")
    goal = pair.goal
    same = {
        "description": goal.description,
        "life_domain": goal.life_domain,
        "target_date": goal.target_date,
    }
    assert not agreements.goal_update(goal=goal, edited_by=world.coordinator, **same)
    assert Signature.objects.count() == 1
    assert agreements.goal_update(
        goal=goal, edited_by=world.coordinator, **(same | {"description": "A CV in French"})
    )
    assert Goal.objects.get(pk=goal.pk).description == "A CV in French"
    assert not Signature.objects.exists()


def test_a_reviewed_goal_stays_and_an_unreviewed_one_can_be_removed(world, pair):
    reviewed = pair.goal  # checked in the pair's review
    other = Goal.objects.filter(mentorship=pair.mentorship).exclude(pk=reviewed.pk).get()
    with pytest.raises(ValidationError, match="Dropped"):
        agreements.goal_remove(goal=reviewed, removed_by=world.coordinator)
    sign(world, pair, "coordinator")
    agreements.goal_remove(goal=other, removed_by=world.coordinator)
    assert list(Goal.objects.filter(mentorship=pair.mentorship)) == [reviewed]
    assert GoalCheck.objects.filter(goal=reviewed).exists()
    assert not Signature.objects.exists()


def test_reordering_goals_keeps_the_signatures(world, pair):
    first, second = Goal.objects.filter(mentorship=pair.mentorship)
    sign(world, pair, "coordinator")
    agreements.goals_reorder(
        mentorship=pair.mentorship, goal_ids=[second.pk, first.pk], reordered_by=world.coordinator
    )
    assert list(Goal.objects.filter(mentorship=pair.mentorship)) == [second, first]
    assert Signature.objects.count() == 1
    with pytest.raises(ValidationError, match="reload"):
        agreements.goals_reorder(
            mentorship=pair.mentorship, goal_ids=[first.pk], reordered_by=world.coordinator
        )


def test_the_agreement_page_s_save_is_all_or_nothing(world, pair):
    first, second = Goal.objects.filter(mentorship=pair.mentorship)
    sign(world, pair, "coordinator")
    rows = [
        GoalInput(
            pk=None,
            description="Get a driving licence",
            life_domain="mobility",
            target_date=TODAY() + timedelta(days=100),
        ),
        GoalInput(
            pk=second.pk,
            description=second.description,
            life_domain="housing",
            target_date=second.target_date,
        ),
        GoalInput(pk=first.pk, description="", life_domain="", target_date=None, remove=True),
    ]
    with pytest.raises(ValidationError):  # the first goal was reviewed: it cannot go
        agreements.agreement_edit(
            agreement=pair.agreement,
            edited_by=world.coordinator,
            terms=terms(pair.agreement, meetings_per_month=3),
            goals=rows,
        )
    pair.agreement.refresh_from_db()
    assert pair.agreement.meetings_per_month == 2
    assert Goal.objects.filter(mentorship=pair.mentorship).count() == 2
    assert Goal.objects.get(pk=second.pk).life_domain == "administration"
    assert Signature.objects.count() == 1

    rows[2] = GoalInput(
        pk=first.pk,
        description=first.description,
        life_domain="work",
        target_date=first.target_date,
    )
    cleared = agreements.agreement_edit(
        agreement=pair.agreement,
        edited_by=world.coordinator,
        terms=terms(pair.agreement, meetings_per_month=3),
        goals=rows,
    )
    assert cleared == 1
    goals = list(Goal.objects.filter(mentorship=pair.mentorship))
    assert [g.description for g in goals] == [
        "Get a driving licence",
        second.description,
        first.description,
    ]
    assert goals[1].life_domain == "housing"


def test_a_closed_mentorship_s_agreement_no_longer_changes(world, pair):
    mentorship_close(
        mentorship=pair.mentorship,
        status="ended_early",
        reason="health",
        note="",
        ended_on=TODAY(),
        closed_by=world.coordinator,
    )
    with pytest.raises(ValidationError, match="closed"):
        add_goal(world, pair)
    with pytest.raises(ValidationError, match="closed"):
        sign(world, pair, "coordinator")


# --- signatures ---------------------------------------------------------------------------------


def test_a_mentor_signs_their_own_side_with_a_click(world, pair):
    signature = sign(world, pair, "mentor", world.mentor)
    assert (signature.signatory, signature.on_paper, signature.recorded_by) == (
        "mentor",
        False,
        world.mentor,
    )


@pytest.mark.parametrize(
    ("actor", "signatory", "on_paper"),
    [
        ("mentor", "mentee", False),  # not their side
        ("mentee", "coordinator", False),
        ("mentor", "mentor", True),  # paper is recorded by staff
        ("coordinator", "mentee", False),  # staff record a side's signature on paper only
        ("outsider", "coordinator", False),  # another organisation
        ("employer_contact", "coordinator", False),
    ],
)
def test_nobody_signs_for_someone_else(world, pair, actor, signatory, on_paper):
    with pytest.raises(ValidationError):
        sign(world, pair, signatory, world.user(actor), on_paper)
    assert not Signature.objects.exists()


def test_a_coordinator_of_another_programme_cannot_sign(world, pair):
    with pytest.raises(ValidationError, match="cannot sign"):
        agreements.agreement_sign(
            agreement=world.other_pair.agreement,
            signatory="coordinator",
            by=world.limited_coordinator,
        )
    assert not Signature.objects.exists()


def test_staff_record_paper_signatures_and_sign_as_coordinator(world, pair):
    sign(world, pair, "mentee", world.limited_coordinator, on_paper=True)
    sign(world, pair, "coordinator", world.admin)
    rows = Signature.objects.order_by("signatory").values_list(
        "signatory", "on_paper", "recorded_by"
    )
    assert list(rows) == [
        ("coordinator", False, world.admin.pk),
        ("mentee", True, world.limited_coordinator.pk),
    ]


def test_a_side_signs_once(world, pair):
    sign(world, pair, "mentee", world.mentee)
    with pytest.raises(ValidationError, match="already signed"):
        sign(world, pair, "mentee", world.coordinator, on_paper=True)
    assert Signature.objects.count() == 1


def test_an_agreement_is_signed_with_two_to_five_goals(world, pair):
    Goal.objects.filter(mentorship=pair.mentorship).exclude(pk=pair.goal.pk).delete()
    with pytest.raises(ValidationError, match="2 to 5 goals"):
        sign(world, pair, "coordinator")
    assert not Signature.objects.exists()


def test_the_third_signature_makes_both_matched_participants_active(world, pair):
    set_status(world.mentee_participant, "matched")
    set_status(world.mentor_participant, "matched")
    sign(world, pair, "mentor", world.mentor)
    sign(world, pair, "mentee", world.mentee)
    assert Participant.objects.get(pk=world.mentee_participant.pk).status == "matched"
    sign(world, pair, "coordinator")
    for participant in (world.mentee_participant, world.mentor_participant):
        assert Participant.objects.get(pk=participant.pk).status == "active"
        change = StatusChange.objects.filter(participant=participant).last()
        assert (change.from_status, change.changed_by) == ("matched", world.coordinator)


def test_a_participant_not_matched_is_left_where_they_are(world, pair):
    set_status(world.mentee_participant, "matched")
    set_status(world.mentor_participant, "active")  # already mentoring someone else
    before = StatusChange.objects.filter(participant=world.mentor_participant).count()
    sign_all(world, pair)
    assert Participant.objects.get(pk=world.mentee_participant.pk).status == "active"
    assert StatusChange.objects.filter(participant=world.mentor_participant).count() == before


# --- contact person and settings -----------------------------------------------------------------


def test_the_contact_person_is_one_of_the_programme_s_staff(world, pair):
    agreements.mentorship_set_contact(
        mentorship=pair.mentorship, coordinator=world.limited_coordinator, set_by=world.admin
    )
    assert pair.mentorship.__class__.objects.get(pk=pair.mentorship.pk).coordinator == (
        world.limited_coordinator
    )
    for stranger in (world.mentor, world.outsider):
        with pytest.raises(ValidationError, match="programme's staff"):
            agreements.mentorship_set_contact(
                mentorship=pair.mentorship, coordinator=stranger, set_by=world.admin
            )
    # The limited coordinator is not staff of the other programme.
    with pytest.raises(ValidationError):
        agreements.mentorship_set_contact(
            mentorship=world.other_pair.mentorship,
            coordinator=world.limited_coordinator,
            set_by=world.admin,
        )
    Membership.objects.filter(user=world.coordinator).update(is_active=False)
    with pytest.raises(ValidationError):
        agreements.mentorship_set_contact(
            mentorship=pair.mentorship, coordinator=world.coordinator, set_by=world.admin
        )
    agreements.mentorship_set_contact(
        mentorship=pair.mentorship, coordinator=None, set_by=world.admin
    )
    assert pair.mentorship.__class__.objects.get(pk=pair.mentorship.pk).coordinator is None


def test_mentorship_settings_refuse_red_before_amber(world):
    found = MentorshipSettings.objects.create(programme=world.programme)
    with pytest.raises(ValidationError, match="Red must come"):
        agreements.mentorship_settings_update(
            mentorship_settings=found,
            values={"quiet_amber_intervals": Decimal("3"), "quiet_red_intervals": Decimal("2")},
            updated_by=world.coordinator,
        )
    agreements.mentorship_settings_update(
        mentorship_settings=found,
        values={"code_of_conduct_nl": " Wees op tijd. ", "quiet_red_intervals": Decimal("4")},
        updated_by=world.coordinator,
    )
    found.refresh_from_db()
    assert (found.code_of_conduct_nl, found.quiet_red_intervals) == ("Wees op tijd.", 4)


def test_a_staff_member_of_another_organisation_is_never_a_contact(world, pair):
    stranger = factories.UserFactory()
    Membership.objects.create(user=stranger, organisation=world.other_org, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        agreements.mentorship_set_contact(
            mentorship=pair.mentorship, coordinator=stranger, set_by=world.admin
        )
