#!/usr/bin/env python3
"""Write the bundled mis-encoded sample: a clean article encoded as UTF-8 and decoded as Windows-1252.

Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 control characters of the same
value, which is what browsers and most scrapers do. Run from the repository root:

    python3 scripts/make_sample_mojibake.py
"""

from pathlib import Path

CLEAN = """Thailand, Cambodia Launch Joint Cross-Border E-Payment Initiative

Mekong Business Review 2 September 2024

PHNOM PENH – Thailand and Cambodia launched a joint initiative on Monday to link their national QR payment systems, letting tourists and traders pay across the border with their own banking apps.

The initiative was announced by Cambodia’s Minister of Post and Telecommunications, Sokha Chenda, and Thailand’s Minister of Digital Economy and Society, Prasert Wongsuwan, at a ceremony at the Sokha Phnom Penh Hotel.

“A farmer in Battambang should be paid by a buyer in Chanthaburi as easily as by a neighbour,” said Prasert.

Sokha said the central banks of both countries would complete the technical link by March 2025. “Our café owners and market vendors are ready,” he added.

Officials said cross-border payments between the two countries grew 24% this year to about $310 million.
"""

SLOPPY = {b: bytes([b]).decode("cp1252") for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def sloppy_cp1252(data: bytes) -> str:
    return "".join(SLOPPY.get(b, chr(b)) for b in data)


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "python/accord/sample/en-thailand-cambodia-mojibake.txt"
    out.write_text(sloppy_cp1252(CLEAN.encode("utf-8")), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
