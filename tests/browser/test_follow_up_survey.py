"""A mentee answers the follow-up survey on a 360 px phone, in French, without logging in; the
coordinator's follow-up list then shows it answered."""

from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tandem.outcomes.models import FollowUp, StatusEvent
from tandem.outcomes.services import surveys
from tandem.people.models import Participant
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_journeys import SECRET, totp_code


def test_a_mentee_answers_i_work_on_a_phone_in_french(phone, page, world):
    Participant.objects.filter(pk=world.mentee_participant.pk).update(status="completed")
    today = timezone.localdate()
    follow_up = FollowUp.objects.create(
        participant=world.mentee_participant,
        kind="months_6",
        left_on=today - timedelta(days=183),
        due_on=today - timedelta(days=2),
    )
    token = surveys.survey_link_issue(follow_up=follow_up)

    # The link from the e-mail; the mentee switches the page to French.
    phone.goto(reverse("outcomes:survey", kwargs={"token": token}))
    phone.get_by_role("link", name="Français").click()
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("heading", name="Bonjour Selam")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []
    # The answers are big buttons, whatever the words are once translated.
    work = phone.locator("a[href*='answer=employed']")
    assert work.bounding_box()["height"] >= 48
    work.click()

    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    phone.locator("label.chip:has(input[name=contract][value=permanent])").click()
    phone.locator("label.chip:has(input[name=full_time][value=yes])").click()
    phone.locator("input[name=hours_per_week]").fill("38")
    phone.locator("input[name=job]").fill("Aide-cuisinière")
    phone.locator("label.chip:has(input[name=social][value=no])").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Envoyer mes réponses").click()
    expect(phone.get_by_role("heading", name="Merci")).to_be_visible()

    event = StatusEvent.objects.get(participant=world.mentee_participant)
    assert (event.type, event.source, event.status, event.contract) == (
        "employed",
        "survey",
        "confirmed",
        "permanent",
    )
    assert (event.full_time, event.economy, event.note) == (True, "regular", "Aide-cuisinière")
    # The link works once.
    phone.goto(reverse("outcomes:survey", kwargs={"token": token}))
    expect(phone.locator("h1")).not_to_have_text("Bonjour Selam")

    # The coordinator sees it answered.
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.goto(reverse("outcomes:followup_list"))
    done = page.get_by_role("region", name="Done")
    expect(done).to_contain_text("Selam Tesfay")
    expect(done).to_contain_text("Answered the survey")
    rates = page.get_by_role("region", name="Response rates")
    expect(rates.get_by_role("row", name="6 months after leaving")).to_contain_text("100 %")
    assert axe_violations(page) == []
