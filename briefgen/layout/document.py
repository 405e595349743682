"""The format-neutral document: what both outputs say, in order, with numbers and wording.

Built once from the briefing and the theme's wording. Renderers never look at the
briefing itself, so numbering ("recommendation 2.1"), headings and labels are
decided in exactly one place and the PDF and the deck always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefgen.images import Picture
from briefgen.layout.tracking import Tracking, tracking_of
from briefgen.layout.wording import Ordinal, format_date
from briefgen.model import Briefing, Bullet, PreviousRecommendation, Recommendation
from briefgen.theme import Theme, Wording, fill


@dataclass(frozen=True)
class Point:
    """A bullet with optional sub-bullets."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Label:
    """A value shown as a label: what kind it is ("response", "status"), its key
    ("supported", "partially_implemented") and its words."""

    kind: str
    key: str
    text: str


@dataclass(frozen=True)
class Previous:
    """A previous-cycle recommendation: its text, "(Spain)" and a details line; the same
    details as the paragraph reference ("para. 120.75") and the response and status labels."""

    text: str
    states: str
    details: str
    reference: str = ""
    labels: tuple[Label, ...] = ()


@dataclass(frozen=True)
class Numbered:
    """A recommendation with its citable number, e.g. "2.1"."""

    number: str
    text: str
    sdgs: str = ""


@dataclass(frozen=True)
class IssueBlock:
    number: int
    title: str
    heading: str
    situation_title: str
    recommendations_title: str
    previous: tuple[Previous, ...]
    developments: tuple[Point, ...]
    needs: tuple[Point, ...]
    recommendations: tuple[Numbered, ...]

    @property
    def has_situation(self) -> bool:
        return bool(self.previous or self.developments or self.needs)


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    country: str
    review: str
    date: str
    coalition: str
    presenters: tuple[str, ...]
    # each presenter as (name, organisation, email), each part possibly empty: the cover and
    # the title slide set the name apart from what follows it
    people: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Closing:
    title: str
    text: str
    members: tuple[str, ...]
    and_others: str

    @property
    def has_content(self) -> bool:
        """Whether the PDF has a coalition section to print (the deck always says thanks)."""
        return bool(self.text or self.members or self.and_others)


@dataclass(frozen=True)
class Logo:
    """A checked logo, the words a screen reader says for it, and whose it is.

    Brand logos come from the theme (PDF cover, title slide); ``member`` logos from coalition
    members (PDF cover after the brand logos and the coalition page; the deck's closing slides).
    """

    picture: Picture
    alt: str
    member: bool = False

    @classmethod
    def brand(cls, picture: Picture, coalition: str = "") -> Logo:
        """A theme logo, named after the coalition the briefing speaks for, else its file."""
        return cls(picture, coalition.strip() or _file_words(picture.path.stem), member=False)

    @classmethod
    def of_member(cls, picture: Picture, name: str) -> Logo:
        """A coalition member's logo, named after the member."""
        return cls(picture, name.strip() or _file_words(picture.path.stem), member=True)


def _file_words(stem: str) -> str:
    """A file name as words: "un_partner-logo" -> "un partner logo"."""
    return re.sub(r"[-_\s]+", " ", stem).strip()


@dataclass(frozen=True)
class Document:
    """Everything the renderers print, already worded and numbered."""

    lang: str
    words: Wording
    cover: Cover
    issues: tuple[IssueBlock, ...]
    other: tuple[Numbered, ...]
    closing: Closing
    keywords: tuple[str, ...] = field(default=())
    logos: tuple[Logo, ...] = field(default=())
    """Theme brand logos, then member logos, checked and ready to draw."""
    date: dt.date | None = None  # the briefing's date (the PDF's creation date)
    tracking: Tracking | None = None
    """The last cycle's recommendations counted, when the input has tracking data."""

    @property
    def brand_logos(self) -> tuple[Logo, ...]:
        return tuple(logo for logo in self.logos if not logo.member)

    @property
    def member_logos(self) -> tuple[Logo, ...]:
        return tuple(logo for logo in self.logos if logo.member)

    def continued(self, label: str) -> str:
        """A label repeated where its part goes on: "Key recommendations (cont.)"."""
        return f"{label} {self.words.continued}"

    def page_label(self, page: int, pages: int) -> str:
        """The footer's "page X of Y" (Y is known only when the file is saved)."""
        return fill(self.words.page, page=page, pages=pages)

    @property
    def subject(self) -> str:
        """The document's subject (PDF metadata), each part said once: "UPR pre-session,
        4th cycle, 48th session" from the subtitle and the review line (a part another part
        already says, like "UPR" next to "UPR pre-session", is left out)."""
        parts = [
            part.strip()
            for line in (self.cover.subtitle, self.cover.review)
            for part in re.split(r"[,،、]| – ", line)
            if part.strip()
        ]
        kept: list[str] = []
        for part in parts:
            if not any(other == part or other.startswith(f"{part} ") for other in kept):
                kept.append(part)
        return ", ".join(kept)

    @property
    def all_recommendations(self) -> tuple[Numbered, ...]:
        return tuple(r for issue in self.issues for r in issue.recommendations) + self.other


