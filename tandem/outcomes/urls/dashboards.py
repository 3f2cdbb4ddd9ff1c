"""URLs of the dashboards pages (filled in by its views)."""

urlpatterns: list = []
