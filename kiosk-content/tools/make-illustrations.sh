#!/bin/sh
# Draws the illustrations and maps of the default exhibit
# (kiosk-content/images/*.png) with ImageMagick's `convert`; the maps' coastline
# and national borders come from the GSHHG data of Debian's gmt-gshhg-low,
# read out with GMT's `gmt coast` (both installed by deploy/install-deps.sh).
#
# Usage:  sh kiosk-content/tools/make-illustrations.sh [OUT_DIR]
#         (OUT_DIR defaults to kiosk-content/images; the test suite draws into
#         another folder and compares the result with the committed images)
#
# None of these images is a photograph, and none carries a label: exhibit.toml
# gives each the kind "illustration" or "map", and the kiosk labels it in the
# visitor's language. Illustrations carry no words (dates and numbers only),
# so one serves every language; the map of the places carries place names,
# so it is drawn once per language (places-map-LANG.png) and exhibit.toml
# gives the kiosk one file per language.
#
# Palette: dark neutral ground, off-white lines and text, one muted accent.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="${1:-$here/../images}"
mkdir -p "$out"

fonts=/usr/share/fonts/truetype/noto
SERIF="$fonts/NotoSerif-Regular.ttf"
SANS="$fonts/NotoSans-Regular.ttf"

BG="#1d1e20"      # ground
FG="#e8e4dc"      # off-white: lines and text
ACC="#b39a6b"     # muted ochre: the one accent
DIM="#8d8a84"     # secondary text
GRID="#3a3c40"    # graticule and faint lines

W=1920
H=1080

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# finish SRC NAME: strip metadata, reduce to a small palette, write images/NAME.
finish() {
    convert "$1" -strip -depth 8 -colors 48 "PNG8:$out/$2"
    echo "wrote images/$2"
}

# card NAME BIG SMALL [SIZE]: a dated title card. BIG in serif (SIZE points,
# default 150), a short accent rule, SMALL beneath it (may be empty).
card() {
    f="$tmp/$1.png"
    convert -size "${W}x${H}" "xc:$BG" \
        -gravity center -font "$SERIF" -pointsize "${4:-150}" -fill "$FG" \
        -annotate +0-70 "$2" \
        -fill "$ACC" -draw "rectangle 900,$((H / 2 + 40)) 1020,$((H / 2 + 43))" \
        -font "$SERIF" -pointsize 60 -fill "$FG" \
        -annotate +0+135 "$3" \
        "$f"
    finish "$f" "$1"
}

# ---------------------------------------------------------------- title cards
# Dates and numbers only: they read the same in every language.
card memorial-1992.png "1992" ""
card night-1992-02-25-26.png "25–26.02.1992" ""
card aghdaban-1992-04-08.png "08.04.1992" ""
card balligaya-1992-08-28.png "28.08.1992" ""
card convention-1948-12-09.png "09.12.1948" "A/RES/260 (III)"
card milli-majlis-1994-02-24.png "24.02.1994" ""
card remembrance-26-02.png "26.02" ""
card in-memory-1992.png "25–26.02.1992 · 08.04.1992 · 28.08.1992" "" 84

# ------------------------------------------- 613 marks, one for each person
# 41 marks a row; the last row is centred. Every mark is the same.
f="$tmp/victims.png"
awk -v n=613 -v cols=41 -v W="$W" -v fg="$FG" 'BEGIN {
    dx = 36; dy = 40; rr = 6
    rows = int((n + cols - 1) / cols)
    top = 180
    printf "fill \"%s\"\nstroke none\n", fg
    for (i = 0; i < n; i++) {
        r = int(i / cols); c = i % cols
        inrow = (r == rows - 1) ? n - r * cols : cols
        left = (W - (inrow - 1) * dx) / 2
        x = left + c * dx; y = top + r * dy
        printf "circle %d,%d %d,%d\n", x, y, x, y - rr
    }
}' > "$tmp/victims.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/victims.mvg")" \
    -gravity south -font "$SERIF" -pointsize 56 -fill "$ACC" -annotate +0+170 "613" \
    "$f"
finish "$f" victims-613-marks.png

