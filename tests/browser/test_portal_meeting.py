"""A mentor who never used Tandem logs their first meeting on a small phone, then reads their page
in Dutch."""

import re

from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tandem.mentorships.models import Meeting
from tandem.people.models import Consent
from tests.browser.conftest import axe_violations, log_in
from tests.mentorships.world import add_mentorships


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width}px)"


def test_a_mentor_logs_their_first_meeting_on_a_phone_and_reads_it_in_dutch(phone, world):
    add_mentorships(world)
    m = world.pair.mentorship
    Meeting.objects.filter(mentorship=m).delete()  # their first meeting
    Consent.objects.create(
        person=world.mentee_person,
        purpose="match_profile",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )

    log_in(phone, "mentor@a.example.org")  # mentors log in without a second factor
    phone.goto("/mentorships/me/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello Marc")
    expect(phone.get_by_role("heading", name="Your mentee: Selam")).to_be_visible()
    expect(phone.get_by_text("No meeting logged yet.")).to_be_visible()
    _fits(phone)
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Log a meeting").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Log a meeting")
    # Today, an hour, in person are chosen already: the mentor only taps what differs.
    expect(phone.get_by_role("radio", name="1 hour")).to_be_checked()
    expect(phone.get_by_role("radio", name="In person")).to_be_checked()
    _fits(phone)
    assert axe_violations(phone) == []
    phone.locator("label.chip", has_text=re.compile(r"^Phone$")).click()
    expect(phone.get_by_role("radio", name="Phone")).to_be_checked()
    phone.locator("label.chip", has_text=re.compile(r"^Work$")).click()
    expect(phone.get_by_role("checkbox", name="Work", exact=True)).to_be_checked()
    phone.get_by_label("A short note (optional)").fill("We went through her CV.")
    # Big enough to tap.
    box = phone.get_by_role("button", name="Save the meeting").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    phone.get_by_role("button", name="Save the meeting").click()

    expect(phone).to_have_url(re.compile(r"/mentorships/me/"))
    expect(phone.get_by_role("status")).to_contain_text("Thank you! Your meeting of")
    expect(phone.get_by_text("1 meeting logged.")).to_be_visible()
    expect(phone.get_by_text("We went through her CV.")).to_be_visible()
    meeting = Meeting.objects.get(mentorship=m)
    assert (meeting.status, meeting.mode, meeting.topics, meeting.logged_by) == (
        "held",
        "phone",
        ["work"],
        world.mentor,
    )

    phone.get_by_role("button", name="NL").click()
    expect(phone.locator("html")).to_have_attribute("lang", "nl")
    with translation.override("nl"):
        day = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y")
    # The meeting, dated in Dutch.
    expect(phone.locator(f"#pair-{m.pk} .meetings")).to_contain_text(day)
    _fits(phone)
