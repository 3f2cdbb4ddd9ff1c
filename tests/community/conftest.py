from tests.community.helpers import immediate  # noqa: F401
