"""Pages for importing contacts from a file: upload, preview, apply (organisers and up)."""

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.people.importing.results import ImportRejected
from hallway.relationships.importing import contacts_import_apply, contacts_import_preview
from hallway.relationships.importing.columns import field_label
from hallway.relationships.models import ContactImport

ACCEPTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".vcf", ".vcard")
MEGABYTE = 1024 * 1024


class ContactsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problems = []
        if upload.size > settings.HALLWAY_IMPORT_MAX_BYTES:
            problems.append(forms.ValidationError(
                _("The file is %(size).1f MB; files can be at most %(max)s MB.")
                % {"size": upload.size / MEGABYTE, "max": settings.HALLWAY_IMPORT_MAX_BYTES // MEGABYTE},
                code="too_large",
            ))  # fmt: skip
        if PurePath(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            problems.append(forms.ValidationError(
                _("Please choose a CSV file, an Excel workbook (.xlsx) or vCards (.vcf)."),
                code="file_type",
            ))  # fmt: skip
        if problems:
            raise forms.ValidationError(problems)
        return upload


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def import_upload(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = ContactsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        contacts_import = ContactImport.objects.create(
            organisation=organisation,
            uploaded_by=request.user,
            filename=PurePath(upload.name).name[:255],
            content=upload.read(),
        )
        return redirect("relationships:import_preview", pk=contacts_import.pk)
    recent = scoped(ContactImport, organisation).select_related("uploaded_by").defer("content")
    return render(
        request,
        "relationships/importing/upload.html",
        {
            "form": form,
            "recent_imports": recent[:10],
            "max_mb": settings.HALLWAY_IMPORT_MAX_BYTES // MEGABYTE,
            "max_rows": settings.HALLWAY_IMPORT_MAX_ROWS,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.ORGANISER)
def import_preview(request: MemberRequest, pk: int) -> HttpResponse:
    contacts_import = get_scoped_or_404(ContactImport, request.organisation, pk=pk)
    context: dict[str, Any] = {"contacts_import": contacts_import}
    if contacts_import.applied_at is None:
        preview = contacts_import_preview(
            organisation=request.organisation,
            filename=contacts_import.filename,
            content=bytes(contacts_import.content),
        )
        context["preview"] = preview
        context["columns"] = [
            {
                "name": column,
                "field": field_label(preview.mapping[column])
                if preview.mapping.get(column)
                else "",
                "examples": preview.examples.get(column, []),
            }
            for column in preview.columns
        ]
        context["file_problems"] = [p for p in preview.problems if p.row is None]
        context["row_problems"] = [p for p in preview.problems if p.row is not None][:500]
    return render(request, "relationships/importing/preview.html", context)


@role_required(Role.ORGANISER)
@require_POST
def import_apply(request: MemberRequest, pk: int) -> HttpResponse:
    contacts_import = get_scoped_or_404(ContactImport, request.organisation, pk=pk)
    if contacts_import.applied_at is not None:
        messages.warning(request, _("This file has already been imported."))
        return redirect("relationships:import_preview", pk=pk)
    try:
        result = contacts_import_apply(
            organisation=request.organisation,
            filename=contacts_import.filename,
            content=bytes(contacts_import.content),
            actor=request.user,
        )
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
        return redirect("relationships:import_preview", pk=pk)
    # The file is personal data: once applied, only the counts are kept.
    contacts_import.applied_at = timezone.now()
    contacts_import.result = result.as_dict()
    contacts_import.content = b""
    contacts_import.save(update_fields=["applied_at", "result", "content"])
    messages.success(
        request,
        _(
            "Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s empty rows skipped."
        )
        % result.as_dict(),
    )
    return redirect("relationships:import_preview", pk=pk)