# ----------------------------------------- a road into a winter forest, at night
# A road bends away to the horizon between bare trees. Deterministic: awk's
# random numbers are seeded, so the picture is the same on every run.
f="$tmp/fled.png"
awk -v W="$W" -v H="$H" -v fg="$FG" -v dim="$DIM" -v grid="$GRID" 'BEGIN {
    srand(1992)
    pi = 3.14159265358979
    hz = 560                                   # horizon
    printf "fill none\nstroke \"%s\"\nstroke-width 2\n", grid
    printf "line 0,%d %d,%d\n", hz, W, hz
    # the road: centre line and half width as functions of t (0 near, 1 far)
    printf "stroke \"%s\"\nstroke-width 3\n", dim
    # (drawn as short segments: IM6 closes a stroked polyline)
    for (e = -1; e <= 1; e += 2) {
        for (k = 0; k <= 60; k++) {
            t = k / 60
            y = hz + (H - hz) * (1 - t) * (1 - t)
            cx = 960 + 160 * sin(pi * t) * (1 - t)
            hw = 230 * (1 - t) * (1 - t) + 2
            if (k > 0) printf "line %.1f,%.1f %.1f,%.1f\n", px, py, cx + e * hw, y
            px = cx + e * hw; py = y
        }
    }
    # bare trees on both sides of the road, smaller towards the horizon
    for (side = -1; side <= 1; side += 2) {
        for (k = 0; k < 34; k++) {
            t = 0.15 + 0.83 * rand()
            base = hz + (H - hz) * (1 - t) * (1 - t) * 0.8
            cx = 960 + 160 * sin(pi * t) * (1 - t)
            hw = 230 * (1 - t) * (1 - t) + 2
            x = cx + side * (hw + 60 + rand() * 900 * (1 - t) + 20)
            if (x < 20 || x > W - 20) continue
            d = (base - hz) / (H - hz)          # 0 far .. 1 near
            h = (base - hz) * 2.4 + 30
            col = (d > 0.45 ? fg : (d > 0.15 ? dim : grid))
            printf "stroke \"%s\"\nstroke-width %.1f\n", col, 1 + 2 * d
            printf "line %.1f,%.1f %.1f,%.1f\n", x, base, x, base - h
            printf "stroke-width %.1f\n", 1 + 1 * d
            for (br = 0; br < 2; br++) {
                by = base - h * (0.6 + 0.2 * br)
                bl = h * (0.14 - 0.04 * br)
                dir = (rand() < 0.5) ? 1 : -1
                printf "line %.1f,%.1f %.1f,%.1f\n", x, by, x + dir * bl, by - bl
            }
        }
    }
}' > "$tmp/fled.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/fled.mvg")" "$f"
finish "$f" fled-roads-forests.png

# ----------------------------------- resolutions: a few pages, sealed, stacked
f="$tmp/docs.png"
awk -v fg="$FG" -v dim="$DIM" -v acc="$ACC" -v bg="$BG" 'BEGIN {
    # three pages, each offset; only the front one shows lines
    for (p = 0; p < 3; p++) {
        x = 700 + p * 70; y = 190 + p * 50
        printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\n", (p == 2 ? fg : dim), bg
        printf "rectangle %d,%d %d,%d\n", x, y, x + 420, y + 560
    }
    x = 840; y = 290
    printf "stroke \"%s\"\nstroke-width 4\n", fg
    printf "line %d,%d %d,%d\n", x + 60, y + 70, x + 360, y + 70
    printf "stroke \"%s\"\nstroke-width 3\n", dim
    for (l = 0; l < 9; l++) {
        len = (l == 8) ? 170 : 300 - (l % 3) * 24
        printf "line %d,%d %d,%d\n", x + 60, y + 140 + l * 34, x + 60 + len, y + 140 + l * 34
    }
    printf "stroke \"%s\"\nstroke-width 4\nfill none\n", acc
    printf "circle %d,%d %d,%d\n", x + 320, y + 470, x + 320, y + 470 - 44
    printf "circle %d,%d %d,%d\n", x + 320, y + 470, x + 320, y + 470 - 30
}' > "$tmp/docs.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/docs.mvg")" "$f"
finish "$f" recognition-documents.png


# ------------------------------------------------------------------ the maps
# Coastline (GSHHG shoreline levels 1-3: the Caspian is a level-2 "lake" of
# Eurasia) and national borders (WDBII level 1) as polylines, from GMT.
command -v gmt >/dev/null || {
    echo "make-illustrations: 'gmt' is missing; run deploy/install-deps.sh --content" >&2
    exit 1
}
# -A2000: shorelines of water bodies of at least 2000 km² only, i.e. the
# Caspian; lakes and reservoirs would read as coast at this scale.
gshhg() { # REGION OPTION FILE: multisegment lon/lat text, segments start with '>'
    # In the scratch folder: GMT leaves gmt.history in its working directory.
    (cd "$tmp" && gmt coast -R"$1" -Di -A2000 "$2" -M) > "$3"
}

