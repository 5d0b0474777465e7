#!/usr/bin/env python3
"""Every language of a panel carries the same facts.

For each panel of an exhibit folder (kiosk-content/ by default), reads
text/LANG/PANEL.md in every language of exhibit.toml and compares, language by
language, what must never drift in translation:
  - the numbers (613, 1992, 39.91 ...; "39,91" counts as 39.91),
  - the months of the dates (February, fevral, февраля ...),
  - the named places, countries and the force the account names (a gazetteer
    below gives each its spelling stems in every language).
A difference is printed with the panel, the language and what is missing or
extra, and the exit code is 1. `--self-test` checks that a drifted copy of the
exhibit is caught (a changed number, a dropped place, a changed month).

Python's standard library only (tomllib needs 3.11).
"""
import pathlib
import re
import shutil
import sys
import tempfile
import tomllib

MONTHS = {
    # English months are matched as written, capitalised ("a march" is no month)
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "az": ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul",
           "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"],
    "ru": ["январ", "феврал", "март", "апрел", "ма[йя]", "июн", "июл",
           "август", "сентябр", "октябр", "ноябр", "декабр"],
}

# canonical name -> language -> regular expression (word stems, case-insensitive)
PLACES = {
    "Khojaly": {"en": r"khojaly", "az": r"xocalı", "ru": r"ходжал"},
    "Khankendi": {"en": r"khankendi", "az": r"xankənd", "ru": r"ханкенд"},
    "Aghdam": {"en": r"\baghdam\b", "az": r"\bağdam", "ru": r"\bагдам"},
    "Aghdaban": {"en": r"aghdaban", "az": r"ağdaban", "ru": r"агдабан"},
    "Kalbajar": {"en": r"kalbajar", "az": r"kəlbəcər", "ru": r"кельбаджар"},
    "Balligaya": {"en": r"balligaya", "az": r"ballıqaya", "ru": r"баллыга"},
    "Goranboy": {"en": r"goranboy", "az": r"goranboy", "ru": r"геранбо"},
    "Baku": {"en": r"\bbaku\b", "az": r"\bbakı", "ru": r"\bбаку\b"},
    "Nagorno-Karabakh": {"en": r"nagorno-karabakh", "az": r"dağlıq qarabağ", "ru": r"нагорн\w* карабах"},
    "Azerbaijan": {"en": r"azerbaijan", "az": r"azərbaycan", "ru": r"азербайджан"},
    "Armenia": {"en": r"armenia", "az": r"ermən", "ru": r"армени|армянск"},
    "Mexico": {"en": r"mexico", "az": r"meksika", "ru": r"мексик"},
    "Pakistan": {"en": r"pakistan", "az": r"pakistan", "ru": r"пакистан"},
    "Czech Republic": {"en": r"czech", "az": r"çexiya", "ru": r"чехи"},
    "Peru": {"en": r"\bperu\b", "az": r"\bperu\b", "ru": r"\bперу\b"},
    "Colombia": {"en": r"colombia", "az": r"kolumbiya", "ru": r"колумби"},
    "Panama": {"en": r"panama", "az": r"panama", "ru": r"панам"},
    "Honduras": {"en": r"honduras", "az": r"honduras", "ru": r"гондурас"},
    "Indonesia": {"en": r"indonesia", "az": r"indoneziya", "ru": r"индонези"},
    "Sudan": {"en": r"sudan", "az": r"sudan", "ru": r"судан"},
    "Guatemala": {"en": r"guatemala", "az": r"qvatemala", "ru": r"гватемал"},
    "Paraguay": {"en": r"paraguay", "az": r"paraqvay", "ru": r"парагва"},
    "Djibouti": {"en": r"djibouti", "az": r"cibuti", "ru": r"джибути"},
    "Bosnia and Herzegovina": {"en": r"bosnia", "az": r"bosniya", "ru": r"босни"},
    "Jordan": {"en": r"jordan", "az": r"iordaniya", "ru": r"иордани"},
    "Slovenia": {"en": r"slovenia", "az": r"sloveniya", "ru": r"словени"},
    "Scotland": {"en": r"scotland", "az": r"şotlandiya", "ru": r"шотланди"},
    "United States": {"en": r"united states", "az": r"abş", "ru": r"сша"},
    "Katyn": {"en": r"katyn", "az": r"katın", "ru": r"катын"},
    "Lidice": {"en": r"lidice", "az": r"liditse", "ru": r"лидице"},
    "Oradour-sur-Glane": {"en": r"oradour", "az": r"oradur", "ru": r"орадур"},
    "Son My": {"en": r"son my", "az": r"sonqmi", "ru": r"сонгми"},
    "Rwanda": {"en": r"rwanda", "az": r"ruanda", "ru": r"руанд"},
    "Srebrenica": {"en": r"srebrenica", "az": r"srebrenitsa", "ru": r"сребрениц"},
}


