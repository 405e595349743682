"""Wording catalogs: one data file per language, complete, with the same placeholders; themes
override single keys and old themes with a full ``wording:`` block stay valid."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.theme import CATALOGS, Wording, catalog, catalog_languages, load_theme

LANGS = ["ar", "en", "es", "fr", "kk", "ru", "zh"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_seven_languages_have_catalogs() -> None:
    assert catalog_languages() == LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_in_every_language(lang: str) -> None:
    assert set(catalog(lang)) == set(Wording.model_fields), lang
    assert all(text.strip() for text in catalog(lang).values())


@pytest.mark.parametrize("lang", LANGS)
def test_same_placeholders_as_english(lang: str) -> None:
    english = catalog("en")
    for key, text in catalog(lang).items():
        assert _fields(text) == _fields(english[key]), (lang, key, text)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_files_name_the_upr_term_source(lang: str) -> None:
    text = (CATALOGS / f"{lang}.yaml").read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "upr:" in comments and "http" in comments, lang


@pytest.mark.parametrize(
    ("lang", "term"),
    [
        ("fr", "Examen périodique universel"),
        ("es", "Examen Periódico Universal"),
        ("ru", "Универсальный периодический обзор"),
        ("ar", "الاستعراض الدوري الشامل"),
        ("zh", "普遍定期审议"),
        ("kk", "Әмбебап кезеңдік шолу"),
        ("en", "UPR"),
    ],
)
def test_un_terms_for_the_upr(lang: str, term: str) -> None:
    assert load_theme("default").words(lang).upr == term


def test_region_codes_use_their_language_and_unknown_languages_english() -> None:
    theme = load_theme("default")
    assert theme.words("ru-KZ") == theme.words("ru")
    assert theme.words("de") == theme.words("en")


def _theme(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.yaml").write_text(body, encoding="utf-8")
    return folder


def test_a_theme_overrides_single_keys_per_language(tmp_path: Path) -> None:
    folder = _theme(
        tmp_path,
        "extends: default\nwording:\n  ru: {thank_you: Благодарим за внимание}\n"
        "  ru-KZ: {needs: Потребности}\n",
    )
    theme = load_theme(str(folder))
    assert theme.words("ru").thank_you == "Благодарим за внимание"
    assert theme.words("ru").needs == "Новые потребности"  # from the catalog
    assert theme.words("ru-KZ").needs == "Потребности"
    assert theme.words("ru-KZ").thank_you == "Благодарим за внимание"
    assert theme.words("en").thank_you == "Thank you"


def test_an_old_theme_with_a_full_wording_block_stays_valid(tmp_path: Path) -> None:
    old = dict(catalog("en"))
    del old["situation_in"], old["upr"]  # keys the old themes did not have
    old["thank_you"] = "Many thanks"
    body = "".join(f'    {k}: "{v}"\n' for k, v in old.items())
    theme = load_theme(str(_theme(tmp_path, f"extends: default\nwording:\n  en:\n{body}")))
    assert theme.words("en").thank_you == "Many thanks"
    assert theme.words("en").upr == "UPR"


def test_an_unknown_wording_key_is_a_positioned_error(tmp_path: Path) -> None:
    folder = _theme(tmp_path, "extends: default\nwording:\n  en: {thanks: Merci}\n")
    with pytest.raises(InputError) as err:
        load_theme(str(folder))
    (problem,) = err.value.problems
    assert (problem.line, problem.path) == (3, "wording.en.thanks")
