"""Generated exhibits for the benchmarks: camera-size photographs, texts in
English and Azerbaijani, the kiosk-pack source folder, and the equivalent
static HTML exhibit for Chromium (same texts, same pictures).

Photographs: a small plasma fractal (different for every seed), noise at a
quarter of the final size so that the picture has photographic detail at
screen size, then scaled up to 6000x4000 and saved as a JPEG (quality 88,
about 3.5 MB, about 1 s each). A photo pool of at most `POOL` distinct images
is generated; larger exhibits reuse pool files under their own names (hard
links), which kiosk-pack decodes, scales and stores once per panel, so the
package holds one image per panel as with real photographs.
"""

import datetime
import html
import os
import random
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

# Bump when the generated content changes: cached photos and packages are keyed by it.
CONTENT_VERSION = "3"
POOL = 100
DWELL_S = 4
TRANSITION_S = 1.5

EN_WORDS = ("the town winter night road forest families river village memory witness "
            "mother children school field snow houses morning names letters station "
            "bridge mountain evening silence years neighbours photograph street hospital "
            "bread language garden stories hands light archive museum").split()
AZ_WORDS = ("şəhər qış gecə yol meşə ailələr çay kənd xatirə şahid ana uşaqlar məktəb "
            "tarla qar evlər səhər adlar məktublar stansiya körpü dağ axşam sükut illər "
            "qonşular fotoşəkil küçə xəstəxana çörək dil bağ hekayələr əllər işıq arxiv "
            "muzey ağac qız oğlan gözlər ürək").split()
EN_MONTHS = ("January February March April May June July August September October "
             "November December").split()


