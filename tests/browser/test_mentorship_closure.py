"""A coordinator closes a mentorship in a real Chromium: from the pair page to the closure form,
reads what will happen, confirms, and sees the pair closed and the mentee back in matching."""

from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect

from tandem.mentorships.models import Meeting, Mentorship
from tandem.people.models import Participant
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_journeys import SECRET, totp_code
from tests.mentorships.world import add_mentorships


def test_a_coordinator_ends_a_pair_early_and_sends_the_mentee_back_to_matching(page, world):
    add_mentorships(world)
    for participant in (world.mentee_participant, world.mentor_participant):
        Participant.objects.filter(pk=participant.pk).update(
            status="active", status_changed_at=timezone.now() - timedelta(days=60)
        )
    mentorship = world.pair.mentorship
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()

    page.goto(mentorship.get_absolute_url())
    expect(page.get_by_role("heading", name="Selam Tesfay and Marc Peeters")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Close the mentorship").click()

    page.get_by_label("Ended early").check()
    page.get_by_label("Reason").select_option(label="No chemistry between them")
    page.get_by_label("What happened").fill("They agreed to stop after a talk.")
    page.get_by_label("The mentee goes back to matching, first in line").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue").click()

    # Nothing has changed yet: the page says what will happen.
    confirm = page.get_by_role("region", name="This will happen")
    expect(confirm).to_contain_text("Selam Tesfay becomes “Ready to match”.")
    expect(confirm).to_contain_text("Meetings still planned are cancelled.")
    assert Mentorship.objects.get(pk=mentorship.pk).status == "active"
    page.get_by_role("button", name="Yes, close the mentorship").click()

    expect(page.locator(".messages")).to_contain_text("The mentorship is closed.")
    expect(page.locator(".status-line")).to_contain_text("Ended early")
    expect(page.get_by_role("region", name="Closure")).to_contain_text("No chemistry")
    expect(page.get_by_role("link", name="Close the mentorship")).to_have_count(0)
    assert axe_violations(page) == []
    mentee = Participant.objects.get(pk=world.mentee_participant.pk)
    assert (mentee.status, mentee.match_priority) == ("ready_to_match", True)
    assert Meeting.objects.get(pk=world.pair.planned_meeting.pk).status == "cancelled"


def test_the_printed_agreement_is_one_a4_page_without_navigation(page, world):
    import re

    from tandem.mentorships.models import MentorshipSettings
    from tandem.mentorships.services import agreements

    add_mentorships(world)
    for n in range(3):
        agreements.goal_add(
            mentorship=world.pair.mentorship,
            description=f"A longer goal number {n} written with the mentee, in plain words",
            life_domain="housing",
            target_date=timezone.localdate() + timedelta(days=60 + n),
            added_by=world.coordinator,
        )
    MentorshipSettings.objects.create(
        programme=world.programme,
        code_of_conduct_en="We respect each other. " * 30,
    )
    agreements.agreement_sign(
        agreement=world.pair.agreement, signatory="mentee", by=world.coordinator, on_paper=True
    )
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.goto(world.pair.mentorship.get_absolute_url() + "agreement/print/?lang=en")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("heading", name="Mentoring agreement")).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
