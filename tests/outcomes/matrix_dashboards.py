"""The outcome dashboards and the funder report in the permission matrix (merged into
tests/test_permission_matrix.py). All are staff pages that only read (GET): a programme's
dashboard is about one object of A (B's coordinator gets 404, the coordinator limited to A's
first programme gets 404 for the other one); the organisation dashboard and the report show
each staff member their own programmes (B's coordinator gets B's page)."""

from tests.matrix_policies import NONE, STAFF_OBJECT, STAFF_PAGE, Kwargs


def programme_kwargs(w) -> dict:
    return {"programme_pk": w.programme.pk}


def other_programme_kwargs(w) -> dict:
    return {"programme_pk": w.other_programme.pk}


MATRIX: dict[str, tuple[Kwargs, dict | str]] = {
    "outcomes:dashboard": (programme_kwargs, STAFF_OBJECT),
    "outcomes:organisation_dashboard": (NONE, STAFF_PAGE),
    "outcomes:report": (NONE, STAFF_PAGE),
    "outcomes:report_print": (NONE, STAFF_PAGE),
}

READ_ONLY = {
    "outcomes:dashboard",
    "outcomes:organisation_dashboard",
    "outcomes:report",
    "outcomes:report_print",
}

POSTS: dict[str, tuple[dict, dict]] = {}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "outcomes:dashboard": other_programme_kwargs,
}