def _sentence(rng, words, n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def panel_texts(index, lang):
    """(title, [paragraphs], caption) of panel `index` (0-based) in `lang`."""
    rng = random.Random("%s-%d-%s" % (CONTENT_VERSION, index, lang))
    words = AZ_WORDS if lang == "az" else EN_WORDS
    label = "Panel" if lang == "en" else "Lövhə"
    title = "%s %d: %s" % (label, index + 1, " ".join(rng.choice(words) for _ in range(4)))
    paragraphs = [" ".join(_sentence(rng, words, rng.randint(8, 16)) for _ in range(3))
                  for _ in range(3)]
    caption = ("Photograph %d" if lang == "en" else "Fotoşəkil %d") % (index + 1)
    return title, paragraphs, caption


def panel_date(index):
    d = datetime.date(1990, 1, 1) + datetime.timedelta(days=37 * index)
    return d.isoformat()


def date_en(iso):
    d = datetime.date.fromisoformat(iso)
    return "%d %s %d" % (d.day, EN_MONTHS[d.month - 1], d.year)


def _convert(args):
    subprocess.run(["convert"] + args, check=True, stdout=subprocess.DEVNULL)


def make_photos(pool_dir, count, size=(6000, 4000), jobs=None):
    """Generates photo-0001.jpg ... in `pool_dir` (skipping those present); returns paths."""
    os.makedirs(pool_dir, exist_ok=True)
    w, h = size
    todo, paths = [], []
    for i in range(count):
        path = os.path.join(pool_dir, "photo-%04d.jpg" % (i + 1))
        paths.append(path)
        if not os.path.exists(path):
            tmp = path + ".tmp.jpg"
            todo.append((path, tmp, [
                "-seed", str(1000 + i), "-size", "%dx%d" % (max(16, w // 25), max(16, h // 25)),
                "plasma:fractal", "-blur", "0x1", "-modulate", "100,55",
                "-resize", "%dx%d!" % (w // 4, h // 4),
                "-attenuate", "0.6", "+noise", "Gaussian",
                "-resize", "%dx%d!" % (w, h), "-quality", "88", tmp]))

    def one(item):
        path, tmp, args = item
        _convert(args)
        os.replace(tmp, path)

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as ex:
        list(ex.map(one, todo))
    return paths


def write_source(src_dir, exhibit_id, panels, photos):
    """A kiosk-pack source folder with `panels` panels in en + az."""
    if os.path.isdir(src_dir):
        shutil.rmtree(src_dir)
    for sub in ("images", "text/en", "text/az"):
        os.makedirs(os.path.join(src_dir, sub))
    toml = [
        'id = "%s"' % exhibit_id,
        "version = 1",
        'languages = ["en", "az"]',
        'default_language = "en"',
        'fallback_language = "en"',
        "",
        "[title]",
        'en = "Benchmark exhibit: %d panels"' % panels,
        'az = "Sınaq sərgisi: %d lövhə"' % panels,
        "",
        "[attract]",
        "dwell_s = %d" % DWELL_S,
        "transition_s = %s" % TRANSITION_S,
    ]
    for i in range(panels):
        pid = "p%04d" % (i + 1)
        name = "images/%s.jpg" % pid
        os.link(photos[i % len(photos)], os.path.join(src_dir, name))
        toml += ["", "[[panel]]", 'id = "%s"' % pid, 'date = "%s"' % panel_date(i),
                 "", "[[panel.image]]", 'file = "%s"' % name, 'kind = "photo"']
        for lang in ("en", "az"):
            title, paras, caption = panel_texts(i, lang)
            body = "\n\n".join(paras)
            with open(os.path.join(src_dir, "text", lang, pid + ".md"), "w", encoding="utf-8") as f:
                f.write("# %s\n\n%s\n\n![%s](%s)\n" % (title, body, caption, name))
    with open(os.path.join(src_dir, "exhibit.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(toml) + "\n")


# --- The same exhibit as a static web page --------------------------------------

_STYLE = """
html, body { margin: 0; height: 100%; background: #1b1c1e; color: #ece8e1;
  overflow: hidden; cursor: none; font-family: "Noto Sans", sans-serif; }
.slide { position: absolute; inset: 0; opacity: 0; }
.slide img { position: absolute; left: 48px; top: 48px; width: calc(100% - 96px);
  height: calc(73% - 48px); object-fit: contain; }
.slide .date { position: absolute; left: 0; right: 0; top: calc(73% + 24px);
  text-align: center; font-size: 26px; color: #bdb7ac; }
.slide h1 { position: absolute; left: 48px; right: 48px; top: calc(73% + 63px); margin: 0;
  text-align: center; font: 56px/1.3 "Noto Serif", serif; font-weight: normal; }
.invite { position: absolute; bottom: 36px; left: 50%; transform: translateX(-50%);
  font-size: 30px; background: #26282b; border: 2px solid #b39a6b; border-radius: 30px;
  padding: 8px 36px; }
.top { position: absolute; left: 48px; right: 48px; top: 0; height: 96px;
  display: flex; align-items: center; gap: 24px; font-size: 26px; color: #bdb7ac; }
.top .button { border: 2px solid #6e6a63; border-radius: 12px; padding: 14px 28px; color: #ece8e1; }
.panel-image { position: absolute; left: 48px; top: 120px; width: 950px; bottom: 48px; }
.panel-image img { width: 100%; height: calc(100% - 60px); object-fit: contain; }
.panel-image figcaption { font-size: 26px; color: #bdb7ac; margin-top: 12px; }
.panel-text { position: absolute; left: 1046px; right: 48px; top: 120px; bottom: 48px; overflow: hidden; }
.panel-text h1 { font: 56px/1.25 "Noto Serif", serif; margin: 0 0 12px 0; }
.panel-text p { font-size: 30px; line-height: 1.5; margin: 0 0 24px 0; }
"""


def _page(title, body, extra_style=""):
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>%s</title>\n"
            "<style>%s%s</style></head>\n<body>\n%s</body></html>\n"
            % (html.escape(title), _STYLE, extra_style, body))


def write_html(html_dir, panels, screen_images, camera_photo):
    """slideshow.html (every panel, a CSS crossfade every DWELL_S seconds),
    slideshow-photo.html (the same, the first panel holding the camera-size
    photograph itself) and static.html (the first panel as a visitor reads it)."""
    if os.path.isdir(html_dir):
        shutil.rmtree(html_dir)
    os.makedirs(os.path.join(html_dir, "img"))
    names = []
    for i, src in enumerate(screen_images[:panels]):
        name = "img/p%04d.jpg" % (i + 1)
        shutil.copyfile(src, os.path.join(html_dir, name))
        names.append(name)
    shutil.copyfile(camera_photo, os.path.join(html_dir, "img/camera.jpg"))
    exhibit_title = "Benchmark exhibit: %d panels" % panels

    # One cycle shows every panel for DWELL_S s; each fades in over the last
    # TRANSITION_S s of the one before it, as the kiosk's attract mode does.
    cycle = panels * DWELL_S

    def pct(s):
        return "%.4f%%" % (100.0 * s / cycle)

    keyframes = ("@keyframes fade { 0%% { opacity: 0 } %s { opacity: 1 } %s { opacity: 1 } "
                 "%s { opacity: 0 } 100%% { opacity: 0 } }\n"
                 ".slide { animation: fade %ds linear infinite backwards; }\n"
                 % (pct(TRANSITION_S), pct(DWELL_S), pct(DWELL_S + TRANSITION_S), cycle))

    def slideshow(first_image):
        slides = []
        for i in range(panels):
            title, _, _ = panel_texts(i, "en")
            delay = i * DWELL_S - TRANSITION_S
            slides.append('<div class="slide" style="animation-delay: %.1fs"><img src="%s" alt="">'
                          '<div class="date">%s</div><h1>%s</h1></div>\n'
                          % (delay, first_image if i == 0 else names[i],
                             date_en(panel_date(i)), html.escape(title)))
        slides.append('<div class="invite">Touch the screen to explore</div>\n')
        return _page(exhibit_title, "".join(slides), keyframes)

    with open(os.path.join(html_dir, "slideshow.html"), "w", encoding="utf-8") as f:
        f.write(slideshow(names[0]))
    with open(os.path.join(html_dir, "slideshow-photo.html"), "w", encoding="utf-8") as f:
        f.write(slideshow("img/camera.jpg"))

    title, paras, caption = panel_texts(0, "en")
    body = ['<div class="top"><span class="button">Home</span><span class="button">English</span>'
            '<span>%s</span><span>1 / %d</span></div>\n' % (html.escape(exhibit_title), panels),
            '<figure class="panel-image" style="margin:0"><img src="%s" alt="">'
            '<figcaption>Photo &middot; %s</figcaption></figure>\n' % (names[0], html.escape(caption)),
            '<div class="panel-text"><h1>%s</h1>\n' % html.escape(title)]
    body += ["<p>%s</p>\n" % html.escape(p) for p in paras]
    body.append("</div>\n")
    with open(os.path.join(html_dir, "static.html"), "w", encoding="utf-8") as f:
        f.write(_page(exhibit_title, "".join(body)))


def make_screen_images(photos, out_dir, width=1920, height=1080, jobs=None):
    """The photographs scaled to fit the screen, as a web developer would publish them."""
    os.makedirs(out_dir, exist_ok=True)
    out, todo = [], []
    for p in photos:
        dst = os.path.join(out_dir, os.path.basename(p))
        out.append(dst)
        if not os.path.exists(dst):
            todo.append((p, dst))

    def one(item):
        src, dst = item
        _convert([src, "-resize", "%dx%d" % (width, height), "-quality", "88", dst + ".tmp.jpg"])
        os.replace(dst + ".tmp.jpg", dst)

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as ex:
        list(ex.map(one, todo))
    return out
