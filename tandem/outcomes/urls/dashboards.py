"""URLs of the outcome dashboards and the funder report. A dashboard's tables come as CSV from
the same address with ``?format=csv&table=<key>``; the report's workbook with ``?format=xlsx``."""

from django.urls import path

from tandem.outcomes.views import dashboards

urlpatterns = [
    path(
        "programmes/<int:programme_pk>/dashboard/",
        dashboards.dashboard,
        name="dashboard",
    ),
    path("dashboard/", dashboards.organisation_dashboard, name="organisation_dashboard"),
    path("report/", dashboards.report, name="report"),
    path("report/print/", dashboards.report_print, name="report_print"),
]
