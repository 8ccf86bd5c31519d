"""The application's message catalogues: legalgraph/web/locale/<lang>/LC_MESSAGES/messages.po,
read with Babel when the application starts (no compiled file to keep in step). The message
ids are English; Vietnamese is the default language."""

from __future__ import annotations

import functools
import io
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT = "vi"


@functools.lru_cache(maxsize=None)
def translations(lang: str):
    """gettext translations for ``lang`` (English: the message ids themselves)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    po = LOCALE / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext(lang: str):
    return translations(lang).gettext


def message_ids() -> set[str]:
    """Every message id the application shows: those written ``_("…")`` in the templates and
    in app.py, and the names app.py shows through ``_`` (relation groups, report columns,
    statuses, roles, upload outcomes)."""
    import re

    from legalgraph.web import app

    here = Path(__file__).resolve().parent
    ids = set()
    call = re.compile(r"""_\(\s*(["'])((?:(?!\1).)*)\1\s*(?:\)|,)""")
    for path in [*sorted((here / "templates").glob("*.html")), here / "app.py"]:
        ids.update(m.group(2) for m in call.finditer(path.read_text(encoding="utf-8")))
    ids.update(app.GROUP_TITLES.values())
    ids.update(app.SHOWN_NAMES)
    return ids
