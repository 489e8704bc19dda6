# ruff: noqa: E501 - YAML fixtures keep their lines whole (line numbers are asserted)
"""A definition that cannot work is refused when it is loaded, naming file, line and reason."""

from __future__ import annotations

import textwrap

import pytest

from trajectwijzer.instruments.definition import DefinitionError, load_definition, parse_definition

HEAD = """\
id: demo
version: 1
minutes: 5
title: {nl: Demo, fr: Démo, en: Demo}
intro: {nl: Intro, fr: Intro, en: Intro}
"""

SCALE = "scale: [1, 5]"


def body(text: str) -> str:
    return HEAD + textwrap.dedent(text)


VALID = body(
    """\
    sections:
      - id: one
        title: {nl: Een, fr: Un, en: One}
        items:
          - {id: a, type: likert, scale: [1, 5], text: {nl: A, fr: A, en: A}}
          - id: b
            type: single
            text: {nl: B, fr: B, en: B}
            options:
              - {value: x, score: 1, label: {nl: X, fr: X, en: X}}
              - {value: y, score: 0, label: {nl: Y, fr: Y, en: Y}}
      - id: two
        title: {nl: Twee, fr: Deux, en: Two}
        items:
          - {id: c, type: number, min: 0, max: 10, show_if: {item: b, equals: x}, text: {nl: C, fr: C, en: C}}
    dimensions:
      - {id: d1, label: {nl: D, fr: D, en: D}, scoring: mean, items: [a, {item: b, reverse: true}, c]}
    feedback:
      - {id: r1, when: {dimension: d1, op: "<", value: 2}, text: {nl: R, fr: R, en: R}}
    """
)


def problems(text: str, source: str = "demo.yaml"):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, source)
    return caught.value.problems


def test_a_valid_definition_loads():
    d = parse_definition(VALID, "demo.yaml")
    assert d.item_ids == ["a", "b", "c"]
    assert d.items["c"].show_if.item == "b"


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        (
            "type: likert, scale: [1, 5]",
            "type: slider, scale: [1, 5]",
            10,
            "unknown item type 'slider'",
        ),
        (
            "items: [a, {item: b, reverse: true}, c]",
            "items: [a, b, zz]",
            22,
            "scores a missing item 'zz'",
        ),
        (
            "show_if: {item: b, equals: x}",
            "show_if: {item: nope, equals: x}",
            20,
            "show_if refers to a missing item 'nope'",
        ),
        (
            "show_if: {item: b, equals: x}",
            "show_if: {item: b, equals: q}",
            20,
            "show_if value 'q' is not an answer of b",
        ),
        ("text: {nl: A, fr: A, en: A}", "text: {nl: A, en: A}", 10, "lacks the language(s) fr"),
        ("scale: [1, 5]", "scale: [5, 1]", 10, "scale must be [lowest, highest]"),
        ("when: {dimension: d1,", "when: {dimension: d9,", 24, "missing dimension 'd9'"),
        ("scoring: mean", "scoring: median", 22, "unknown scoring 'median'"),
        ("min: 0, max: 10", "min: 10, max: 0", 20, "needs min and max with min < max"),
        ("{id: c, type: number", "{id: a, type: number", 20, "item id 'a' appears twice"),
        ("  - {id: r1,", "  - {id: r1, colour: red,", 24, "unknown key 'colour'"),
    ],
)
def test_each_rejection_names_file_line_and_reason(old, new, line, reason):
    assert old in VALID
    found = problems(VALID.replace(old, new, 1))
    assert any(
        source == "demo.yaml" and found_line == line and reason in text
        for source, found_line, text in found
    ), found


def test_circular_condition_is_refused_with_its_chain():
    text = body(
        """\
        sections:
          - id: one
            title: {nl: Een, fr: Un, en: One}
            items:
              - id: a
                type: single
                show_if: {item: b, equals: x}
                text: {nl: A, fr: A, en: A}
                options: [{value: x, label: {nl: X, fr: X, en: X}}, {value: y, label: {nl: Y, fr: Y, en: Y}}]
              - id: b
                type: single
                show_if: {item: a, equals: x}
                text: {nl: B, fr: B, en: B}
                options: [{value: x, label: {nl: X, fr: X, en: X}}, {value: y, label: {nl: Y, fr: Y, en: Y}}]
        """
    )
    found = problems(text)
    assert len(found) == 1
    source, line, reason = found[0]
    assert source == "demo.yaml"
    assert line in (12, 17)
    assert reason.startswith("circular condition: ")
    assert "a → b → a" in reason or "b → a → b" in reason


def test_condition_on_an_item_of_the_same_page_is_refused():
    moved = "  - id: two\n    title: {nl: Twee, fr: Deux, en: Two}\n    items:\n"
    assert moved in VALID
    text = VALID.replace(moved, "")
    found = problems(text)
    assert any("earlier section" in reason for _s, _l, reason in found), found


def test_free_text_cannot_be_scored():
    text = VALID.replace("{id: c, type: number, min: 0, max: 10,", "{id: c, type: text,")
    found = problems(text)
    assert any(line == 22 and "free text and cannot be scored" in r for _s, line, r in found)


def test_bands_must_go_up():
    text = VALID.replace(
        "items: [a, {item: b, reverse: true}, c]}",
        "items: [a], bands: [{id: hi, upto: 4, label: {nl: H, fr: H, en: H}}, "
        "{id: lo, upto: 2, label: {nl: L, fr: L, en: L}}]}",
    )
    assert any("bands must go up" in r for _s, _l, r in problems(text))


def test_not_yaml_names_the_line():
    found = problems(HEAD + "sections: [\n  - {id: x\n")
    assert found[0][0] == "demo.yaml" and found[0][1] >= 6 and "not valid YAML" in found[0][2]


def test_load_definition_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(VALID.replace("type: likert", "type: slider"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert str(caught.value).startswith(f"{path}:10: item a: unknown item type 'slider'")


def test_stored_version_reads_back_with_the_same_checksum():
    from trajectwijzer.instruments.definition import definition_from_raw, shipped_definitions

    for d in shipped_definitions().values():
        again = definition_from_raw(d.raw, "stored")
        assert again.checksum == d.checksum
        assert again.item_ids == d.item_ids
