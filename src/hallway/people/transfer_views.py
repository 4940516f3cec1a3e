"""Pages for importing people from a file and exporting them as CSV (organisers and up)."""

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.audit.services import audit_record
from hallway.core.csv_files import csv_download
from hallway.core.forms import error_texts
from hallway.people.exporting import DELIMITERS, people_export_csv, people_template_csv
from hallway.people.forms import PeopleFilterForm
from hallway.people.importing import (
    ImportPreview,
    ImportRejected,
    field_choices,
    people_import_preview,
)
from hallway.people.importing.report import rejected_rows_csv
from hallway.people.importing.uploads import (
    REJECTED_ROWS_KEPT,
    AlreadyApplied,
    people_import_rejected_rows,
    people_import_run,
    people_import_set_mapping,
    people_import_upload,
)
from hallway.people.models import PeopleImport
from hallway.people.selectors import people_search

ACCEPTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
MEGABYTE = 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.HALLWAY_IMPORT_MAX_BYTES
        problems = []  # both at once: a smaller file of the wrong kind would fail again
        if upload.size > limit:
            problems.append(forms.ValidationError(
                _(
                    "The file is %(size).1f MB; files can be at most %(max)s MB. "
                    "Please split it into smaller files."
                )
                % {"size": upload.size / MEGABYTE, "max": limit // MEGABYTE},
                code="too_large",
            ))  # fmt: skip
        if PurePath(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            problems.append(forms.ValidationError(
                _("Please choose a CSV file or an Excel workbook (.xlsx)."), code="file_type"
            ))  # fmt: skip
        if problems:
            raise forms.ValidationError(problems)
        return upload


class ImportApplyForm(forms.Form):
    skip_bad_rows = forms.BooleanField(
        required=False, label=gettext_lazy("Import the rows without problems; leave out the others")
    )


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def import_upload(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        people_import = people_import_upload(
            organisation=organisation,
            user=request.user,
            filename=upload.name,
            content=upload.read(),
        )
        return redirect("people_transfer:import_preview", pk=people_import.pk)
    recent = scoped(PeopleImport, organisation).select_related("uploaded_by").defer("content")
    return render(
        request,
        "people/import_upload.html",
        {
            "form": form,
            "recent_imports": recent[:10],
            "max_mb": settings.HALLWAY_IMPORT_MAX_BYTES // MEGABYTE,
            "max_rows": settings.HALLWAY_IMPORT_MAX_ROWS,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def import_preview(request: MemberRequest, pk: int) -> HttpResponse:
    """The detected mapping (editable), the counts and every problem; POST changes the mapping."""
    people_import = get_scoped_or_404(PeopleImport, request.organisation, pk=pk)
    if request.method == "POST" and people_import.applied_at is None:
        choices = {
            int(key.removeprefix("map-")): request.POST.get(key, "")
            for key in request.POST
            if key.startswith("map-") and key.removeprefix("map-").isdigit()
        }
        people_import_set_mapping(people_import=people_import, choices=choices)
        if not request.htmx:
            return redirect("people_transfer:import_preview", pk=people_import.pk)
    context = _preview_context(people_import)
    template = "people/import_panel.html" if request.htmx else "people/import_preview.html"
    return render(request, template, context)


@role_required(Role.ORGANISER)
@require_POST
def import_apply(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    form = ImportApplyForm(request.POST)
    skip_bad_rows = form.is_valid() and form.cleaned_data["skip_bad_rows"]
    try:
        result = people_import_run(organisation=organisation, pk=pk, skip_bad_rows=skip_bad_rows)
    except AlreadyApplied:
        messages.warning(request, _("This file has already been imported."))
        return redirect("people_transfer:import_preview", pk=pk)
    except ImportRejected as rejected:
        count = len(rejected.preview.problems)
        messages.error(
            request,
            ngettext(
                "Nothing was imported: the file has %(count)s problem. See the list below.",
                "Nothing was imported: the file has %(count)s problems. See the list below.",
                count,
            )
            % {"count": count},
        )
        return redirect("people_transfer:import_preview", pk=pk)
    messages.success(
        request,
        _(
            "Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s empty rows skipped."
        )
        % result.as_dict(),
    )
    if result.rejected:
        count = len(result.rejected)
        messages.warning(
            request,
            ngettext(
                "%(count)s row with problems was left out. Download the list to fix it.",
                "%(count)s rows with problems were left out. Download the list to fix them.",
                count,
            )
            % {"count": count},
        )
    return redirect("people_transfer:import_preview", pk=pk)


@role_required(Role.ORGANISER)
@require_GET
def import_rejected_rows(request: MemberRequest, pk: int) -> HttpResponse:
    """The rows an import left out, with their problems, as CSV (for a week after it)."""
    people_import = get_scoped_or_404(PeopleImport, request.organisation, pk=pk)
    delimiter = _delimiter(request)
    if delimiter is None:
        return HttpResponseBadRequest(_("Unknown separator: use comma, semicolon or tab."))
    columns, rows = people_import_rejected_rows(people_import=people_import)
    if not rows:
        raise Http404
    stem = PurePath(people_import.filename).stem or "people"
    content = rejected_rows_csv(columns=columns, rows=rows, delimiter=delimiter)
    return csv_download(content, f"{stem}-rows-left-out.csv")


@role_required(Role.ORGANISER)
@require_GET
def import_template(request: MemberRequest) -> HttpResponse:
    delimiter = _delimiter(request)
    if delimiter is None:
        return HttpResponseBadRequest(_("Unknown separator: use comma, semicolon or tab."))
    return csv_download(people_template_csv(delimiter=delimiter), "people-template.csv")


@role_required(Role.ORGANISER)
@require_GET
def export_csv(request: MemberRequest) -> HttpResponse:
    """The directory as CSV, filtered exactly like the list page."""
    organisation = request.organisation
    delimiter = _delimiter(request)
    if delimiter is None:
        return HttpResponseBadRequest(_("Unknown separator: use comma, semicolon or tab."))
    filters = PeopleFilterForm(request.GET, organisation=organisation)
    if not filters.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(error_texts(errors))}" for name, errors in filters.errors.items()
        )
        return HttpResponseBadRequest(_("Invalid filter: %(problems)s") % {"problems": problems})
    people = people_search(organisation=organisation, **filters.search_arguments())
    content = people_export_csv(
        organisation=organisation, people_queryset=people, delimiter=delimiter
    )
    filename = f"people-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    audit_record(
        "people_exported",
        organisation=organisation,
        target=filename,
        details={"people": people.count(), "filter": request.GET.urlencode()},
    )
    return csv_download(content, filename)


def _preview_context(people_import: PeopleImport) -> dict[str, Any]:
    preview: ImportPreview | None = None
    if people_import.applied_at is None:
        preview = people_import_preview(
            organisation=people_import.organisation,
            filename=people_import.filename,
            content=bytes(people_import.content),
            mapping=people_import.mapping or None,
        )
    columns = []
    if preview is not None:
        columns = [
            {
                "index": index,
                "name": column,
                "key": preview.mapping.get(column, ""),
                "examples": preview.examples.get(column, []),
            }
            for index, column in enumerate(preview.columns)
        ]
    return {
        "people_import": people_import,
        "preview": preview,
        "apply_form": ImportApplyForm(),
        "rejected_rows_kept_days": REJECTED_ROWS_KEPT.days,
        "columns": columns,
        "choices": field_choices(),
        "file_problems": [p for p in preview.problems if p.row is None] if preview else [],
        "row_problems": [p for p in preview.problems if p.row is not None] if preview else [],
    }


def _delimiter(request: HttpRequest) -> str | None:
    return DELIMITERS.get(request.GET.get("delimiter", "comma").strip().lower() or "comma")
