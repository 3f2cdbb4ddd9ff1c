"""URLs of the followups pages (filled in by its views)."""

urlpatterns: list = []