def build_document(
    briefing: Briefing,
    theme: Theme,
    lang: str | None = None,
    logos: tuple[Logo, ...] = (),
) -> Document:
    """Word and number a briefing with a theme, for the language being built."""
    lang = lang or briefing.language
    words = theme.words(lang)
    country_in = _country_in(briefing, lang)
    issues = tuple(
        _issue(n, issue.title, briefing, words, issue.situation, issue.recommendations, country_in)
        for n, issue in enumerate(briefing.issues, start=1)
    )
    other = tuple(  # A, B, ...: numbered apart from the issues, so no one looks for "Issue 5"
        _numbered(letters(k), rec, words)
        for k, rec in enumerate(briefing.other_recommendations, start=1)
    )
    return Document(
        lang=lang,
        words=words,
        cover=_cover(briefing, words, lang),
        issues=issues,
        other=other,
        closing=_closing(briefing, words),
        keywords=(briefing.country, *(i.title for i in briefing.issues)),
        logos=logos,
        date=briefing.date,
        tracking=tracking_of(briefing, words, lang),
    )


def _issue(
    number: int,
    title: str,
    briefing: Briefing,
    words: Wording,
    situation: object,
    recommendations: list[Recommendation],
    country_in: str | None = None,
) -> IssueBlock:
    values = {"number": number, "title": title, "country": briefing.country}
    situation_title = (
        fill(words.situation_in, country_in=country_in, **values)
        if country_in
        else fill(words.situation, **values)
    )
    previous: tuple[Previous, ...] = ()
    developments: tuple[Point, ...] = ()
    needs: tuple[Point, ...] = ()
    if situation is not None:
        previous = tuple(_previous(p, words) for p in situation.previous_recommendations)  # type: ignore[attr-defined]
        developments = tuple(_point(b) for b in situation.developments)  # type: ignore[attr-defined]
        needs = tuple(_point(b) for b in situation.needs)  # type: ignore[attr-defined]
    return IssueBlock(
        number=number,
        title=title,
        heading=fill(words.issue, **values),
        situation_title=situation_title,
        recommendations_title=fill(words.recommendations, **values),
        previous=previous,
        developments=developments,
        needs=needs,
        recommendations=tuple(
            _numbered(f"{number}.{k}", rec, words) for k, rec in enumerate(recommendations, start=1)
        ),
    )


def _country_in(briefing: Briefing, lang: str) -> str | None:
    """The input's "in COUNTRY" form for ``lang`` (exact code, then its base), if it gives one."""
    for code in (lang, lang.split("-")[0]):
        forms = briefing.country_forms.get(code)
        if forms is not None and forms.in_:
            return forms.in_
    return None


def _mechanism(name: str, words: Wording) -> str:
    """The review mechanism as written, except ``UPR``: the language's UN term for it."""
    return words.upr if name.strip().upper() == "UPR" else name


def _previous(rec: PreviousRecommendation, words: Wording) -> Previous:
    details = []
    reference = fill(words.paragraph, ref=rec.ref) if rec.ref else ""
    if reference:
        details.append(reference)
    labels = tuple(
        Label(kind, key, getattr(words, key))
        for kind, key in (("response", rec.response), ("status", rec.status))
        if key
    )
    details += [label.text for label in labels]
    states = f"({', '.join(rec.states)})" if rec.states else ""
    return Previous(
        text=rec.text,
        states=states,
        details=" · ".join(details),
        reference=reference,
        labels=labels,
    )


def _point(bullet: Bullet) -> Point:
    return Point(text=bullet.text, items=tuple(bullet.items))


def letters(k: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA": the labels of the other recommendations."""
    out = ""
    while k > 0:
        k, rest = divmod(k - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _numbered(number: str, rec: Recommendation, words: Wording) -> Numbered:
    sdgs = fill(words.sdgs, numbers=", ".join(map(str, rec.sdgs))) if rec.sdgs else ""
    return Numbered(number=number, text=rec.text, sdgs=sdgs)


def _cover(briefing: Briefing, words: Wording, lang: str) -> Cover:
    review = ""
    if briefing.review:
        r = briefing.review
        if r.cycle and r.session:
            review = fill(
                words.review,
                mechanism=_mechanism(r.mechanism or "", words),
                cycle=Ordinal(r.cycle, lang),
                session=Ordinal(r.session, lang),
            ).strip(", ،，")
        else:
            review = _mechanism(r.mechanism or "", words)
    presenters = tuple(
        ", ".join(x for x in (p.name, p.organization, p.email) if x) for p in briefing.presenters
    )
    return Cover(
        title=briefing.title,
        subtitle=briefing.subtitle or "",
        country=briefing.country,
        review=review,
        date=format_date(briefing.date, lang) if briefing.date else "",
        coalition=briefing.coalition.name or "" if briefing.coalition else "",
        presenters=presenters,
        people=tuple((p.name, p.organization or "", p.email or "") for p in briefing.presenters),
    )


def _closing(briefing: Briefing, words: Wording) -> Closing:
    members: tuple[str, ...] = ()
    and_others = ""
    if briefing.coalition:
        members = tuple(
            fill(words.city, name=m.name, city=m.city) if m.city else m.name
            for m in briefing.coalition.members
        )
        and_others = words.and_others if briefing.coalition.and_others else ""
    closing = briefing.closing
    return Closing(
        title=(closing.title if closing and closing.title else words.thank_you),
        # "From all the members of our coalition:" only introduces members that exist
        text=(
            closing.text
            if closing and closing.text
            else (words.members if members or and_others else "")
        ),
        members=members,
        and_others=and_others,
    )
