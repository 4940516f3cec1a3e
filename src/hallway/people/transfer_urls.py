"""Import and export of people; mounted under /people/ next to the directory's own pages."""

from django.urls import path

from hallway.people import transfer_views as views

app_name = "people_transfer"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path(
        "import/<int:pk>/rows-left-out.csv",
        views.import_rejected_rows,
        name="import_rejected_rows",
    ),
    path("export.csv", views.export_csv, name="export"),
]
