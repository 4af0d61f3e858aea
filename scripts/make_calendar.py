#!/usr/bin/env python3
"""Write data/lexicon/calendar.tsv: month and weekday names in English and Indonesian from CLDR (via Babel).

    pip install babel && python3 scripts/make_calendar.py
"""

from __future__ import annotations

from pathlib import Path

import babel
from babel.dates import get_day_names, get_month_names

LANGS = ("en", "id")
OUT = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "calendar.tsv"


def main() -> None:
    rows: set[tuple[str, str, int, str]] = set()
    for lang in LANGS:
        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, locale=lang).items():
                rows.add((name.rstrip("."), "month", num, lang))
            # Babel numbers weekdays from Monday = 0; we write ISO numbers, Monday = 1.
            for num, name in get_day_names(width, locale=lang).items():
                rows.add((name.rstrip("."), "weekday", num + 1, lang))
    header = [
        "# Month and weekday names, English and Indonesian, wide and abbreviated forms.",
        f"# Source: Unicode CLDR via Babel {babel.__version__} (Unicode licence). Regenerate: python3 scripts/make_calendar.py",
        "# Columns: name, kind (month|weekday), number (month 1-12; ISO weekday 1=Monday), language",
    ]
    body = [f"{n}\t{k}\t{num}\t{lang}" for n, k, num, lang in sorted(rows, key=lambda r: (r[3], r[1], r[2], r[0]))]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(body)} names)")


if __name__ == "__main__":
    main()
