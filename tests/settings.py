"""Settings for the test suite: Tandem's own, with a test secret and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.pop("TANDEM_DEMO", None)

from tandem.settings import *  # noqa: F403

PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS  # noqa: F405
# Hashing with Argon2 in every fixture would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TANDEM_MFA_REQUIRED = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
