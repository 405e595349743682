"""The same content for the peers: a briefing's words as Markdown (pandoc) and Typst (typst).

The benchmark gives pandoc and typst the *same content* briefgen typesets (issues with
headings, situation bullets, recommendations, members), written from the same YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


def _text(value: Any) -> str:
    """A text field: plain text, or the first translation of a {lang: text} mapping."""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    return " ".join(str(value).split()) if value is not None else ""


def _item_text(value: Any, key: str = "text") -> str:
    return _text(value.get(key)) if isinstance(value, dict) and key in value else _text(value)


@dataclass
class Content:
    """What both peers print, read from the briefing YAML (same fields briefgen prints)."""

    title: str
    subtitle: str
    country: str
    issues: list[dict[str, Any]]
    other: list[str]
    members: list[str]
    closing_title: str
    closing_text: str


def read_content(path: Path) -> Content:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    issues = []
    for issue in data["issues"]:
        situation = issue.get("situation") or {}
        previous = []
        for rec in situation.get("previous_recommendations") or []:
            states = ", ".join(_text(s) for s in rec.get("states") or [])
            ref = f" · para. {rec['ref']}" if rec.get("ref") else ""
            previous.append(f"{_text(rec['text'])}" + (f" ({states})" if states else "") + ref)

        def bullets(items: list[Any] | None) -> list[tuple[str, list[str]]]:
            out = []
            for b in items or []:
                subs = [_text(s) for s in b.get("items", [])] if isinstance(b, dict) else []
                out.append((_item_text(b), subs))
            return out

        issues.append(
            {
                "title": _text(issue["title"]),
                "previous": previous,
                "developments": bullets(situation.get("developments")),
                "needs": bullets(situation.get("needs")),
                "recommendations": [_item_text(r) for r in issue["recommendations"]],
            }
        )
    coalition = data.get("coalition") or {}
    members = []
    for m in coalition.get("members") or []:
        if isinstance(m, dict) and "name" in m:  # {name, city, logo}; else a text per language
            city = f" ({_text(m['city'])})" if m.get("city") else ""
            members.append(_text(m["name"]) + city)
        else:
            members.append(_text(m))
    closing = data.get("closing") or {}
    return Content(
        title=_text(data["title"]),
        subtitle=_text(data.get("subtitle")),
        country=_text(data["country"]),
        issues=issues,
        other=[_item_text(r) for r in data.get("other_recommendations") or []],
        members=members,
        closing_title=_text(closing.get("title")) or "Thank you",
        closing_text=_text(closing.get("text")),
    )


_MD_SPECIAL = set("\\`*_{}[]()#+-.!<>|&$@~^\"'=:")


def md_escape(text: str) -> str:
    """Plain text for pandoc Markdown: backslash-escape every ASCII punctuation mark."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


def to_markdown(c: Content) -> str:
    """A pandoc slide show: one slide per situation and per recommendations, like briefgen."""
    e = md_escape
    out = ["---", f'title: "{c.title.replace(chr(34), "")}"']
    if c.subtitle:
        out.append(f'subtitle: "{c.subtitle.replace(chr(34), "")}"')
    out += ["---", ""]
    for n, issue in enumerate(c.issues, start=1):
        if issue["previous"] or issue["developments"] or issue["needs"]:
            out += [f"## Situation in {e(c.country)} – Issue {n} ({e(issue['title'])})", ""]
            out += [f"- Rec. {e(p)}" for p in issue["previous"]]
            for heading, key in (("Stage of development", "developments"), ("New needs", "needs")):
                if issue[key]:
                    out.append(f"- **{heading}**")
                    for text, subs in issue[key]:
                        out.append(f"    - {e(text)}")
                        out += [f"        - {e(s)}" for s in subs]
            out.append("")
        out += [f"## Recommendations – Issue {n} ({e(issue['title'])})", ""]
        out += [f"- {n}.{k} {e(r)}" for k, r in enumerate(issue["recommendations"], start=1)]
        out.append("")
    if c.other:
        out += ["## Other recommendations", ""]
        other_n = len(c.issues) + 1
        out += [f"- {other_n}.{k} {e(r)}" for k, r in enumerate(c.other, start=1)] + [""]
    out += [f"## {e(c.closing_title)}", ""]
    if c.closing_text:
        out += [e(c.closing_text), ""]
    out += [f"- {e(m)}" for m in c.members] + [""]
    return "\n".join(out)


def typst_str(text: str) -> str:
    """A Typst string literal shown as content: no markup is interpreted inside it."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_typst(c: Content) -> str:
    """A printed briefing: cover block, one section per issue, closing with members."""
    t = typst_str
    out = [
        '#set page(paper: "a4", margin: (x: 20mm, top: 22mm, bottom: 20mm), numbering: "1 / 1")',
        '#set text(font: "DejaVu Sans", size: 10.5pt)',
        "#set par(justify: false)",
        f'#text(size: 26pt, weight: "bold")[{t(c.title)}]',
        "",
    ]
    if c.subtitle:
        out += [f"#text(size: 15pt)[{t(c.subtitle)}]", ""]
    out += [f"{t(c.country)}", "", "#outline()", "#pagebreak()", ""]
    for n, issue in enumerate(c.issues, start=1):
        out += [f"= Issue {n}: {t(issue['title'])}", ""]
        if issue["previous"] or issue["developments"] or issue["needs"]:
            out += ["== Situation", ""]
            out += [f"- Rec. {t(p)}" for p in issue["previous"]]
            for heading, key in (("Stage of development", "developments"), ("New needs", "needs")):
                if issue[key]:
                    out += ["", f"*{heading}*", ""]
                    for text, subs in issue[key]:
                        out.append(f"- {t(text)}")
                        out += [f"  - {t(s)}" for s in subs]
            out.append("")
        out += ["== Recommendations", ""]
        out += [f"+ {t(r)}" for r in issue["recommendations"]] + [""]
    if c.other:
        out += ["= Other recommendations", ""] + [f"+ {t(r)}" for r in c.other] + [""]
    out += ["= The coalition", ""]
    if c.closing_text:
        out += [t(c.closing_text), ""]
    out += [f"- {t(m)}" for m in c.members] + [""]
    return "\n".join(out)
