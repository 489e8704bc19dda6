"""The five shipped procedures: they load, bind to the demo catalogue and say what the
seeds say; the command line validates and syncs them."""

from __future__ import annotations

import re

from django.utils import translation

from trajectwijzer.cli import main
from trajectwijzer.recognition.definition import (
    LANGUAGES,
    StepType,
    parse_procedure,
    shipped_paths,
    shipped_procedures,
)
from trajectwijzer.recognition.models import ProcedureVersion
from trajectwijzer.recognition.procedures import (
    bind_problems,
    exemption_refusal,
    procedure_for,
    workplace_exemptions_allowed,
)

from .test_definition import _change

SHIPPED = {
    "ge-start-sociaal-werk",
    "educam-voertuigtechnologie",
    "woodwize-machinaal-houtbewerker",
    "syntra-vrijstellingsproef",
    "howest-stageportfolio",
}


def _texts(value, path=""):
    """Every {nl, fr, en} text in a raw definition, with where it is."""
    if isinstance(value, dict):
        if "nl" in value and set(value) <= set(LANGUAGES):
            yield path, value
            return
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def test_the_five_procedures_ship_complete_in_three_languages_citing_their_source():
    procedures = shipped_procedures()
    assert set(procedures) == SHIPPED
    assert len(shipped_paths()) == 5
    for path in shipped_paths():
        text = path.read_text(encoding="utf-8")
        assert re.search(r"seed 00\d lines \d+", text), f"{path.name} cites no seed lines"
    for procedure in procedures.values():
        assert re.match(r"seed 00\d lines \d+-\d+", procedure.source)
        texts = list(_texts(procedure.raw))
        assert texts
        for where, text in texts:
            missing = [lang for lang in LANGUAGES if not str(text.get(lang) or "").strip()]
            assert not missing, f"{procedure.slug}{where} lacks {missing}"


def test_the_shipped_procedures_bind_and_sync(shipped_procedures_world):
    versions = shipped_procedures_world
    assert set(versions) == SHIPPED
    for version in versions.values():
        assert version.is_current and version.version == 1
        assert version.provider.slug == procedure_for(version).provider
    assert {slug: v.provider.slug for slug, v in versions.items()} == {
        "ge-start-sociaal-werk": "odisee",
        "educam-voertuigtechnologie": "vives",
        "woodwize-machinaal-houtbewerker": "woodwize",
        "syntra-vrijstellingsproef": "syntra-midden-vlaanderen",
        "howest-stageportfolio": "howest",
    }


def test_ge_start_runs_the_seeds_five_parts_and_ends_in_a_competentiebewijs():
    procedure = shipped_procedures()["ge-start-sociaal-werk"]
    assert [s.type for s in procedure.steps] == [
        StepType.PORTFOLIO,
        StepType.HOME_ASSIGNMENT,
        StepType.CRITERION_INTERVIEW,
        StepType.SIMULATION,
        StepType.PRACTICAL_ASSIGNMENT,
        StepType.PRACTICAL_ASSIGNMENT,
        StepType.JURY_DELIBERATION,
    ]
    assert procedure.target.framework == "sociaal-agogisch-werk"
    assert procedure.certificate.kind == "competentiebewijs"
    assert procedure.certificate.when.passed == ("deliberation",)
    assert procedure.deciding_role == "jury_chair"


def test_educam_asks_for_the_practical_test_only_if_the_interview_did_not_pass():
    procedure = shipped_procedures()["educam-voertuigtechnologie"]
    assert procedure.step_keys() == (
        "intake",
        "quickscan",
        "portfolio",
        "competence_interview",
        "practical_test",
    )
    assert procedure.step("quickscan").instrument == "intake"
    needed = procedure.step("practical_test").needed_when
    assert needed.holds(set(), {"competence_interview"})
    assert not needed.holds({"competence_interview"}, set())
    assert procedure.certificate.kind == "learning_outcomes"


def test_woodwize_exempts_each_module_whose_assignment_passed_without_appeal():
    procedure = shipped_procedures()["woodwize-machinaal-houtbewerker"]
    assert procedure.step_keys() == (
        "werkvoorbereiding",
        "schaven",
        "zagen",
        "boren",
        "frezen",
        "schuren",
    )
    assert {s.type for s in procedure.steps} == {StepType.PRACTICAL_ASSIGNMENT}
    assert "breedbandschuurmachine" in procedure.step("schuren").description.nl
    assert procedure.step("schaven").description.nl.startswith("Vlak- en vandikteschaaf")
    # Two assignments passed, four not (yet): two modules exempt, the rest not — a
    # partial exemption of the whole test.
    passed = {"schaven", "zagen"}
    exempt = [o.module for o in procedure.outcomes if o.exempt_when.holds(passed, set())]
    assert exempt == ["SCHA", "ZAAG"]
    assert not procedure.certificate.when.holds(passed, set())
    assert procedure.appeal_allowed is False and procedure.appeal_within_days is None
    assert procedure.exempts_workplace_learning
    assert procedure.step("boren").for_modules == ("BOOR",)


def test_syntra_has_a_deadline_and_never_targets_workplace_learning():
    procedure = shipped_procedures()["syntra-vrijstellingsproef"]
    assert (procedure.deadline.month, procedure.deadline.day) == (9, 1)
    assert "WPL" not in procedure.target.modules
    assert procedure.target.modules == ("COM", "VERZ", "ONTW", "VEIL")
    assert all(set(s.location) == {"campus", "workplace"} for s in procedure.steps)
    assert not procedure.exempts_workplace_learning


