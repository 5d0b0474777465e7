#!/usr/bin/env python3
"""Generates the curators' test exhibit: what a new curator brings.

    tests/exhibit/generate.py OUT_DIR

Phone photos in all eight EXIF orientations (pixels stored turned or mirrored
as a phone stores them, with the tag that says how to show them), CMYK,
progressive, 16-bit, palette, interlaced and transparent images, a
photograph saved as PNG, a 1x1 and an 8000x200 image; texts in English,
Azerbaijani and Russian at every limit (title 120 characters, caption 400,
body 12 000), soft hyphens, a panel without pictures. Images are drawn by
ImageMagick (Debian's imagemagick); the EXIF segment is written here, since
ImageMagick 6 does not write one of its own. Same output every run.
"""

import os
import shutil
import struct
import subprocess
import sys

LANGS = ["en", "az", "ru"]
MAX_TITLE, MAX_CAPTION, MAX_BODY = 120, 400, 12000

# Words per language for texts at their limits (real words, so that wrapping
# and shortening behave as they do with a curator's text).
WORDS = {
    "en": "the town was besieged through the winter and its people kept the school "
          "and the hospital open while roads closed one after another".split(),
    "az": "şəhər bütün qış boyu mühasirədə qaldı və sakinləri yollar bir-bir "
          "bağlananda belə məktəbi və xəstəxananı açıq saxladılar ğ ö ü ı ç".split(),
    "ru": "город всю зиму оставался в осаде и его жители держали открытыми школу "
          "и больницу пока дороги закрывались одна за другой".split(),
}

TITLES = {
    "en": "Orientation",
    "az": "Oriyentasiya",
    "ru": "Ориентация",
}


def words_to(lang, n_chars, seed=0):
    """Text of exactly n_chars code points built from the language's words."""
    ws = WORDS[lang]
    out, i = [], seed
    while len(" ".join(out)) < n_chars:
        out.append(ws[i % len(ws)])
        i += 1
    text = " ".join(out)[:n_chars].rstrip()
    while len(text) < n_chars:
        text += "."
    return text


def magick(*args):
    subprocess.run(["convert", *args], check=True)


def exif_app1(orientation, big_endian):
    e = ">" if big_endian else "<"
    tiff = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    tiff += struct.pack(e + "H", 1)
    tiff += struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(e + "I", 0)
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


# What a phone does to the upright picture before writing it with tag `o`
# (the inverse of what the viewer must do): ImageMagick operators.
STORE_AS = {
    1: [],
    2: ["-flop"],
    3: ["-rotate", "180"],
    4: ["-flip"],
    5: ["-transpose"],
    6: ["-rotate", "-90"],  # shown by turning 90 degrees clockwise
    7: ["-transverse"],
    8: ["-rotate", "90"],
}


def phone_photo(path, o, label):
    """A portrait 'photo': sky at the top, ground below, a red sun at the top
    left and the orientation's number, stored as a phone stores it."""
    tmp = path + ".upright.png"
    magick("-size", "600x800", "gradient:#6f9fd0-#d8c8a0",
           "-fill", "#3b5e2b", "-draw", "rectangle 0,560 600,800",
           "-fill", "#c03020", "-draw", "circle 110,110 110,40",
           "-fill", "white", "-stroke", "black", "-strokewidth", "3",
           "-font", "DejaVu-Sans-Bold", "-pointsize", "150",
           "-gravity", "center", "-annotate", "+0+60", label,
           "-pointsize", "40", "-strokewidth", "1", "-gravity", "north",
           "-annotate", "+60+40", "UP", tmp)
    stored = path + ".stored.jpg"
    magick(tmp, *STORE_AS[o], "-quality", "88", stored)
    with open(stored, "rb") as f:
        jpg = f.read()
    with open(path, "wb") as f:
        f.write(jpg[:2] + exif_app1(o, big_endian=(o % 2 == 0)) + jpg[2:])
    os.remove(tmp)
    os.remove(stored)


def scene(path, w, h, *extra):
    """A landscape-like picture with a clear top and a red mark top left."""
    magick("-size", f"{w}x{h}", "gradient:#4d6f94-#b9a77c",
           "-fill", "#2f4a2a", "-draw", f"rectangle 0,{h * 7 // 10} {w},{h}",
           "-fill", "#b02818", "-draw", f"circle {w // 10},{h // 6} {w // 10},{h // 12}",
           *extra, path)


