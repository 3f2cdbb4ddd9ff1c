"""URLs of the pairs pages (filled in by its views)."""

urlpatterns: list = []
