"""Permission-matrix fragment for the support groups (tandem.community), merged into
tests/test_permission_matrix.py. Objects: world.support (an intervision group of A's programme
with a session to come) and world.other_support (the same in A's other programme)."""

from tests.matrix_policies import PORTAL, POST_ONLY, STAFF_OBJECT

MATRIX = {
    "community:group_list": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "community:group_create": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "community:group_detail": (lambda w: {"pk": w.support.group.pk}, STAFF_OBJECT),
    "community:group_edit": (lambda w: {"pk": w.support.group.pk}, STAFF_OBJECT),
    "community:session_create": (lambda w: {"pk": w.support.group.pk}, STAFF_OBJECT),
    "community:session_edit": (lambda w: {"pk": w.support.session.pk}, STAFF_OBJECT),
    # The session is still to come: staff get the page saying attendance comes later.
    "community:session_record": (lambda w: {"pk": w.support.session.pk}, STAFF_OBJECT),
    "community:session_delete": (lambda w: {"pk": w.support.session.pk}, POST_ONLY),
    "community:my_groups": (lambda w: {}, PORTAL),
}

READ_ONLY = {"community:group_list", "community:group_detail", "community:my_groups"}

_SESSION = {"date": "2099-01-01", "time": "10:00", "duration_minutes": "60", "place": "Hijacked"}

POSTS = {
    "community:group_create": ({"name": "Hijacked", "kind": "intervision"}, {}),
    "community:group_edit": ({"name": "Hijacked", "kind": "exchange"}, {}),
    "community:session_create": (_SESSION, {}),
    "community:session_edit": (_SESSION, {}),
    "community:session_record": ({"summary": "Hijacked"}, {}),
    "community:session_delete": ({}, {}),
}

OTHER_PROGRAMME = {
    "community:group_list": lambda w: {"programme_pk": w.other_programme.pk},
    "community:group_create": lambda w: {"programme_pk": w.other_programme.pk},
    "community:group_detail": lambda w: {"pk": w.other_support.group.pk},
    "community:group_edit": lambda w: {"pk": w.other_support.group.pk},
    "community:session_create": lambda w: {"pk": w.other_support.group.pk},
    "community:session_edit": lambda w: {"pk": w.other_support.session.pk},
    "community:session_record": lambda w: {"pk": w.other_support.session.pk},
    "community:session_delete": lambda w: {"pk": w.other_support.session.pk},
}
