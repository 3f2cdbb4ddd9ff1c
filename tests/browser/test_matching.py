"""The matching journey in a real Chromium: start a run, watch its progress, read the
suggestions, lock a pair."""

from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.matching.models import MatchRun, PairLock
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_journeys import SECRET, totp_code
from tests.matching.helpers import grow_cohort


def test_a_coordinator_starts_a_run_follows_its_progress_and_locks_a_pair(page, world):
    grow_cohort(world.programme, world.cohort, mentees=8, mentors=7)
    TOTP.activate(world.coordinator, SECRET)
    log_in(page, "coordinator@a.example.org")
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Newcomers to work").click()
    page.get_by_role("link", name="Matching", exact=True).click()
    expect(page.locator("main")).to_contain_text("8 mentees are ready to match")
    page.get_by_label("Who to match").select_option(label="Cohort Spring 2026")
    page.get_by_role("button", name="Start the run").click()

    # Queued: the page shows a labelled progress bar and polls while the worker computes.
    expect(page.get_by_label("Progress of the run")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Waiting for the worker")
    assert axe_violations(page) == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    # The page notices by itself and shows the suggestions.
    expect(page.get_by_role("heading", name="8 suggestions")).to_be_visible(timeout=15_000)
    run = MatchRun.objects.get()
    assert run.status == "done"
    first = page.locator("article.suggestion").first
    expect(first).to_contain_text("Both speak French")
    first.get_by_text("Next best mentors").click()
    expect(first.get_by_role("button", name="Lock with this mentor instead").first).to_be_visible()
    first.get_by_role("button", name="Lock this pair").click()
    expect(page.locator(".messages")).to_contain_text("the next runs keep this pair")
    expect(page.locator("article.suggestion .badge.locked")).to_have_count(1)
    assert PairLock.objects.count() == 1
    assert axe_violations(page) == []