def test_howest_shortens_internships_by_at_most_two_times_three_weeks():
    procedure = shipped_procedures()["howest-stageportfolio"]
    assert procedure.target.competences == ("A", "T", "O", "P")
    assert procedure.internship_weeks_max_total == 6
    for outcome in procedure.outcomes:
        assert outcome.module.startswith("STAGE")
        assert not outcome.whole
        assert (outcome.internship_weeks_per_step, outcome.internship_weeks_max) == (3, 3)
    assert procedure.deciding_role == "assessor"


def test_without_its_workplace_flag_woodwize_would_be_refused(shipped_procedures_world):
    [path] = [p for p in shipped_paths() if p.stem == "woodwize-machinaal-houtbewerker"]
    text = _change(path.read_text(encoding="utf-8"), "exempts_workplace_learning: true\n", "")
    problems = bind_problems(parse_procedure(text, str(path)), str(path))
    refused = [reason for _, _, reason in problems]
    assert len(refused) == 6
    assert all("is workplace learning, which is never exempted" in r for r in refused)


def test_the_exemption_rule_for_decisions_and_matrix_rules(shipped_procedures_world):
    from trajectwijzer.catalogue.models import Module, Provider

    procedures = {slug: procedure_for(v) for slug, v in shipped_procedures_world.items()}
    syntra_wpl = Module.objects.get(code="WPL", programme__external_id__contains="syntra")
    schaven = Module.objects.get(code="SCHA", programme__provider__slug="woodwize")
    stage = Module.objects.get(code="STAGE1", programme__provider__slug="howest")
    howest = procedures["howest-stageportfolio"]
    # In the user's language, naming the module (the suite runs in Dutch by default).
    assert "WPL" in exemption_refusal(syntra_wpl)
    translation.activate("en")
    assert "cannot be exempted" in exemption_refusal(syntra_wpl)
    assert "cannot be exempted" in exemption_refusal(syntra_wpl, whole=False)
    assert exemption_refusal(schaven, procedures["woodwize-machinaal-houtbewerker"]) is None
    assert "workplace learning" in exemption_refusal(schaven)
    assert "workplace learning" in exemption_refusal(stage, howest)
    assert exemption_refusal(stage, howest, whole=False) is None
    assert workplace_exemptions_allowed(Provider.objects.get(slug="woodwize"))
    assert not workplace_exemptions_allowed(Provider.objects.get(slug="howest"))


def test_validate_prints_ok_for_each_shipped_file(shipped_procedures_world, capsys):
    assert main(["recognition", "validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5
    assert all(line.endswith(" v1)") and ": ok (" in line for line in out)


def test_validate_refuses_a_broken_file_naming_file_line_and_reason(
    recognition_world, tmp_path, capsys
):
    from .conftest import TEST_PROCEDURE

    broken = tmp_path / "broken.yaml"
    text = _change(TEST_PROCEDURE.read_text(encoding="utf-8"), "type: portfolio", "type: essay")
    text = _change(text, "provider: rec-test-academy", "provider: nowhere")
    broken.write_text(text, encoding="utf-8")
    unbound = tmp_path / "unbound.yaml"
    unbound.write_text(_change(text, "type: essay", "type: portfolio"), encoding="utf-8")
    files = [str(TEST_PROCEDURE), str(broken), str(unbound)]
    assert main(["recognition", "validate", *files]) == 2
    captured = capsys.readouterr()
    assert f"{TEST_PROCEDURE}: ok (rec-test v1)" in captured.out
    lines = captured.err.splitlines()
    assert lines[0] == "trajectwijzer: error: invalid procedure definition:"
    assert lines[1].startswith(f"{broken}:39: step portfolio: unknown step type 'essay'")
    assert lines[2] == f"{unbound}:9: provider 'nowhere' is not in the catalogue"
    assert "Traceback" not in captured.err


def test_sync_stores_then_keeps_the_shipped_versions(shipped_procedures_world, capsys):
    ProcedureVersion.objects.filter(procedure="howest-stageportfolio").delete()
    assert main(["recognition", "sync"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "howest-stageportfolio: version 1 (stored)" in out
    assert "woodwize-machinaal-houtbewerker: version 1 (unchanged)" in out
    assert len(out) == 5
    assert ProcedureVersion.objects.count() == 5


def test_sync_refuses_when_the_catalogue_lacks_a_target(recognition_world, capsys):
    # The test catalogue has none of the shipped procedures' providers: nothing stored.
    stored = ProcedureVersion.objects.count()
    assert main(["recognition", "sync"]) == 2
    err = capsys.readouterr().err
    assert "invalid procedure definition (nothing stored):" in err
    assert "howest-stageportfolio.yaml:14: provider 'howest' is not in the catalogue" in err
    assert ProcedureVersion.objects.count() == stored


def test_the_demo_catalogue_loads_again_without_changing_anything(shipped_procedures_world):
    from trajectwijzer.catalogue.models import Competence, Module, Programme
    from trajectwijzer.recognition import demo_catalogue

    counts = (Programme.objects.count(), Module.objects.count(), Competence.objects.count())
    programmes = demo_catalogue.load()
    assert set(programmes) == {
        demo_catalogue.ODISEE_SOCIAL_WORK,
        demo_catalogue.ARTEVELDE_SOCIAL_WORK,
        demo_catalogue.VIVES_VEHICLE_TECHNOLOGY,
    }
    assert (
        Programme.objects.count(),
        Module.objects.count(),
        Competence.objects.count(),
    ) == counts
    odisee = programmes[demo_catalogue.ODISEE_SOCIAL_WORK]
    assert odisee.provider.organisation.slug == "odisee"
    assert odisee.modules.get(code="SW-STAGE").is_workplace_learning
    assert list(odisee.modules.get(code="SW-REL").competences.values_list("code", flat=True)) == [
        "SAW1"
    ]