def main():
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)  # the same folder every run
    img = os.path.join(out, "images")
    os.makedirs(img, exist_ok=True)
    for lang in LANGS:
        os.makedirs(os.path.join(out, "text", lang), exist_ok=True)

    # [Images] ---------------------------------------------------------------
    for o in range(1, 9):
        phone_photo(os.path.join(img, f"phone-{o}.jpg"), o, str(o))
    scene(os.path.join(img, "cmyk.jpg"), 1200, 800, "-colorspace", "CMYK", "-quality", "85")
    scene(os.path.join(img, "progressive.jpg"), 1200, 800, "-interlace", "JPEG")
    scene(os.path.join(img, "deep-16bit.png"), 900, 600, "-depth", "16")
    magick("-size", "900x600", "xc:#e8e0cc", "-fill", "#7a2a20", "-stroke", "#202020",
           "-strokewidth", "6", "-draw", "polygon 100,500 450,80 800,500",
           "-fill", "#204060", "-draw", "rectangle 380,300 520,500",
           "PNG8:" + os.path.join(img, "palette.png"))
    scene(os.path.join(img, "interlaced.png"), 900, 600, "-interlace", "PNG")
    # A transparent drawing: a wreath-like ring on nothing.
    magick("-size", "800x800", "xc:none", "-fill", "none", "-stroke", "#c8a040",
           "-strokewidth", "60", "-draw", "circle 400,400 400,120",
           "-fill", "#8a2020", "-stroke", "none", "-draw", "circle 400,400 400,330",
           os.path.join(img, "wreath-alpha.png"))
    # A photograph saved as PNG (noise makes it photo-like and large as PNG).
    scene(os.path.join(img, "photo-as-png.png"), 1600, 1000,
          "-attenuate", "0.4", "+noise", "Gaussian")
    magick("-size", "1x1", "xc:#808080", os.path.join(img, "tiny-1x1.png"))
    magick("-size", "8000x200", "gradient:#23405f-#c9b487",
           "-fill", "#b02818", "-draw", "circle 300,100 300,40",
           "-fill", "#2f4a2a", "-draw", "rectangle 0,160 8000,200",
           os.path.join(img, "panorama-8000x200.jpg"))
    scene(os.path.join(img, "map.png"), 900, 700)

    # [exhibit.toml] -------------------------------------------------------------
    long_title = {l: words_to(l, MAX_TITLE, 3) for l in LANGS}
    panels = [
        ("phones", "2024-05-01", [(f"images/phone-{o}.jpg", "photo") for o in range(1, 9)]),
        ("formats", "1992", [("images/cmyk.jpg", "photo"), ("images/progressive.jpg", "photo"),
                             ("images/deep-16bit.png", "photo"),
                             ("images/palette.png", "illustration"),
                             ("images/interlaced.png", "photo"),
                             ("images/wreath-alpha.png", "illustration"),
                             ("images/photo-as-png.png", "photo")]),
        ("panorama", "1992-02-26", [("images/panorama-8000x200.jpg", "photo")]),
        ("text-only", "", []),
        ("long-caption", "1992-02", [("images/map.png", "map")]),
        ("tiny", "", [("images/tiny-1x1.png", "photo")]),
        ("alpha", "", [("images/wreath-alpha.png", "illustration")]),
    ]
    toml = ['id = "curator-test"', "version = 1", 'languages = ["en", "az", "ru"]',
            'default_language = "en"', "", "[title]"]
    toml += [f'{l} = "{long_title[l]}"' for l in LANGS]
    toml += ["", "[attract]", "dwell_s = 6", "transition_s = 1", ""]
    for pid, date, images in panels:
        toml += ["[[panel]]", f'id = "{pid}"']
        if date:
            toml.append(f'date = "{date}"')
        for f, kind in images:
            toml += ["", "[[panel.image]]", f'file = "{f}"', f'kind = "{kind}"']
        toml.append("")
    with open(os.path.join(out, "exhibit.toml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(toml))

    # [Texts] --------------------------------------------------------------------
    for lang in LANGS:
        for pid, _date, images in panels:
            title = {"phones": TITLES[lang], "long-caption": long_title[lang]}.get(pid)
            if title is None:
                title = {"en": "Panel", "az": "Panel", "ru": "Панель"}[lang] + " " + pid
            if pid == "text-only":
                # Numbered paragraphs up to the body limit: where the reader is shows.
                paras, n = [], 1
                while True:
                    p = f"§{n}. " + words_to(lang, 380, n)
                    if len("\n\n".join(paras + [p])) > MAX_BODY - 50:
                        break
                    paras.append(p)
                    n += 1
                body = "\n\n".join(paras)
            elif pid == "alpha":
                # Soft hyphens inside long words: never drawn as "-".
                shy = "\u00ad"
                body = {"en": f"Commemo{shy}ration cere{shy}monies are held every year.",
                        "az": f"Xatirə{shy}lərin anım mərasim{shy}ləri hər il keçirilir.",
                        "ru": f"Траурные меро{shy}приятия проходят ежегодно."}[lang]
            else:
                body = words_to(lang, 600, len(pid))
            lines = [f"# {title}", "", body, ""]
            for f, _kind in images:
                cap = words_to(lang, MAX_CAPTION if pid in ("long-caption", "formats") else 80,
                               len(f))
                lines.append(f"![{cap}]({f})")
            with open(os.path.join(out, "text", lang, pid + ".md"), "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
