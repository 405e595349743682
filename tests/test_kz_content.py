"""inputs/kz.yaml holds the whole original presentation (shared seed), as written."""

from __future__ import annotations

from briefgen.model import Briefing


def test_structure(kz: Briefing) -> None:
    assert kz.title == "Children's Rights in Kazakhstan"
    assert kz.country == "Kazakhstan"
    assert [i.title for i in kz.issues] == [
        "Human Rights Institutions",
        "Child labour",
        "Non-discrimination",
        "Early and forced marriages",
    ]
    assert [len(i.recommendations) for i in kz.issues] == [2, 2, 3, 2]
    assert len(kz.other_recommendations) == 2
    assert kz.issues[0].situation is None
    assert kz.review and (kz.review.mechanism, kz.review.cycle, kz.review.session) == ("UPR", 4, 48)


def test_previous_recommendations_and_states(kz: Briefing) -> None:
    situations = [i.situation for i in kz.issues[1:]]
    assert all(situations)
    states = [
        f"({', '.join(p.states)})" for s in situations if s for p in s.previous_recommendations
    ]
    assert states == ["(Spain)", "(Philippines, Tajikistan)", "(Hungary)", "(Sierra Leone)"]
    first = kz.issues[1].situation.previous_recommendations[0].text  # type: ignore[union-attr]
    assert first.startswith("Increase the number and frequency of labour inspections")
    assert "Rec." not in first and "(Spain)" not in first


def test_developments_needs_and_sub_bullet(kz: Briefing) -> None:
    issue3 = kz.issues[2].situation
    assert issue3 is not None
    assert issue3.developments[0].text.startswith("5000 individuals with undetermined nationality")
    assert issue3.developments[0].items == [
        "out of this figure some 300 children lacked birth registration and birth certificates."
    ]
    assert issue3.developments[1].text == "gaps in national legislation"
    assert [n.text for n in issue3.needs] == [
        "Take measures in the area of legislative reform and in the area of reforming the "
        "practice, approaches, and procedures."
    ]
    issue2 = kz.issues[1].situation
    assert issue2 is not None
    assert issue2.needs[0].text == "systematic independent monitoring"


def test_recommendation_texts(kz: Briefing) -> None:
    recs = [r.text for i in kz.issues for r in i.recommendations]
    assert recs[0].startswith("Bring the institute of the Children’s Ombudsman in full compliance")
    assert recs[3] == (
        "Redouble efforts to address child labour, particularly in the cotton sector."
    )
    # The extraction duplicated a trailing fragment under Issue 3: it must not come back.
    assert sum("Ratify the International Convention on the Protection" in r for r in recs) == 1
    assert kz.other_recommendations[0].text == (
        "Ratify the Third Optional Protocol to the UN Convention on the Rights of the Child."
    )


def test_members(kz: Briefing) -> None:
    coalition = kz.coalition
    assert coalition is not None and coalition.and_others
    names = [m.name for m in coalition.members]
    assert len(names) == 11
    assert names[0] == "Kazakhstan’s International Bureau for Human Rights and the Rule of Law"
    assert "Public foundation “Aman Saulyk”" in names  # the stray "A" is gone
    assert names[-1] == "Svetlana Bekmambetova, Independent expert"
    cities = {m.name: m.city for m in coalition.members if m.city}
    assert cities["Public organization “For decent housing”"] == "Astana"
    assert sorted(cities.values()) == ["Astana", "Pavlodar", "Petropavlovsk", "Shimkent"]
