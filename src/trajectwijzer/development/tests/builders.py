"""Builders for the development tests: an employer with a small competence matrix."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from trajectwijzer.accounts.models import Organisation, OrganisationKind, Role, User
from trajectwijzer.catalogue.models import Competence, CompetenceFramework, MasteryLevel
from trajectwijzer.testing import make_member, make_organisation

from ..models import CompetenceMatrix, JobRole, LevelObservation, MatrixRow, RequiredLevel, Team


def make_framework(code: str = "fw", competences=("A", "B", "C"), ranks: int = 4, **extra):
    framework = CompetenceFramework.objects.create(code=code, title=f"Framework {code}", **extra)
    for rank in range(1, ranks + 1):
        MasteryLevel.objects.create(framework=framework, rank=rank, title=f"Level {rank}")
    for position, competence in enumerate(competences, start=1):
        Competence.objects.create(
            framework=framework,
            code=competence,
            title=f"Competence {competence}",
            position=position,
        )
    return framework


@dataclass
class Setup:
    employer: Organisation
    framework: CompetenceFramework
    matrix: CompetenceMatrix
    hr: User
    team_leader: User
    job_role: JobRole
    team: Team
    anna: User  # employee in the matrix
    bert: User  # colleague in the matrix
    row_anna: MatrixRow
    row_bert: MatrixRow

    def competence(self, code: str) -> Competence:
        return self.framework.competences.get(code=code)


def observe(row: MatrixRow, competence: Competence, level: int, on: datetime.date, by=None):
    return LevelObservation.objects.create(
        row=row, competence=competence, level=level, observed_on=on, observed_by=by
    )


def make_setup() -> Setup:
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Vlees NV")
    framework = make_framework()
    matrix = CompetenceMatrix.objects.create(
        organisation=employer, framework=framework, title="Productie"
    )
    hr = make_member(Role.EMPLOYER_HR, employer, full_name="Hilde HR")
    team_leader = make_member(Role.MENTOR, employer, is_admin=True, full_name="Tom Teamleider")
    anna = make_member(Role.LEARNER, employer, full_name="Anna Arbeider")
    bert = make_member(Role.LEARNER, employer, full_name="Bert Buur")
    job_role = JobRole.objects.create(matrix=matrix, title="Operator")
    competences = {c.code: c for c in framework.competences.all()}
    for code, level in {"A": 3, "B": 2, "C": 4}.items():
        RequiredLevel.objects.create(job_role=job_role, competence=competences[code], level=level)
    team = Team.objects.create(matrix=matrix, name="Ploeg 1")
    row_anna = MatrixRow.objects.create(matrix=matrix, employee=anna, job_role=job_role, team=team)
    row_bert = MatrixRow.objects.create(matrix=matrix, employee=bert, job_role=job_role, team=team)
    day = datetime.date(2026, 1, 10)
    observe(row_anna, competences["A"], 1, day, team_leader)
    observe(row_anna, competences["A"], 2, day + datetime.timedelta(days=30), team_leader)
    observe(row_anna, competences["B"], 2, day, team_leader)
    observe(row_bert, competences["A"], 3, day, team_leader)
    return Setup(
        employer=employer,
        framework=framework,
        matrix=matrix,
        hr=hr,
        team_leader=team_leader,
        job_role=job_role,
        team=team,
        anna=anna,
        bert=bert,
        row_anna=row_anna,
        row_bert=row_bert,
    )