# project.awk: equirectangular projection with a standard parallel (x = lon ·
# cos φ0, y = lat), then every polyline of a GMT file as an MVG path.
# Variables: lon0 lat1 (top-left corner), kx (px per degree of longitude),
# phi (standard parallel, degrees), X0 Y0 (pixel of the corner).
cat > "$tmp/project.awk" <<'AWK'
function px(lon) { return X0 + (lon - lon0) * kx }
function py(lat) { return Y0 + (lat1 - lat) * kx / cos(phi * 3.14159265358979 / 180) }
/^>/ { if (path != "") print "path '" path "'"; path = ""; next }
{ path = path (path == "" ? "M " : " L ") sprintf("%.1f,%.1f", px($1), py($2)) }
END { if (path != "") print "path '" path "'" }
AWK

# proj AWK-ARGS: awk with the places map's projection (lon 45.2-50.7,
# lat 38.85-41.13: the whole frame, 334 px per degree of longitude)
proj() { awk -v lon0=45.2 -v lat1=41.13 -v kx=334 -v phi=40.25 -v X0=40 -v Y0=40 "$@"; }
# lproj AWK-ARGS: the locator's (lon 44.0-51.2 in 1380 px, centred)
lproj() { awk -v lon0=44.0 -v lat1=42.2 -v kx=191 -v phi=40.2 -v X0=275 -v Y0=40 "$@"; }

