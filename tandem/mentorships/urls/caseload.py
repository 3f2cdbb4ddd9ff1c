"""URLs of the caseload pages (filled in by its views)."""

urlpatterns: list = []
