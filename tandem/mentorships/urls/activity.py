"""URLs of the activity pages (filled in by its views)."""

urlpatterns: list = []
