"""URLs of the events pages (filled in by its views)."""

urlpatterns: list = []
