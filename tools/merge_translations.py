"""Fill the Chinese catalogue from locale/fragments/*.json and compile it.

Run after `manage.py makemessages -l zh_Hans` (see `make messages`). Each fragment maps an English
msgid to its Chinese text. Entries already translated are kept unless a fragment says otherwise;
makemessages' fuzzy guesses are dropped (they count as missing until a fragment covers them);
the script lists every msgid still without a translation and exits 1 if there is any.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def fragments() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((ROOT / "locale" / "fragments").glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def main() -> int:
    po = polib.pofile(str(CATALOGUE))
    known = fragments()
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            # makemessages' guess from a similar msgid: usually wrong, never shown as if checked.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.msgstr = ""
        if entry.msgid in known:
            entry.msgstr = known[entry.msgid]
        if not entry.msgstr and not entry.msgid_plural:
            missing.append(entry.msgid)
    po.save()
    po.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    print(f"{len(po.translated_entries())} translated, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
