"""Collect the OpenFisca YAML cases in tests/openfisca/ as pytest items.

They run through OpenFisca's own test runner item (``openfisca_core.tools.test_runner.
YamlItem``), so `make test` checks them exactly as ``openfisca test`` would, inside the
same pytest session rather than a nested one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openfisca_core.tools.test_runner import YamlItem

from trajectwijzer.incentives.system import tax_benefit_system

OPENFISCA_CASES = Path(__file__).parent / "openfisca"


class OpenFiscaYamlFile(pytest.File):
    """One YAML file of OpenFisca test cases; each case is named after its ``name``."""

    def collect(self):
        cases = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for case in cases:
            yield YamlItem.from_parent(
                self,
                name=case["name"],
                baseline_tax_benefit_system=tax_benefit_system(),
                test=case,
                options={},
            )


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".yaml" and OPENFISCA_CASES in file_path.parents:
        return OpenFiscaYamlFile.from_parent(parent, path=file_path)
    return None
