"""The gettext catalogues: every sentence the code gives a person is translated, and renders in the
reader's language, with its plural form, when it is shown."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from psgraph.i18n import plural, text, translations, written
from tests.conftest import REPO

CATALOGUE = REPO / "src" / "psgraph" / "locale" / "fr" / "LC_MESSAGES" / "psgraph.po"


def _sentences() -> set[str]:
    """Every msgid the code holds, extracted as `make messages` does (babel.cfg)."""
    from babel.messages.frontend import parse_mapping_cfg

    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords={"text": None, "plural": (1, 2), "_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_sentence_of_the_code_has_a_french_translation() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(_sentences() - translated)
    assert missing == [], f"run `make messages` and translate: {missing[:5]}"


def test_a_sentence_renders_in_each_language_with_its_parameters_and_plural() -> None:
    sentence = text("'{cell}' is not yes or no", cell="peut-être")
    assert sentence.render("en") == "'peut-être' is not yes or no"
    assert sentence.render("fr") == "« peut-être » n'est ni oui ni non"
    assert str(sentence) == sentence.render("en") and sentence.render("de") == sentence.render("en")
    one, three = (plural("{count} record added", "{count} records added", n) for n in (1, 3))
    assert (one.render("fr"), three.render("fr")) == ("1 enregistrement ajouté", "3 enregistrements ajoutés")
    nested = text("warning: {problem}", problem=written(en="a name", fr="un nom"))
    assert nested.render("fr") == "avertissement : un nom"


def test_the_catalogue_is_read_from_the_po_file_when_none_is_compiled(tmp_path) -> None:
    """A checkout used without `make setup` still speaks French: the .po is read directly."""
    code = (
        "import psgraph.i18n as i, importlib.resources as r, pathlib;"
        "p = pathlib.Path(str(r.files('psgraph') / 'locale' / 'fr' / 'LC_MESSAGES' / 'psgraph.mo'));"
        "p.unlink(missing_ok=True);"
        "print(i.text('1 problem').render('fr'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    subprocess.run(
        ["make", "-C", str(REPO), "-s", "src/psgraph/locale/fr/LC_MESSAGES/psgraph.mo"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 problème"
    assert translations("fr").gettext("1 problem") == "1 problème"
