"""The document's block tree: roles and order for kz, read by both formats and tagged PDF."""

from __future__ import annotations

from pathlib import Path

import briefgen
from briefgen.build import prepare
from briefgen.layout.blocks import Block, blocks
from briefgen.layout.roles import Role, standard

ROOT = Path(__file__).resolve().parent.parent


def kz_tree() -> Block:
    theme, document = prepare(briefgen.load(ROOT / "inputs" / "kz.yaml"))
    return blocks(document, (theme.bullets.point, theme.bullets.sub))


def test_headings_in_reading_order() -> None:
    tree = kz_tree()
    assert tree.role is Role.TITLE
    assert tree.text == "Children's Rights in Kazakhstan"
    assert [b.text for b in tree.find(Role.H1)] == [
        "Issue 1: Human Rights Institutions",
        "Issue 2: Child labour",
        "Issue 3: Non-discrimination",
        "Issue 4: Early and forced marriages",
        "Other recommendations",
        "The coalition",
    ]
    issue2 = tree.find(Role.H1)[1]
    assert [b.text for b in issue2.find(Role.H2)] == [
        "Situation in Kazakhstan – Issue 2 (Child labour)",
        "Recommendations – Issue 2 (Child labour)",
    ]
    assert [b.text for b in issue2.find(Role.H3)] == [
        "Previous recommendations",
        "Stage of development",
        "New needs",
    ]


def test_recommendation_numbers_are_list_labels() -> None:
    tree = kz_tree()
    recs = tree.find(Role.RECOMMENDATION)
    labels = [r.children[0] for r in recs]
    assert all(label.role is Role.LABEL for label in labels)
    assert [label.text for label in labels] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "A",
        "B",
    ]  # fmt: skip  (the other recommendations: letters, no "Issue 5" to look for)
    assert recs[2].children[1] == Block(
        Role.BODY, "Develop mechanisms of monitoring of child labour."
    )
    assert standard(Role.RECOMMENDATION) == "LI"


def test_previous_recommendations_keep_their_states() -> None:
    tree = kz_tree()
    previous = tree.find(Role.PREVIOUS)
    assert [p.find(Role.STATES)[0].text for p in previous] == [
        "(Spain)",
        "(Philippines, Tajikistan)",
        "(Hungary)",
        "(Sierra Leone)",
    ]


def test_sub_bullets_nest_as_lists_and_members_are_items() -> None:
    tree = kz_tree()
    issue3 = tree.find(Role.H1)[2]
    nested = [
        (depth, b.text)
        for depth, b in issue3.walk()
        if b.role is Role.BODY and "birth registration" in b.text
    ]
    assert nested and nested[0][0] > 4  # H1 > L > LI > L > LI > LBody
    coalition = tree.find(Role.H1)[-1]
    members = [b.text for b in coalition.find(Role.BODY)]
    assert len(members) == 11
    assert members[5] == "Public organization “For decent housing”, Astana city"
    assert coalition.children[-1].text == "And others"
