"""Catalogue reads shared by the public pages and the API.

Each function loads everything its page needs in a fixed number of queries, so the
page cost does not grow with the number of modules or programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Competence, Module, Programme, Provider

PROVIDER_PROGRAMMES_PER_PAGE = 50


def published_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_published=True)


def get_programme(pk: int) -> Programme:
    """A published programme with provider, qualification, parent, children, the
    neighbouring steps of its learning ladder, and modules.

    Modules come with their competences and prerequisites prefetched. Raises Http404
    for unknown or unpublished programmes: the public catalogue only shows what the
    provider published.
    """
    modules = Module.objects.prefetch_related(
        Prefetch("competences", queryset=Competence.objects.select_related("framework")),
        Prefetch(
            "prerequisites", queryset=Module.objects.only("id", "code", "title", "translations")
        ),
    )
    programme = (
        published_programmes()
        .select_related("provider", "qualification", "framework", "parent", "next_step")
        .prefetch_related(
            Prefetch("modules", queryset=modules),
            Prefetch(
                "children",
                queryset=published_programmes().order_by("title", "pk"),
                to_attr="published_children",
            ),
            Prefetch(
                "previous_steps",
                queryset=published_programmes().order_by("title", "pk"),
                to_attr="published_previous_steps",
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if programme is None:
        raise Http404("No published programme with this id.")
    return programme


def _published_or_none(programme: Programme | None) -> Programme | None:
    return programme if programme is not None and programme.is_published else None


def visible_parent(programme: Programme) -> Programme | None:
    return _published_or_none(programme.parent)


def visible_next_step(programme: Programme) -> Programme | None:
    return _published_or_none(programme.next_step)


@dataclass
class ElectiveGroup:
    name: str
    modules: list[Module]


@dataclass
class Term:
    """The modules of one term (semester) of the model path."""

    number: int | None
    compulsory: list[Module] = field(default_factory=list)
    electives: list[ElectiveGroup] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.number is None:
            return _("Not tied to a term")
        return _("Term %(number)s") % {"number": self.number}

    @property
    def modules(self) -> list[Module]:
        return self.compulsory + [m for group in self.electives for m in group.modules]

    @property
    def study_credits(self) -> Decimal | None:
        """Credits of the compulsory modules; electives are alternatives, so left out."""
        credits = [m.study_credits for m in self.compulsory if m.study_credits is not None]
        return sum(credits, Decimal(0)) if credits else None


def terms_of(programme: Programme) -> list[Term]:
    """Modules grouped by term (terms in order, modules without term last), electives
    grouped by their elective group."""
    terms: dict[int | None, Term] = {}
    for module in programme.modules.all():
        term = terms.setdefault(module.term, Term(module.term))
        if not module.is_elective:
            term.compulsory.append(module)
            continue
        name = module.elective_group or _("Electives")
        group = next((g for g in term.electives if g.name == name), None)
        if group is None:
            group = ElectiveGroup(name, [])
            term.electives.append(group)
        group.modules.append(module)
    return sorted(terms.values(), key=lambda t: (t.number is None, t.number or 0))


def get_provider(slug: str) -> Provider:
    # No slug holds a NUL character, and PostgreSQL refuses one in a query (a 500).
    provider = None if "\x00" in slug else Provider.objects.filter(slug=slug).first()
    if provider is None:
        raise Http404("No provider with this slug.")
    return provider


def provider_programmes(provider: Provider, page_number: int | str | None) -> Page:
    """One page of a provider's published programmes; out-of-range pages give the last."""
    programmes = (
        published_programmes()
        .filter(provider=provider)
        .select_related("provider", "qualification")
        .order_by("title", "pk")
    )
    return Paginator(programmes, PROVIDER_PROGRAMMES_PER_PAGE).get_page(page_number)
