"""Generate synthetic briefings of any size for benchmarking briefgen.

Why: real briefings are small (the Kazakhstan one has four issues), so they say
little about how rendering time, memory and layout (page breaks, long bullet
lists, non-Latin text) scale. This script builds a valid briefing with N issues
on demand. The output is deterministic (no randomness), so benchmark runs on
different commits read exactly the same input and can be compared.

The YAML comes from ``yaml.safe_dump`` of a plain dict rather than string
templates, so quoting is always correct, whatever the text contains.

Usage: python bench/generate.py N OUT.yaml
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

import yaml

TOPICS: tuple[str, ...] = (
    "Human Rights Institutions",
    "Child labour",
    "Non-discrimination",
    "Early and forced marriages",
    "Violence against children",
    "Children with disabilities",
    "Alternative care",
    "Juvenile justice",
    "Right to education",
    "Right to health",
    "Birth registration and statelessness",
    "Children in migration",
)

STATES: tuple[str, ...] = (
    "Spain",
    "Philippines",
    "Tajikistan",
    "Hungary",
    "Sierra Leone",
    "Norway",
    "Uruguay",
    "Kyrgyzstan",
    "Portugal",
    "Chile",
    "Mongolia",
    "Canada",
    "Georgia",
    "Ukraine",
    "Estonia",
)

PREVIOUS: tuple[str, ...] = (
    (
        "Increase the number and frequency of labour inspections, particularly in the"
        " primary sector, with adequately trained inspectors and without prior notification."
    ),
    (
        "Strengthen further legislative and institutional mechanisms to combat all forms"
        " of exploitation and violation of women’s and children’s rights."
    ),
    (
        "Ensure equal access to education for all children, including migrant and refugee"
        " children, by abolishing administrative preconditions such as the propiska."
    ),
    (
        "Effectively address the issue of child marriage by encouraging girls to continue"
        " their education beyond the secondary level."
    ),
    (
        "Bring the institution of the Children’s Ombudsman in full compliance with the"
        " Paris Principles."
    ),
    "Prohibit corporal punishment of children in all settings, including the home.",
    (
        "Accelerate the transition from institutional care to family-based care for"
        " children deprived of parental care."
    ),
)

DEVELOPMENTS: tuple[str, ...] = (
    "the Government has adopted a road map on the protection of children’s rights",
    "a list of types of work that children are not allowed to perform has been approved",
    "the Law “On the Rights of the Child in the Republic of Kazakhstan” was amended",
    (
        "regional commissions on minors’ affairs (комиссии по делам несовершеннолетних)"
        " meet irregularly"
    ),
    "official statistics are not disaggregated by disability, region or ethnicity",
    "a national helpline for children, 150, operates around the clock",
    "inclusive education is provided in a minority of schools, mostly in cities",
    "the number of children in residential institutions has decreased since 2019",
)

SUB_ITEMS: tuple[str, ...] = (
    "in rural areas services remain scarce",
    "most cases are reported only after media attention",
    "budgets are allocated year by year, without a long-term plan",
    "materials are available in Russian but rarely in Kazakh (қазақ тілінде)",
    "no independent evaluation has been published",
    "local akimats (әкімдіктер) lack trained staff",
)

NEEDS: tuple[str, ...] = (
    "systematic independent monitoring",
    "technical assistance from UN agencies",
    "reliable statistics disaggregated by age, sex, region and disability",
    "training for social workers, teachers and police officers",
    "child-friendly complaint mechanisms in schools and institutions",
    "sustainable funding for community-based services",
    "translation of key documents into Kazakh and Russian (на казахском и русском языках)",
    "consultation with children and their families",
    "cooperation between ministries and civil society",
)

RECOMMENDATIONS: tuple[str, ...] = (
    "Develop mechanisms of independent monitoring and publish the results every year.",
    "Amend the legislation to bring it in line with the Convention on the Rights of the Child.",
    "Allocate adequate human, technical and financial resources to the responsible bodies.",
    "Ensure equal access to quality healthcare and educational services for all children.",
    "Train professionals working with and for children on child rights and child protection.",
    "Adopt a national action plan with measurable indicators, a timeline and a dedicated budget.",
    "Guarantee that children can report violations safely, confidentially and free of charge.",
    "Publish the national plan “Балалар құқықтары” in Kazakh, Russian and English.",
    "Strengthen cooperation with civil society organisations (общественные организации).",
    "Collect and publish disaggregated data on all forms of violence against children.",
)

OTHER_RECOMMENDATIONS: tuple[str, ...] = (
    "Ratify the Third Optional Protocol to the UN Convention on the Rights of the Child.",
    (
        "Ratify the International Convention on the Protection of the Rights of All Migrant"
        " Workers and Members of Their Families."
    ),
)

MEMBER_NAMES: tuple[str, ...] = (
    "Kazakhstan’s International Bureau for Human Rights and the Rule of Law",
    "Public foundation “Children’s Fund of Kazakhstan”",
    "Association of Legal Entities “The Union of Crisis Centers”",
    "Public association “The League of Women of Creative Initiative”",
    "Public foundation “Aman Saulyk”",
    "Public organization “For decent housing”",
    "Public association “Sana Sezim”",
    "Public foundation “Bala Dauysy”",
    "Public association “Шаңырақ”",
    "Charitable foundation “Meyirim”",
    "Public association “Women’s Support Center”",
)

CITIES: tuple[str, ...] = (
    "Astana",
    "Almaty",
    "Shymkent",
    "Karaganda",
    "Pavlodar",
    "Petropavl",
    "Aktobe",
    "Oral",
)


def _pick(pool: tuple[str, ...], index: int, stride: int = 1) -> str:
    """Return a pool entry chosen deterministically; co-prime strides vary the mix."""
    return pool[(index * stride) % len(pool)]


def _issue(i: int) -> dict[str, Any]:
    """Build issue number ``i`` (0-based) with a situation and three recommendations."""
    title = TOPICS[i % len(TOPICS)]
    if i >= len(TOPICS):
        title = f"{title} ({i // len(TOPICS) + 1})"

    previous: list[dict[str, Any]] = []
    for j in range(1 + i % 2):
        k = 2 * i + j
        states = [_pick(STATES, k, 7)]
        if k % 3 == 0:
            states.append(_pick(STATES, k + 1, 7))
        previous.append(
            {
                "text": _pick(PREVIOUS, k, 3),
                "states": states,
                "ref": f"{140 + i % 20}.{j + 1 + i % 30}",
            }
        )

    developments: list[str | dict[str, Any]] = [
        _pick(DEVELOPMENTS, 3 * i, 3),
        {
            "text": _pick(DEVELOPMENTS, 3 * i + 1, 3),
            "items": [_pick(SUB_ITEMS, 2 * i + m, 5) for m in range(2)],
        },
        _pick(DEVELOPMENTS, 3 * i + 2, 3),
    ]
    needs = [_pick(NEEDS, 2 * i + m, 4) for m in range(2)]
    recommendations = [_pick(RECOMMENDATIONS, 3 * i + m, 7) for m in range(3)]
    return {
        "title": title,
        "situation": {
            "previous_recommendations": previous,
            "developments": developments,
            "needs": needs,
        },
        "recommendations": recommendations,
    }


def _coalition() -> dict[str, Any]:
    """Build a coalition of 12 members, mixing plain strings and {name, city}."""
    members: list[str | dict[str, str]] = []
    for i, name in enumerate(MEMBER_NAMES):
        if i % 2:
            members.append({"name": name, "city": CITIES[i % len(CITIES)]})
        else:
            members.append(name)
    members.append("Svetlana Bekmambetova, Independent expert")
    return {
        "name": "NGO Coalition on the Rights of the Child",
        "members": members,
        "and_others": True,
    }


RESPONSES: tuple[str, ...] = ("supported", "supported", "noted")
STATUSES: tuple[str, ...] = ("not_implemented", "partially_implemented", "implemented")


def add_tracking(document: dict[str, Any]) -> None:
    """Give every previous recommendation invented tracking data (cycle, response, status,
    evidence, source), deterministically: the input of the tracking benchmark."""
    k = 0
    for issue in document["issues"]:
        for rec in issue["situation"]["previous_recommendations"]:
            rec["cycle"] = 3
            rec["response"] = RESPONSES[k % len(RESPONSES)]
            rec["status"] = STATUSES[(k // 2) % len(STATUSES)]
            rec["evidence"] = "A law was adopted; its application has not been checked yet."
            rec["source"] = "Coalition monitoring notes"
            k += 1


def generate(issues: int, tracking: bool = False) -> str:
    """Return the YAML text of a valid briefing with ``issues`` issues (with invented
    tracking data on every previous recommendation when ``tracking``)."""
    if issues < 1:
        msg = "a briefing needs at least one issue"
        raise ValueError(msg)
    document: dict[str, Any] = {
        "title": f"Benchmark briefing with {issues} issues",
        "subtitle": "UPR pre-session, 4th cycle",
        "country": "Kazakhstan",
        "language": "en",
        "date": datetime.date(2024, 12, 5),
        "theme": "default",
        "review": {"mechanism": "UPR", "cycle": 4, "session": 48},
        "coalition": _coalition(),
        "issues": [_issue(i) for i in range(issues)],
        "other_recommendations": list(OTHER_RECOMMENDATIONS),
        "closing": {"title": "Thank you", "text": "From all the members of our coalition"},
    }
    if tracking:
        add_tracking(document)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write a briefing with N issues to OUT."""
    parser = argparse.ArgumentParser(description="Generate a synthetic briefing for benchmarks.")
    parser.add_argument("issues", type=int, metavar="N", help="number of issues (>= 1)")
    parser.add_argument("out", type=Path, metavar="OUT.yaml", help="output file")
    parser.add_argument(
        "--tracking", action="store_true", help="add invented tracking data (cycle, status...)"
    )
    args = parser.parse_args(argv)
    if args.issues < 1:
        parser.error("N must be at least 1")
    args.out.write_text(generate(args.issues, args.tracking), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