# places_map LANG: the map of the places named in the exhibit, labelled in LANG.
# Positions (WGS84) are those of FACTS.md. Balligaya has none: the account
# names only the Goranboy district, so the district is marked by a dashed ring
# around its approximate area (centre 40.55 N 46.70 E, radius 35 km: the
# district's extent, not a measured boundary; no district boundaries are drawn).
places_map() {
    lang=$1
    case $lang in
    en) n_khojaly=Khojaly n_khankendi=Khankendi n_aghdam=Aghdam n_aghdaban=Aghdaban
        n_kalbajar="Kalbajar district" n_goranboy="Goranboy district" n_balligaya="Balligaya: exact position not given"
        n_baku=Baku n_az=AZERBAIJAN n_am=ARMENIA n_ir=IRAN n_sea="Caspian Sea"
        l_place="a place named in the exhibit" l_orient="for orientation" l_district="district, approximate area"
        l_border="national border" l_km=km l_data="Coastline and borders: GSHHG" ;;
    az) n_khojaly=Xocalı n_khankendi=Xankəndi n_aghdam=Ağdam n_aghdaban=Ağdaban
        n_kalbajar="Kəlbəcər rayonu" n_goranboy="Goranboy rayonu" n_balligaya="Ballıqaya: dəqiq yeri göstərilmir"
        n_baku=Bakı n_az=AZƏRBAYCAN n_am=ERMƏNİSTAN n_ir=İRAN n_sea="Xəzər dənizi"
        l_place="sərgidə adı çəkilən yer" l_orient="oriyentir" l_district="rayon, təxmini ərazi"
        l_border="dövlət sərhədi" l_km=km l_data="Sahil xətti və sərhədlər: GSHHG" ;;
    ru) n_khojaly=Ходжалы n_khankendi=Ханкенди n_aghdam=Агдам n_aghdaban=Агдабан
        n_kalbajar="Кельбаджарский район" n_goranboy="Геранбойский район" n_balligaya="Баллыгая: точное положение не указано"
        n_baku=Баку n_az=АЗЕРБАЙДЖАН n_am=АРМЕНИЯ n_ir=ИРАН n_sea="Каспийское море"
        l_place="место, упомянутое на выставке" l_orient="для ориентира" l_district="район, приблизительно"
        l_border="государственная граница" l_km=км l_data="Береговая линия и границы: GSHHG" ;;
    esac
    f="$tmp/map-$lang.png"
    {
        printf 'stroke-linecap round\nstroke-linejoin round\nfill none\n'
        printf 'stroke "%s"\nstroke-width 1.5\n' "$GRID"
        # graticule every degree
        proj -f "$tmp/project.awk" "$tmp/graticule.txt"
        printf 'stroke "%s"\nstroke-width 2.5\n' "$DIM"
        proj -f "$tmp/project.awk" "$tmp/border.txt"
        printf 'stroke "%s"\nstroke-width 3\n' "$FG"
        proj -f "$tmp/project.awk" "$tmp/coast.txt"
        proj -v fg="$FG" -v dim="$DIM" -v acc="$ACC" -v bg="$BG" -v sans="$SANS" -v serif="$SERIF" \
            -v khojaly="$n_khojaly" -v khankendi="$n_khankendi" -v aghdam="$n_aghdam" \
            -v aghdaban="$n_aghdaban" -v kalbajar="$n_kalbajar" -v goranboy="$n_goranboy" \
            -v balligaya="$n_balligaya" -v baku="$n_baku" -v c_az="$n_az" -v c_am="$n_am" \
            -v c_ir="$n_ir" -v sea="$n_sea" -v l_place="$l_place" \
            -v l_orient="$l_orient" -v l_district="$l_district" -v l_border="$l_border" \
            -v l_km="$l_km" -v l_data="$l_data" 'function px(lon) { return X0 + (lon - lon0) * kx }
function py(lat) { return Y0 + (lat1 - lat) * ky }
function text(x, y, anchor, font, size, col, s) {
    printf "stroke none\nfill \"%s\"\nfont \"%s\"\nfont-size %d\ntext-anchor %s\ntext %.1f,%.1f \"%s\"\n", col, font, size, anchor, x, y, s
}
# a label on a dark halo, so that lines under it do not cut the letters
function label(x, y, anchor, font, size, col, s) {
    printf "stroke \"%s\"\nstroke-width 8\nfill \"%s\"\nfont \"%s\"\nfont-size %d\ntext-anchor %s\ntext %.1f,%.1f \"%s\"\n", bg, bg, font, size, anchor, x, y, s
    text(x, y, anchor, font, size, col, s)
}
function place(lat, lon, r) {
    printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\ncircle %.1f,%.1f %.1f,%.1f\n", fg, acc, px(lon), py(lat), px(lon), py(lat) - r
}
function orient(lat, lon) {
    printf "stroke none\nfill \"%s\"\ncircle %.1f,%.1f %.1f,%.1f\n", dim, px(lon), py(lat), px(lon), py(lat) - 6
}
BEGIN {
    pi = 3.14159265358979
    ky = kx / cos(phi * pi / 180)
    kmpx = ky / 111.2                          # pixels per km (north-south)
    # countries and the sea, in capitals, dim: where the borders run
    text(px(48.1), py(40.05), "middle", sans, 30, dim, c_az)
    # (Georgia lies just beyond the top edge, so it gets no name here)
    text(px(45.25), py(40.55), "start", sans, 26, dim, c_am)
    text(px(47.6), py(39.0), "middle", sans, 26, dim, c_ir)
    text(px(50.2), py(40.0), "middle", serif, 30, dim, sea)
    # Goranboy district: a dashed ring as large as the uncertainty
    cx = px(46.70); cy = py(40.55); r = 35 * kmpx
    printf "stroke \"%s\"\nstroke-width 3\nfill none\nstroke-dasharray 12 9\ncircle %.1f,%.1f %.1f,%.1f\nstroke-dasharray none\n", fg, cx, cy, cx, cy - r
    label(cx, cy - 8, "middle", serif, 32, fg, goranboy)
    label(cx, cy + 30, "middle", sans, 22, dim, balligaya)
    # for orientation
    orient(39.82, 46.75); label(px(46.75) - 16, py(39.82) + 10, "end", sans, 24, dim, khankendi)
    orient(39.99, 46.93); label(px(46.93) + 14, py(39.99) - 4, "start", sans, 24, dim, aghdam)
    # the places
    place(39.91, 46.79, 10); label(px(46.79) + 18, py(39.91) + 22, "start", serif, 36, fg, khojaly)
    place(40.19, 46.35, 10); label(px(46.35) - 18, py(40.19) - 8, "end", serif, 36, fg, aghdaban)
    label(px(46.35) - 18, py(40.19) + 22, "end", sans, 22, dim, kalbajar)
    place(40.41, 49.87, 10); label(px(49.87) - 18, py(40.41) + 12, "end", serif, 36, fg, baku)
    # graticule numbers, degrees only (they read the same in every language)
    for (lo = 46; lo <= 50; lo++) text(px(lo), py(38.85) - 10, "middle", sans, 20, dim, lo "°")
    for (la = 39; la <= 41; la++) text(px(45.2) + 8, py(la) - 8, "start", sans, 20, dim, la "°")
    # legend, bottom right, over the sea
    lx = 1490; ly = 770
    printf "stroke \"%s\"\nstroke-width 2\nfill \"%s\"\nfill-opacity 0.88\nrectangle %d,%d %d,%d\nfill-opacity 1\n", dim, bg, lx - 24, ly - 34, 1900, ly + 246
    place_y = ly
    printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\ncircle %d,%d %d,%d\n", fg, acc, lx, place_y - 8, lx, place_y - 18
    text(lx + 24, place_y, "start", sans, 22, fg, l_place)
    printf "stroke none\nfill \"%s\"\ncircle %d,%d %d,%d\n", dim, lx, ly + 32, lx, ly + 26
    text(lx + 24, ly + 40, "start", sans, 22, fg, l_orient)
    printf "stroke \"%s\"\nstroke-width 3\nfill none\nstroke-dasharray 8 6\ncircle %d,%d %d,%d\nstroke-dasharray none\n", fg, lx, ly + 72, lx, ly + 58
    text(lx + 24, ly + 80, "start", sans, 22, fg, l_district)
    printf "stroke \"%s\"\nstroke-width 2.5\nline %d,%d %d,%d\n", dim, lx - 12, ly + 112, lx + 12, ly + 112
    text(lx + 24, ly + 120, "start", sans, 22, fg, l_border)
    # scale bar: 50 km (north-south scale; east-west differs by under 1 % here)
    sx = lx - 12; sy = ly + 166
    printf "stroke \"%s\"\nstroke-width 3\nline %.1f,%.1f %.1f,%.1f\n", fg, sx, sy, sx + 50 * kmpx, sy
    for (k = 0; k <= 50; k += 25) printf "line %.1f,%.1f %.1f,%.1f\n", sx + k * kmpx, sy - 8, sx + k * kmpx, sy + 8
    text(sx, sy + 32, "middle", sans, 20, fg, "0")
    text(sx + 25 * kmpx, sy + 32, "middle", sans, 20, fg, "25")
    text(sx + 50 * kmpx + 8, sy + 32, "start", sans, 20, fg, "50 " l_km)
    # north arrow
    nx = 1860; ny = sy
    printf "stroke none\nfill \"%s\"\npolygon %.1f,%.1f %.1f,%.1f %.1f,%.1f\n", fg, nx, ny - 30, nx - 11, ny + 12, nx + 11, ny + 12
    text(lx - 12, ly + 234, "start", sans, 18, dim, l_data)
}' /dev/null
    } > "$tmp/map-$lang.mvg"
    convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/map-$lang.mvg")" "$f"
    finish "$f" "places-map-$lang.png"
}

