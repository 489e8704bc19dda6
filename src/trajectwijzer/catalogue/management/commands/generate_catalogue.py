"""Generate a large, realistic, reproducible catalogue for scale tests and benchmarks.

``manage.py generate_catalogue --programmes 50000 --providers 200 --seed 7`` builds
providers, qualifications and programmes (Dutch titles from real study areas, facet
values in plausible proportions, some French/English translations, microdegrees
under a parent, modules for part of them) with bulk inserts, then reindexes once.
The same seed always gives the same catalogue.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from trajectwijzer.catalogue.models import (
    Delivery,
    Module,
    Programme,
    ProgrammeKind,
    Provider,
    ProviderKind,
    Qualification,
    QualificationKind,
    Region,
)
from trajectwijzer.catalogue.search import reindex_programmes

BATCH_SIZE = 2000

# (Dutch study area, French, English, typical subjects as (nl, fr, en))
STUDY_AREAS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "Bedrijfsbeheer",
        "Gestion d'entreprise",
        "Business management",
        [
            ("HR-support", "support RH", "HR support"),
            ("boekhouding", "comptabilité", "accounting"),
            ("marketing", "marketing", "marketing"),
            ("logistiek", "logistique", "logistics"),
            ("KMO-management", "gestion de PME", "SME management"),
        ],
    ),
    (
        "Gezondheidszorg",
        "Soins de santé",
        "Health care",
        [
            ("verpleegkunde", "soins infirmiers", "nursing"),
            ("zorgkundige", "aide-soignant", "care assistant"),
            ("apothekersassistent", "assistant pharmaceutique", "pharmacy assistant"),
        ],
    ),
    (
        "Informatica",
        "Informatique",
        "Computer science",
        [
            ("programmeren", "programmation", "programming"),
            ("netwerkbeheer", "administration réseau", "network administration"),
            ("cybersecurity", "cybersécurité", "cyber security"),
            ("data-analyse", "analyse de données", "data analysis"),
        ],
    ),
    (
        "Onderwijs",
        "Enseignement",
        "Education",
        [
            ("lerarenopleiding", "formation des enseignants", "teacher training"),
            ("kinderbegeleiding", "accueil de l'enfance", "childcare"),
        ],
    ),
    (
        "Bouw",
        "Construction",
        "Construction",
        [
            ("elektrotechniek", "électrotechnique", "electrical engineering"),
            ("HVAC-techniek", "techniques HVAC", "HVAC engineering"),
            ("werfleiding", "conduite de chantier", "site management"),
        ],
    ),
    (
        "Industriële technieken",
        "Techniques industrielles",
        "Industrial technology",
        [
            ("mechatronica", "mécatronique", "mechatronics"),
            ("onderhoudstechniek", "maintenance industrielle", "maintenance engineering"),
            ("procestechniek", "technique des procédés", "process technology"),
        ],
    ),
    (
        "Sociaal-agogisch werk",
        "Travail social",
        "Social work",
        [
            ("orthopedagogie", "orthopédagogie", "remedial education"),
            ("maatschappelijk werk", "assistance sociale", "social work"),
        ],
    ),
    (
        "Horeca en toerisme",
        "Horeca et tourisme",
        "Hospitality and tourism",
        [
            ("hotelmanagement", "gestion hôtelière", "hotel management"),
            ("keuken", "cuisine", "cooking"),
        ],
    ),
    (
        "Transport",
        "Transport",
        "Transport",
        [
            ("vrachtwagenchauffeur", "chauffeur poids lourd", "truck driving"),
            ("heftruck", "chariot élévateur", "forklift"),
        ],
    ),
    (
        "Land- en tuinbouw",
        "Agriculture et horticulture",
        "Agriculture",
        [
            ("groenbeheer", "gestion des espaces verts", "landscaping"),
            ("tuinaanleg", "aménagement de jardins", "garden design"),
        ],
    ),
]
KIND_WORDS = {
    ProgrammeKind.GRADUAAT: "Graduaat",
    ProgrammeKind.BACHELOR: "Bachelor",
    ProgrammeKind.MASTER: "Master",
    ProgrammeKind.POSTGRADUATE: "Postgraduaat",
    ProgrammeKind.VOCATIONAL: "Opleiding",
    ProgrammeKind.MODULE: "Module",
    ProgrammeKind.MICRODEGREE: "Microdegree",
}
# Weighted like a real offer: many vocational trainings and graduates, few masters.
KIND_WEIGHTS = {
    ProgrammeKind.VOCATIONAL: 30,
    ProgrammeKind.GRADUAAT: 20,
    ProgrammeKind.BACHELOR: 15,
    ProgrammeKind.MODULE: 12,
    ProgrammeKind.POSTGRADUATE: 8,
    ProgrammeKind.MASTER: 5,
}
VKS_BY_KIND = {
    ProgrammeKind.VOCATIONAL: (2, 4),
    ProgrammeKind.GRADUAAT: (5, 5),
    ProgrammeKind.BACHELOR: (6, 6),
    ProgrammeKind.MODULE: (3, 6),
    ProgrammeKind.POSTGRADUATE: (6, 7),
    ProgrammeKind.MASTER: (7, 7),
    ProgrammeKind.MICRODEGREE: (5, 6),
}
CITIES = [
    ("Gent", Region.FLANDERS), ("Antwerpen", Region.FLANDERS), ("Leuven", Region.FLANDERS),
    ("Brugge", Region.FLANDERS), ("Hasselt", Region.FLANDERS), ("Kortrijk", Region.FLANDERS),
    ("Mechelen", Region.FLANDERS), ("Brussel", Region.BRUSSELS), ("Namen", Region.WALLONIA),
    ("Luik", Region.WALLONIA),
]  # fmt: skip
PROVIDER_WORDS = ["Hogeschool", "CVO", "Syntra", "Opleidingscentrum", "Academie", "Campus"]
PROVIDER_KIND_BY_WORD = {
    "Hogeschool": ProviderKind.HOGESCHOOL,
    "CVO": ProviderKind.CVO,
    "Syntra": ProviderKind.SYNTRA,
    "Opleidingscentrum": ProviderKind.SECTOR_CENTRE,
    "Academie": ProviderKind.PRIVATE,
    "Campus": ProviderKind.UNIVERSITY,
}
MODULE_WORDS = ["Basis", "Inleiding tot", "Verdieping", "Praktijk", "Project", "Stage"]


class Command(BaseCommand):
    help = "Generate a reproducible catalogue of N programmes for scale tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programmes", type=int, required=True, help="number of programmes")
        parser.add_argument(
            "--providers", type=int, default=None, help="number of providers (default N/250, ≥3)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args: Any, programmes: int, providers: int | None, seed: int, **options):
        if programmes < 1:
            raise CommandError("--programmes must be at least 1.")
        provider_count = providers if providers is not None else max(3, programmes // 250)
        if provider_count < 1:
            raise CommandError("--providers must be at least 1.")
        prefix = f"gen{seed}"
        if Provider.objects.filter(slug__startswith=f"{prefix}-").exists():
            raise CommandError(
                f"A catalogue with seed {seed} was generated before; use another --seed."
            )
        started = time.monotonic()
        generator = CatalogueGenerator(random.Random(seed), prefix)
        with transaction.atomic():
            generator.create_providers(provider_count)
            generator.create_qualifications()
            generator.create_programmes(programmes)
            reindex_programmes()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {provider_count} providers, {programmes} programmes and "
                f"{generator.module_count} modules in {time.monotonic() - started:.1f} s."
            )
        )


class CatalogueGenerator:
    def __init__(self, rng: random.Random, prefix: str):
        self.rng = rng
        self.prefix = prefix
        self.providers: list[Provider] = []
        self.qualifications: dict[tuple[str, str], Qualification] = {}
        self.module_count = 0

    def create_providers(self, count: int) -> None:
        providers = []
        for number in range(1, count + 1):
            word = self.rng.choice(PROVIDER_WORDS)
            city, region = self.rng.choice(CITIES)
            providers.append(
                Provider(
                    slug=f"{self.prefix}-provider-{number}",
                    name=f"{word} {city} {number}",
                    kind=PROVIDER_KIND_BY_WORD[word],
                    city=city,
                    region=region,
                    description=f"{word} in {city} met opleidingen voor werkenden.",
                )
            )
        self.providers = Provider.objects.bulk_create(providers, batch_size=BATCH_SIZE)

    def create_qualifications(self) -> None:
        qualifications, keys = [], []
        for area, _area_fr, _area_en, subjects in STUDY_AREAS:
            for subject, subject_fr, subject_en in subjects:
                keys.append((area, subject))
                kind = self.rng.choice(QualificationKind.values)
                qualifications.append(
                    Qualification(
                        code=f"{self.prefix}-{len(qualifications) + 1:04d}",
                        title=f"{subject[0].upper()}{subject[1:]}",
                        vks_level=self.rng.randint(3, 7),
                        kind=kind,
                        shortage_occupation=self.rng.random() < 0.4,
                        translations={"fr": {"title": subject_fr}, "en": {"title": subject_en}},
                    )
                )
        created = Qualification.objects.bulk_create(qualifications)
        self.qualifications = dict(zip(keys, created, strict=True))

    def create_programmes(self, count: int) -> None:
        created = 0
        while created < count:
            size = min(BATCH_SIZE, count - created)
            # A tenth are microdegrees, each hung under a programme of the same batch.
            micro_count = size // 10 if size >= 10 else 0
            parents = Programme.objects.bulk_create(
                [self._programme(created + i) for i in range(size - micro_count)]
            )
            micro = [
                self._programme(created + size - micro_count + i, parent=self.rng.choice(parents))
                for i in range(micro_count)
            ]
            batch = parents + Programme.objects.bulk_create(micro)
            self._create_modules(batch)
            created += size

    def _programme(self, index: int, parent: Programme | None = None) -> Programme:
        rng = self.rng
        if parent is None:
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            area, area_fr, area_en, subjects = rng.choice(STUDY_AREAS)
            subject, subject_fr, subject_en = rng.choice(subjects)
        else:
            kind = ProgrammeKind.MICRODEGREE
            area = parent.study_area
            area_fr, area_en, subjects = next(
                (a[1], a[2], a[3]) for a in STUDY_AREAS if a[0] == area
            )
            subject, subject_fr, subject_en = rng.choice(subjects)
        low, high = VKS_BY_KIND[kind]
        duration = {
            ProgrammeKind.MICRODEGREE: rng.choice([3, 4, 6]),
            ProgrammeKind.MODULE: rng.choice([2, 3, 5]),
            ProgrammeKind.VOCATIONAL: rng.choice([3, 6, 9, 12]),
            ProgrammeKind.GRADUAAT: rng.choice([24, 30, 36]),
            ProgrammeKind.BACHELOR: rng.choice([36, 48]),
            ProgrammeKind.MASTER: rng.choice([12, 24]),
            ProgrammeKind.POSTGRADUATE: rng.choice([9, 12, 18]),
        }[kind]
        credits = None if kind == ProgrammeKind.VOCATIONAL else Decimal(max(3, duration * 5))
        regions = sorted(set(rng.choices(Region.values, weights=[8, 2, 1], k=rng.randint(1, 2))))
        title = f"{KIND_WORDS[kind]} {subject}"
        translations: dict[str, dict[str, str]] = {}
        if rng.random() < 0.3:
            translations["fr"] = {
                "title": f"{KIND_WORDS[kind]} {subject_fr}",
                "summary": f"Formation en {subject_fr} ({area_fr.lower()}).",
            }
        if rng.random() < 0.3:
            translations["en"] = {
                "title": f"{KIND_WORDS[kind]} {subject_en}",
                "summary": f"Training in {subject_en} ({area_en.lower()}).",
            }
        return Programme(
            external_id=f"{self.prefix}-programme-{index + 1}",
            provider=rng.choice(self.providers),
            parent=parent,
            qualification=self.qualifications[(area, subject)] if rng.random() < 0.7 else None,
            title=title,
            summary=f"Opleiding {subject} voor werkenden in {area.lower()}.",
            description=(
                f"Je leert de kern van {subject} naast je job, met praktijkopdrachten "
                f"en begeleiding op de werkvloer."
            ),
            kind=kind,
            vks_level=rng.randint(low, high),
            study_area=area,
            delivery_modes=sorted(set(rng.choices(Delivery.values, k=rng.randint(1, 3)))),
            regions=regions,
            start_months=sorted(set(rng.choices([1, 2, 3, 9, 10], k=rng.randint(1, 3)))),
            duration_months=duration,
            study_credits=credits,
            contact_hours=duration * rng.choice([10, 15, 20]),
            workplace_learning_share=rng.choice([None, 0, 20, 40]),
            language=rng.choices(["nl", "fr", "en"], weights=[85, 10, 5])[0],
            price_eur=Decimal(rng.choice([0, 150, 450, 900, 1800])),
            leave_recognised_regions=[r for r in regions if rng.random() < 0.5],
            translations=translations,
        )

    def _create_modules(self, programmes: list[Programme]) -> None:
        modules = []
        for programme in programmes:
            if self.rng.random() >= 0.3:
                continue
            subject = programme.title.split(" ", 1)[1]
            for number in range(1, self.rng.randint(3, 8) + 1):
                modules.append(
                    Module(
                        programme=programme,
                        code=f"M{number:02d}",
                        title=f"{self.rng.choice(MODULE_WORDS)} {subject} {number}",
                        study_credits=Decimal(self.rng.choice([3, 4, 6])),
                        hours=self.rng.choice([20, 40, 60]),
                        term=(number + 1) // 2,
                        is_workplace_learning=self.rng.random() < 0.2,
                        is_exemptable=self.rng.random() < 0.8,
                        position=number,
                    )
                )
        Module.objects.bulk_create(modules, batch_size=BATCH_SIZE)
        self.module_count += len(modules)
