"""The accounts services, called directly."""

import pytest
from django.core.exceptions import ValidationError

from tandem.accounts import services
from tandem.accounts.models import Membership, User


def test_inviting_a_known_user_to_another_organisation_adds_a_membership(world):
    membership = services.membership_invite(
        organisation=world.other_org,
        email="MENTOR@a.example.org",
        name="Marc",
        role="mentor",
        language="nl",
        invited_by=world.outsider,
    )
    assert membership.user == world.mentor
    assert User.objects.filter(email__iexact="mentor@a.example.org").count() == 1
    assert set(world.mentor.memberships.values_list("organisation__slug", flat=True)) == {
        "mentor-brussels",
        "other-org",
    }


def test_programmes_are_only_kept_for_coordinators(world):
    membership = services.membership_invite(
        organisation=world.org,
        email="new@example.org",
        name="New",
        role="mentor",
        language="en",
        invited_by=world.admin,
        programmes=[world.programme],
    )
    assert not membership.programmes.exists()


def test_an_admin_cannot_switch_their_own_access_off(world):
    own = Membership.objects.get(user=world.admin)
    with pytest.raises(ValidationError):
        services.membership_update(
            membership=own, role="admin", is_active=False, changed_by=world.admin
        )
    own.refresh_from_db()
    assert own.is_active