# the data, once: coastline, borders and a graticule (1°) as polylines
gshhg 45.2/50.7/38.85/41.13 -W "$tmp/coast.txt"
gshhg 45.2/50.7/38.85/41.13 -N1 "$tmp/border.txt"
awk 'BEGIN { for (lo = 46; lo <= 50; lo++) printf ">\n%d 38.85\n%d 41.13\n", lo, lo
             for (la = 39; la <= 41; la++) printf ">\n45.2 %d\n50.7 %d\n", la, la }' > "$tmp/graticule.txt"
for lang in en az ru; do places_map "$lang"; done

# --------------------------------------- Khojaly within Azerbaijan's borders
# A word-free locator: the national borders and coastline of the whole
# country and its neighbours, and one mark at Khojaly (39.91 N 46.79 E).
f="$tmp/locator.png"
gshhg 44.0/51.2/38.2/42.2 -W "$tmp/lcoast.txt"
gshhg 44.0/51.2/38.2/42.2 -N1 "$tmp/lborder.txt"
{
    printf 'stroke-linecap round\nstroke-linejoin round\nfill none\n'
    printf 'stroke "%s"\nstroke-width 3\n' "$DIM"
    lproj -f "$tmp/project.awk" "$tmp/lborder.txt"
    printf 'stroke "%s"\nstroke-width 3\n' "$FG"
    lproj -f "$tmp/project.awk" "$tmp/lcoast.txt"
    lproj -v fg="$FG" -v acc="$ACC" 'BEGIN {
        ky = kx / cos(phi * 3.14159265358979 / 180)
        x = X0 + (46.79 - lon0) * kx; y = Y0 + (lat1 - 39.91) * ky
        printf "stroke \"%s\"\nstroke-width 4\nfill \"%s\"\ncircle %.1f,%.1f %.1f,%.1f\n", fg, acc, x, y, x, y - 14
        printf "stroke \"%s\"\nstroke-width 2\nfill none\ncircle %.1f,%.1f %.1f,%.1f\n", acc, x, y, x, y - 34
    }'
} > "$tmp/locator.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/locator.mvg")" "$f"
finish "$f" khojaly-locator.png
