"""Match runs: started from the programme's matching page, computed once by the worker with a
live progress bar, kept with their instance (the audit record), failing with a clear message."""

import json

import pytest
from django.urls import reverse

from tandem.matching import engine, services
from tandem.matching.models import MatchRun, Suggestion
from tandem.matching.services import runs as run_services
from tests.conftest import login
from tests.matching.helpers import finished, participant


@pytest.fixture
def immediate(settings, django_capture_on_commit_callbacks):
    """Tasks run when the transaction that queued them commits, in this process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return django_capture_on_commit_callbacks


def small_programme(world, mentees: int = 3, mentors: int = 3):
    return (
        [participant(world.programme, "mentee", cohort=world.cohort) for _ in range(mentees)],
        [participant(world.programme, "mentor") for _ in range(mentors)],
    )


def test_the_matching_page_says_who_can_be_matched_and_starts_a_run(world, immediate):
    small_programme(world, mentees=2, mentors=1)
    client = login(world.coordinator)
    page = client.get(reverse("matching:programme", args=[world.programme.pk])).content.decode()
    assert "2 mentees are ready to match" in page and "1 mentor has a free place" in page
    with immediate(execute=True):
        response = client.post(reverse("matching:run_start", args=[world.programme.pk]))
    run = MatchRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert finished(run).created_by == world.coordinator
    assert (run.mentee_count, run.mentor_count, run.matched_count) == (2, 1, 1)


def test_a_run_waiting_for_the_worker_shows_an_accessible_progress_bar_and_polls(world):
    small_programme(world)
    client = login(world.coordinator)
    run = services.run_start(
        programme=world.programme, cohort=world.cohort, started_by=world.coordinator
    )
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'role="status"' in page
    assert '<label for="run-progress">' in page and '<progress id="run-progress"' in page
    MatchRun.objects.filter(pk=run.pk).update(status="running", stage="solve", progress=0.42)
    fragment = client.get(run.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'value="42"' in fragment and "Choosing the best set of pairs" in fragment
    # Once finished, the polling request makes the browser load the result page.
    run_services.run_execute(run=MatchRun.objects.get(pk=run.pk))  # no-op: not queued
    MatchRun.objects.filter(pk=run.pk).update(status="queued")
    run_services.run_execute(run=MatchRun.objects.get(pk=run.pk))
    done = client.get(run.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"


def test_nobody_ready_to_match_is_refused_with_a_message_and_no_run(world):
    client = login(world.coordinator)
    response = client.post(reverse("matching:run_start", args=[world.programme.pk]), follow=True)
    assert "Nobody here is ready to match" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_a_second_click_gives_back_the_run_that_is_waiting(world):
    small_programme(world)
    first = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    again = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    assert first == again and MatchRun.objects.count() == 1


def test_a_run_is_computed_once_even_if_two_workers_take_it(world):
    small_programme(world)
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    run_services.run_execute(run=MatchRun.objects.get(pk=run.pk))
    assert Suggestion.objects.filter(run=run).count() == 3


def test_progress_is_written_at_most_twice_a_second_and_at_every_stage(world, monkeypatch):
    small_programme(world)
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    writes = []
    original = MatchRun.objects.filter

    def spy(*args, **kwargs):
        qs = original(*args, **kwargs)
        real = qs.update

        def update(**values):
            if "progress" in values and "status" not in values:
                writes.append((values["stage"], values["progress"]))
            return real(**values)

        qs.update = update
        return qs

    monkeypatch.setattr(MatchRun.objects, "filter", spy)
    clock = iter(range(0, 1000))
    monkeypatch.setattr(run_services.time, "monotonic", lambda: next(clock) * 0.01)
    run_services.run_execute(run=run)
    stages = [stage for stage, _p in writes]
    assert stages[0] == "candidates" and "solve" in stages and stages[-1] == "save"
    # Within one stage, updates 0.01 s apart are not all written.
    assert len(writes) < 10
    assert all(0 <= fraction <= 1 for _stage, fraction in writes)
    assert finished(run).progress == 1.0


def test_a_failed_run_says_so_in_words_and_keeps_nothing_half_saved(world, monkeypatch):
    small_programme(world)
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)

    def broken(instance, progress=None):
        raise engine.InstanceError("locks: pair ['p1', 'p2'] breaks a hard rule (distance)")

    monkeypatch.setattr(run_services.engine, "solve", broken)
    run_services.run_execute(run=run)
    run.refresh_from_db()
    assert run.status == "failed" and "breaks a hard rule" in run.error
    assert not Suggestion.objects.filter(run=run).exists()
    page = login(world.coordinator).get(run.get_absolute_url()).content.decode()
    assert "This run failed" in page and "No suggestions were made" in page
    assert "Start a new run" in page


def test_the_instance_download_solves_again_to_the_same_pairs(world):
    small_programme(world, mentees=5, mentors=4)
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    response = login(world.coordinator).get(reverse("matching:run_instance", args=[run.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="match-run-{run.pk}.json"'
    data = json.loads(response.content)
    assert data["format"] == "tandem-match-instance/1"
    again = engine.solve(engine.load(data))
    stored = set(Suggestion.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    assert {(int(p.mentee[1:]), int(p.mentor[1:])) for p in again.pairs} == stored
    assert again.total_score == pytest.approx(finished(run).total_score)


def test_tandem_match_solve_reproduces_a_run_from_its_downloaded_instance(world, tmp_path, capsys):
    from tandem.matching.engine import cli

    small_programme(world, mentees=4, mentors=3)
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    path = tmp_path / "run.json"
    path.write_bytes(
        login(world.coordinator).get(reverse("matching:run_instance", args=[run.pk])).content
    )
    assert cli.main(["solve", str(path), "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    stored = set(Suggestion.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    assert {(int(p["mentee"][1:]), int(p["mentor"][1:])) for p in output["pairs"]} == stored
    assert output["total_score"] == pytest.approx(finished(run).total_score)


def test_a_run_left_behind_by_a_stopped_worker_does_not_block_the_next_one(world):
    from datetime import timedelta

    from django.utils import timezone

    small_programme(world)
    stuck = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    MatchRun.objects.filter(pk=stuck.pk).update(
        status="running", started_at=timezone.now() - timedelta(hours=2)
    )
    fresh = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    assert fresh != stuck and fresh.status == "queued"
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "worker stopped" in stuck.error
