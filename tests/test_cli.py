"""The `tandem` command and `python -m tandem` behave like manage.py."""

import os
import subprocess
import sys
from pathlib import Path

ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    "SECRET_KEY": "cli-test",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_python_m_tandem_runs_django_commands():
    result = subprocess.run(
        [sys.executable, "-m", "tandem", "check"], env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_tandem_entry_point_lists_tandem_s_own_commands():
    tandem = Path(sys.executable).parent / "tandem"
    result = subprocess.run([str(tandem), "help"], env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout and "db_worker" in result.stdout


def test_without_a_secret_key_tandem_refuses_to_start_outside_debug():
    env = {k: v for k, v in ENV.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-m", "tandem", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_makemigrations_runs_without_a_secret_key_as_it_signs_nothing():
    env = {k: v for k, v in ENV.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-m", "tandem", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
