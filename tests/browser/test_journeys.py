"""Journeys a person clicks through, in a real Chromium."""

import base64
import hashlib
import hmac
import re
import struct
import time

from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from tandem.people.models import Participant
from tests.browser.conftest import axe_violations, log_in

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code, computed here independently of the library that checks it.

    Near the end of a 30-second step the code could expire before the server checks it, so a
    log-in waits for the next step instead.
    """
    if at is None and time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.2)
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_a_coordinator_finds_a_mentee_moves_them_along_and_reads_the_page_in_dutch(page, world):
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview of Mentor Brussels")

    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search").fill("tesf")
    # The table updates as the coordinator types (HTMX), without a page load.
    expect(page.locator("#person-table")).to_contain_text("1 person")
    page.get_by_role("link", name="Selam Tesfay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Selam Tesfay")

    page.get_by_role("link", name="Newcomers to work").click()
    page.get_by_label("Move to").select_option(label="Intake planned")
    page.get_by_label("Reason", exact=True).fill("Intake on Tuesday at 10:00")
    page.get_by_role("button", name="Move").click()
    expect(page.locator(".status-line")).to_contain_text("Intake planned")
    expect(page.locator("table")).to_contain_text("Intake on Tuesday at 10:00")

    page.get_by_role("button", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Geschiedenis")).to_be_visible()
    expect(page.locator(".status-line")).to_contain_text("Intake gepland")

    participant = Participant.objects.get(pk=world.mentee_participant.pk)
    assert participant.status == "intake_planned"
    assert participant.status_changes.last().changed_by == world.coordinator


def test_a_coordinator_moves_a_card_on_the_pipeline_board(page, world):
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"/people/pipeline/{world.programme.pk}/")
    card = page.locator(f"#card-{world.mentee_participant.pk}")
    card.get_by_label("Move Selam Tesfay to").select_option(label="On hold")
    card.get_by_role("button", name="Move").click()
    expect(page.locator(".board-status")).to_contain_text("Please give a reason")
    card = page.locator(f"#card-{world.mentee_participant.pk}")
    card.get_by_label("Move Selam Tesfay to").select_option(label="On hold")
    card.get_by_label("Reason", exact=True).fill("Moving house this month")
    card.get_by_role("button", name="Move").click()
    expect(page.locator("#col-on_hold").locator("..")).to_contain_text("Selam Tesfay")
    assert Participant.objects.get(pk=world.mentee_participant.pk).status == "on_hold"


def test_a_new_coordinator_must_set_up_two_factor_log_in_first(page, world):
    log_in(page, "coordinator@a.example.org")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    # The page shows the secret for people who cannot scan the QR code.
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview of Mentor Brussels")


def test_a_mentee_reads_their_page_on_a_small_phone(phone, world):
    log_in(phone, "mentee@a.example.org")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello Selam")
    expect(
        phone.get_by_text("Your coordinator is looking for a good match for you")
    ).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width}px)"
    assert axe_violations(phone) == []
    phone.goto("/people/me/")
    expect(phone.get_by_text("Newcomers to work")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []


def test_a_mentor_s_page_passes_the_accessibility_check_in_french(phone, world):
    log_in(phone, "mentor@a.example.org")
    phone.get_by_role("button", name="FR").click()
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bonjour Marc")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []


def test_the_login_page_passes_the_accessibility_check_on_a_phone(phone, world):
    phone.goto("/accounts/login/")
    assert axe_violations(phone) == []


def test_a_newcomer_applies_on_a_phone_in_french(phone, world):
    from django.core.cache import cache

    from tandem.people.models import Participant

    cache.clear()
    phone.goto(f"/people/apply/{world.org.slug}/{world.programme.slug}/mentee/")
    phone.get_by_role("button", name="FR").click()
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_label("Prénom").fill("Awet")
    phone.get_by_label("Nom de famille").fill("Habte")
    phone.get_by_label("Année de naissance").fill("2003")
    phone.get_by_label("Numéro de téléphone").fill("+32 488 00 11 22")
    phone.get_by_label("La langue que vous parlez le mieux").select_option("ti")
    phone.get_by_role("checkbox").first.check()
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Merci")
    participant = Participant.objects.get(person__last_name="Habte")
    assert (participant.status, participant.programme) == ("applied", world.programme)


def test_a_partner_refers_and_a_coordinator_takes_the_candidate_through_the_intake(page, world):
    from tandem.people.models import Participant

    log_in(page, "partner@a.example.org")
    page.get_by_role("link", name="Refer someone").first.click()
    page.get_by_label("Programme", exact=True).select_option(label="Newcomers to work")
    page.get_by_label("First name").fill("Hamid")
    page.get_by_label("Last name").fill("Noori")
    page.get_by_label("Phone number").fill("+32 486 12 34 56")
    page.get_by_label("Why this programme").fill("Electrician; wants to work in construction.")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator("main")).to_contain_text("Hamid Noori")
    page.get_by_role("button", name="Log out").click()

    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Referrals").click()
    page.get_by_role("link", name="Hamid Noori").click()
    page.get_by_role("button", name="Accept into the programme").click()
    expect(page.locator(".status-line")).to_contain_text("Applied")
    page.get_by_role("link", name="Record the intake interview").click()
    page.get_by_label("Goals, in their own words").fill("Een job in de bouw.")
    page.get_by_label("Right to work").select_option("full")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".status-line")).to_contain_text("Intake done")
    page.get_by_label("Move to").select_option(label="Eligible")
    page.get_by_role("button", name="Move").click()
    expect(page.locator(".status-line")).to_contain_text("Eligible")
    participant = Participant.objects.get(person__last_name="Noori")
    assert participant.status == "eligible"
    assert participant.intakes.get().right_to_work == "full"
