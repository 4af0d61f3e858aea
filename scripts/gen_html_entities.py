#!/usr/bin/env python3
"""Write data/layout/html_entities.tsv: the named HTML character references the HTML-to-text scanner decodes.

Source: the Python standard library table `html.entities.name2codepoint` (the HTML 4 entity set), restricted to the
Latin-1 letters and symbols, typographic quotes, dashes and spaces, and the markup characters.

    python3 scripts/gen_html_entities.py > data/layout/html_entities.tsv
"""
import html.entities

KEEP = [(0xA0, 0xFF), (0x152, 0x153), (0x160, 0x161), (0x178, 0x178), (0x192, 0x192), (0x2C6, 0x2C6), (0x2DC, 0x2DC),
        (0x2002, 0x200F), (0x2013, 0x2014), (0x2018, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2030),
        (0x2032, 0x2033), (0x2039, 0x203A), (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2190, 0x2193), (0x2212, 0x2212)]
MARKUP = {"amp", "lt", "gt", "quot"}


def main() -> None:
    rows = {n: cp for n, cp in html.entities.name2codepoint.items()
            if n in MARKUP or any(a <= cp <= b for a, b in KEEP)}
    rows["apos"] = 0x27  # HTML5 adds &apos;
    print("# Named HTML character references decoded by the HTML-to-text scanner (name<TAB>hex code point): the Latin-1")
    print("# letters and symbols, typographic quotes, dashes and spaces, and the few markup characters. Case matters.")
    print("# Source: generated for accord from the Python standard library table `html.entities.name2codepoint` (the HTML 4")
    print("# entity set), restricted to the ranges listed in scripts/gen_html_entities.py.")
    print("# Regenerate: python3 scripts/gen_html_entities.py > data/layout/html_entities.tsv")
    for name in sorted(rows, key=lambda n: (rows[n], n)):
        print(f"{name}\t{rows[name]:X}")


if __name__ == "__main__":
    main()
