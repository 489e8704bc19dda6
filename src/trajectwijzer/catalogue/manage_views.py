"""Pages where provider admins maintain their own programmes (under /catalogue/manage/).

Thin views: the forms validate, ``services`` checks the policy and saves, and every
permission question goes through ``policy.can``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectwijzer.accounts import policy

from . import rules, services
from .forms import ModuleFormSet, ProgrammeForm
from .models import Programme, Provider

PROGRAMMES_PER_PAGE = 50


def _providers_or_403(request: HttpRequest) -> list[Provider]:
    providers = services.manageable_providers(request.user)
    if not providers:
        raise PermissionDenied(_("You do not administer any training provider."))
    return providers


def _programme_or_403(request: HttpRequest, pk: int) -> Programme:
    programme = get_object_or_404(
        Programme.objects.select_related("provider", "parent", "next_step"), pk=pk
    )
    if not policy.can(request.user, rules.CHANGE_PROGRAMME, programme):
        raise PermissionDenied(_("You cannot change programmes of this provider."))
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    providers = _providers_or_403(request)
    programmes = (
        Programme.objects.filter(provider__in=[p.pk for p in providers])
        .select_related("provider")
        .order_by("provider__name", "title", "pk")
    )
    page = Paginator(programmes, PROGRAMMES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/manage/programme_list.html",
        {"page": page, "providers": providers},
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Programme(), _providers_or_403(request))


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_403(request, pk)
    return _edit(request, programme, services.manageable_providers(request.user))


def _edit(request: HttpRequest, programme: Programme, providers: list[Provider]) -> HttpResponse:
    is_new = programme.pk is None
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme, providers=providers)
    modules = ModuleFormSet(
        data,
        instance=programme,
        prefix="modules",
        form_kwargs={"framework": programme.framework},
    )
    if data is not None and form.is_valid() and modules.is_valid():

        def save_modules(saved: Programme) -> None:
            modules.instance = saved
            modules.save()

        saved = services.save_programme(
            request.user, form.save(commit=False), save_modules=save_modules
        )
        message = (
            _("Programme “%(title)s” created.") if is_new else _("Programme “%(title)s” saved.")
        )
        messages.success(request, message % {"title": saved.title})
        return redirect("catalogue:manage_edit", pk=saved.pk)
    return render(
        request,
        "catalogue/manage/programme_form.html",
        {"form": form, "modules": modules, "programme": programme, "is_new": is_new},
    )


@login_required
@require_POST
def programme_publish(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_403(request, pk)
    publish = request.POST.get("publish") == "1"
    services.set_published(request.user, programme, publish)
    message = (
        _("“%(title)s” is published.") if publish else _("“%(title)s” is no longer published.")
    )
    messages.success(request, message % {"title": programme.title})
    return redirect("catalogue:manage")
