"""The provider overview pages (group figures only; see ``overview.py``) and the exemption
matrix page (export and import of the rules the viewer maintains; see ``matrix.py``)."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy
from trajectwijzer.catalogue.importing import FileFormatError
from trajectwijzer.catalogue.models import Provider
from trajectwijzer.web.forms import CleanTextForm

from . import matrix, overview, rules

MAX_MATRIX_FILE_BYTES = 2 * 1024 * 1024


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The providers whose overview the viewer may see; straight to it when only one."""
    providers = overview.overview_providers(request.user)
    if not providers:
        raise PermissionDenied(rules.VIEW_OVERVIEW)
    if len(providers) == 1:
        return redirect("recognition_overview:provider", slug=providers[0].slug)
    return render(request, "recognition/overview/index.html", {"providers": providers})


@login_required
def provider(request: HttpRequest, slug: str) -> HttpResponse:
    found = Provider.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    if not policy.can(request.user, rules.VIEW_OVERVIEW, found):
        raise PermissionDenied(rules.VIEW_OVERVIEW)
    return render(
        request,
        "recognition/overview/provider.html",
        {"overview": overview.provider_overview(found), "min_group": overview.MIN_GROUP},
    )


# The exemption matrix in the browser ------------------------------------------------------


class MatrixImportForm(CleanTextForm):
    file = forms.FileField(
        label=_("Matrix file (CSV or JSON)"),
        help_text=_("The columns of the export; nothing is imported when any row has an error."),
    )
    dry_run = forms.BooleanField(label=_("Only check, import nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".json")):
            raise forms.ValidationError(_("Choose a .csv or .json file."))
        if upload.size > MAX_MATRIX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MiB.")
                % {"limit": MAX_MATRIX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def _require_maintainer(user) -> set[int] | None:
    if not policy.can(user, rules.MANAGE_EXEMPTION_RULES, None):
        raise PermissionDenied(rules.MANAGE_EXEMPTION_RULES)
    return matrix.maintained_by_viewer(user)


@login_required
def matrix_page(request: HttpRequest) -> HttpResponse:
    """The rules of the providers the viewer maintains, an export and an import."""
    organisations = _require_maintainer(request.user)
    result = None
    file_errors: list[str] = []
    form = MatrixImportForm()
    if request.method == "POST":
        form = MatrixImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            file_format = "json" if upload.name.lower().endswith(".json") else "csv"
            try:
                records = matrix.read(upload.read(), file_format, upload.name)
            except FileFormatError as error:
                file_errors.append(str(error))
            else:
                result = matrix.import_rules(
                    records, actor=request.user, dry_run=form.cleaned_data["dry_run"]
                )
                if result.written:
                    form = MatrixImportForm()
    return render(
        request,
        "recognition/overview/matrix.html",
        {
            "form": form,
            "result": result,
            "file_errors": file_errors,
            "rules": matrix.export_records(organisations),
        },
        status=400 if file_errors or (result and result.errors) else 200,
    )


@login_required
def matrix_export(request: HttpRequest, file_format: str) -> HttpResponse:
    organisations = _require_maintainer(request.user)
    stream = io.StringIO(newline="")
    matrix.write(matrix.export_records(organisations), file_format, stream)
    content_type = "application/json" if file_format == "json" else "text/csv"
    response = HttpResponse(stream.getvalue(), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exemption-matrix.{file_format}"'
    return response