def facts(text, lang):
    """The numbers, months and places of one text, as a dict of sets."""
    # Azerbaijani dotted capital İ lowers to "i" + a combining dot in Python; make it "i"
    low = text.replace("İ", "i").lower()
    numbers = set(re.sub(r"(?<=\d),(?=\d)", ".", m) for m in re.findall(r"\d+(?:[.,]\d+)?", text))
    months = {i + 1 for i, stem in enumerate(MONTHS.get(lang, []))
              if re.search(r"\b" + stem, text if lang == "en" else low)}
    places = {name for name, forms in PLACES.items() if lang in forms and re.search(forms[lang], low)}
    return {"numbers": numbers, "months": months, "places": places}


def compare(folder):
    folder = pathlib.Path(folder)
    with open(folder / "exhibit.toml", "rb") as f:
        manifest = tomllib.load(f)
    langs = manifest["languages"]
    ref = manifest.get("default_language", langs[0])
    problems = []
    for panel in manifest["panel"]:
        pid = panel["id"]
        texts = {}
        for lang in langs:
            path = folder / "text" / lang / f"{pid}.md"
            if path.exists():
                texts[lang] = facts(path.read_text(encoding="utf-8"), lang)
        if ref not in texts:
            continue
        for lang, got in texts.items():
            if lang == ref:
                continue
            for kind in ("numbers", "months", "places"):
                missing = texts[ref][kind] - got[kind]
                extra = got[kind] - texts[ref][kind]
                if missing or extra:
                    problems.append(f"panel '{pid}' ({lang} against {ref}): {kind}"
                                    + (f" missing {sorted(missing, key=str)}" if missing else "")
                                    + (f" extra {sorted(extra, key=str)}" if extra else ""))
    # the content note on the home screen, too
    note = manifest.get("note", {})
    if ref in note:
        want = facts(note[ref], ref)
        for lang, text in note.items():
            got = facts(text, lang)
            for kind in ("numbers", "places"):
                if got[kind] != want[kind]:
                    problems.append(f"content note ({lang} against {ref}): {kind} differ")
    return problems


def self_test(folder):
    """A drifted copy must be caught: one change at a time."""
    drifts = [
        ("text/ru/the-victims.md", "613", "612", "numbers missing ['613'] extra ['612']"),
        ("text/az/memorial.md", "erməni silahlı", "silahlı", "places missing ['Armenia']"),
        ("text/ru/aghdaban.md", "8 апреля", "8 марта", "months missing [4] extra [3]"),
        ("text/az/khojaly.md", "39,91", "39,19", "numbers missing ['39.91'] extra ['39.19']"),
        ("text/ru/recognition.md", "Джибути", "Сомали", "places missing ['Djibouti']"),
    ]
    failures = []
    clean = compare(folder)
    if clean:
        failures.append("the exhibit itself is not clean: " + "; ".join(clean))
    for rel, old, new, expect in drifts:
        with tempfile.TemporaryDirectory() as tmp:
            copy = pathlib.Path(tmp) / "exhibit"
            shutil.copytree(folder, copy)
            path = copy / rel
            text = path.read_text(encoding="utf-8")
            if old not in text:
                failures.append(f"self-test: '{old}' not found in {rel}; update the self-test")
                continue
            path.write_text(text.replace(old, new), encoding="utf-8")
            found = compare(copy)
            if not any(expect in p for p in found):
                failures.append(f"self-test: changing '{old}' to '{new}' in {rel} was not caught "
                                f"(wanted '{expect}', got {found})")
    return failures


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    folder = args[0] if args else pathlib.Path(__file__).resolve().parents[2] / "kiosk-content"
    problems = self_test(folder) if "--self-test" in argv else compare(folder)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} difference(s) between the language versions", file=sys.stderr)
        return 1
    print("the checker catches every drift it is given" if "--self-test" in argv else
          "every language of every panel gives the same numbers, months and places")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
