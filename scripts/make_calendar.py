#!/usr/bin/env python3
"""Write data/lexicon/calendar.tsv: month and weekday names in English, Indonesian and Malay from CLDR (via Babel).

    pip install babel && python3 scripts/make_calendar.py
"""

from __future__ import annotations

from pathlib import Path

import babel
from babel.dates import get_day_names, get_month_names

# Malay (`ms`): Malaysian and Bruneian outlets write their dates so ("12 Mac 2025", "3 Ogos"); the language
# detector reads Malay text as Indonesian, and the Indonesian tagger reads it.
LANGS = ("en", "id", "ms")
OUT = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "calendar.tsv"


def main() -> None:
    rows: set[tuple[str, str, int, str, str]] = set()
    for lang in LANGS:
        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, locale=lang).items():
                rows.add((name.rstrip("."), "month", num, lang, width))
            # Babel numbers weekdays from Monday = 0; we write ISO numbers, Monday = 1.
            for num, name in get_day_names(width, locale=lang).items():
                rows.add((name.rstrip("."), "weekday", num + 1, lang, width))
    header = [
        "# Month and weekday names, English, Indonesian and Malay, wide and abbreviated forms.",
        f"# Source: Unicode CLDR via Babel {babel.__version__} (Unicode licence). Regenerate: python3 scripts/make_calendar.py",
        "# Columns: name, kind (month|weekday), number (month 1-12; ISO weekday 1=Monday), language, width (wide|abbreviated)",
    ]
    body = [
        f"{n}\t{k}\t{num}\t{lang}\t{width}"
        for n, k, num, lang, width in sorted(rows, key=lambda r: (r[3], r[1], r[2], r[0], r[4]))
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(body)} names)")


if __name__ == "__main__":
    main()
