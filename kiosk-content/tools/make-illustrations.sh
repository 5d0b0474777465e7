#!/bin/sh
# Draws the illustrations and the schematic map of the default exhibit
# (kiosk-content/images/*.png) with ImageMagick's `convert`.
#
# Usage:  sh kiosk-content/tools/make-illustrations.sh
#
# None of these images is a photograph. Every one carries a small on-image
# label ("Illustration" or "Schematic map ..."), and exhibit.toml gives each
# the kind "illustration" or "map" so that the kiosk labels it as well.
# Text on the images is kept language-neutral (numerals, place names in Latin
# script) because one image serves every language; the captions in
# text/LANG/*.md say in each language what the image shows.
#
# Palette: dark neutral ground, off-white lines and text, one muted accent.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../images"
mkdir -p "$out"

fonts=/usr/share/fonts/truetype/noto
SERIF="$fonts/NotoSerif-Regular.ttf"
SANS="$fonts/NotoSans-Regular.ttf"
MATH="$fonts/NotoSansMath-Regular.ttf"   # only for the sign U+2248 (approximately)

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

# label FILE TEXT: the small "Illustration" (or other) label, bottom right.
label() {
    convert "$1" -gravity southeast -font "$SANS" -pointsize 26 -fill "$DIM" \
        -annotate +56+44 "$2" "$1"
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
    label "$f" "Illustration"
    finish "$f" "$1"
}

# ---------------------------------------------------------------- title cards
card memorial-khojaly-1992.png "Khojaly" "1992"
card khojaly-coordinates.png "Khojaly" "39.91° N · 46.79° E"
card night-1992-02-25-26.png "25–26.02.1992" "Khojaly"
card aghdaban-1992-04-08.png "08.04.1992" "Aghdaban"
card balligaya-1992-08-28.png "28.08.1992" "Balligaya"
card convention-1948-12-09.png "09.12.1948" "A/RES/260 (III)"
card milli-majlis-1994-02-24.png "24.02.1994" "Milli Məclis"
card remembrance-26-02.png "26.02" ""
card in-memory-1992.png "Khojaly · Aghdaban · Balligaya" "1992" 96

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
label "$f" "Illustration"
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
label "$f" "Illustration"
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
label "$f" "Illustration"
finish "$f" recognition-documents.png

# ------------------------------- a campaign widening year by year: rings
f="$tmp/rings.png"
awk -v fg="$FG" -v dim="$DIM" -v grid="$GRID" -v acc="$ACC" 'BEGIN {
    cx = 960; cy = 540
    printf "fill none\n"
    for (r = 1; r <= 9; r++) {
        col = (r <= 3) ? fg : (r <= 6 ? dim : grid)
        printf "stroke \"%s\"\nstroke-width %d\n", col, (r <= 3 ? 3 : 2)
        printf "circle %d,%d %d,%d\n", cx, cy, cx, cy - 40 * r - r * r * 4
    }
    printf "stroke none\nfill \"%s\"\n", acc
    printf "circle %d,%d %d,%d\n", cx, cy, cx, cy - 16
}' > "$tmp/rings.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/rings.mvg")" "$f"
label "$f" "Illustration"
finish "$f" campaign-rings.png

# ------------------------- the comparison: eight equal marks, one of them Khojaly
f="$tmp/eight.png"
awk -v fg="$FG" -v acc="$ACC" 'BEGIN {
    n = 8; dx = 170; cy = 540
    left = 960 - (n - 1) * dx / 2
    printf "fill none\nstroke-width 4\n"
    for (i = 0; i < n; i++) {
        x = left + i * dx
        printf "stroke \"%s\"\n", (i == n - 1 ? acc : fg)
        printf "circle %d,%d %d,%d\n", x, cy, x, cy - 34
    }
}' > "$tmp/eight.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/eight.mvg")" "$f"
label "$f" "Illustration"
finish "$f" comparison-eight-marks.png

# --------------------------------------------------------- the schematic map
# WGS84 coordinates, equirectangular projection with standard parallel
# 40.25° N (x = lon · cos 40.25°, y = lat), over 39.5–41.0 N, 45.5–50.5 E.
# No coastline or border is drawn: there is no map data here to derive one from.
f="$tmp/map.png"
awk -v fg="$FG" -v dim="$DIM" -v grid="$GRID" -v acc="$ACC" -v bg="$BG" -v H="$H" \
    -v sans="$SANS" -v serif="$SERIF" -v math="$MATH" 'BEGIN {
    lon0 = 45.5; lon1 = 50.5; lat0 = 39.5; lat1 = 41.0
    phi = 40.25 * 3.14159265358979 / 180
    kx = 340                       # pixels per degree of longitude
    ky = kx / cos(phi)             # pixels per degree of latitude
    X0 = 110; Y0 = 120
    X1 = X0 + (lon1 - lon0) * kx; Y1 = Y0 + (lat1 - lat0) * ky

    # graticule every 0.5 degrees, labelled
    printf "stroke \"%s\"\nstroke-width 2\nfill none\n", grid
    for (lo = lon0; lo <= lon1 + 1e-9; lo += 0.5) {
        x = X0 + (lo - lon0) * kx
        printf "line %.1f,%.1f %.1f,%.1f\n", x, Y0, x, Y1
    }
    for (la = lat0; la <= lat1 + 1e-9; la += 0.5) {
        y = Y0 + (lat1 - la) * ky
        printf "line %.1f,%.1f %.1f,%.1f\n", X0, y, X1, y
    }
    printf "stroke none\nfill \"%s\"\nfont \"%s\"\nfont-size 22\n", dim, sans
    printf "text-anchor middle\n"
    for (lo = lon0; lo <= lon1 + 1e-9; lo += 0.5) {
        x = X0 + (lo - lon0) * kx
        printf "text %.1f,%.1f \"%.1f° E\"\n", x, Y1 + 32, lo
    }
    printf "text-anchor end\n"
    for (la = lat0; la <= lat1 + 1e-9; la += 0.5) {
        y = Y0 + (lat1 - la) * ky
        printf "text %.1f,%.1f \"%.1f° N\"\n", X0 - 12, y + 8, la
    }

    # places: name|lat|lon|approximate?|label dx|label dy|district|district dx|district dy
    # (offsets in pixels from the point; labels and districts anchor at their start)
    n = 0
    P[++n] = "Khojaly|39.91|46.79|0|24|12||"
    P[++n] = "Aghdaban|40.0|46.1|1|-100|-48|Kalbajar|-46|74"
    P[++n] = "Balligaya|40.6|46.8|1|44|12|Goranboy|80|46"
    P[++n] = "Baku|40.41|49.87|0|24|12||"
    for (i = 1; i <= n; i++) {
        split(P[i], a, "|")
        x = X0 + (a[3] - lon0) * kx; y = Y0 + (lat1 - a[2]) * ky
        if (a[4] == 1) {
            printf "stroke \"%s\"\nstroke-width 2\nfill none\n", fg
            printf "stroke-dasharray 7 6\n"
            printf "circle %.1f,%.1f %.1f,%.1f\n", x, y, x, y - 30
            printf "stroke-dasharray none\n"
        }
        printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\n", fg, (a[4] == 1 ? bg : acc)
        printf "circle %.1f,%.1f %.1f,%.1f\n", x, y, x, y - 9
        tx = x + a[5]; ty = y + a[6]
        printf "stroke none\nfill \"%s\"\ntext-anchor start\nfont-size 36\n", fg
        if (a[4] == 1) {
            # Noto Sans/Serif have no U+2248; Noto Sans Math has
            printf "font \"%s\"\ntext %.1f,%.1f \"≈\"\n", math, tx, ty
            tx += 36
        }
        printf "font \"%s\"\ntext %.1f,%.1f \"%s\"\n", serif, tx, ty, a[1]
        if (a[7] != "") {
            printf "fill \"%s\"\nfont \"%s\"\nfont-size 24\n", dim, sans
            printf "text %.1f,%.1f \"%s\"\n", x + a[8], y + a[9], a[7]
        }
    }

    # scale bar: kilometres at the standard parallel (approximate elsewhere)
    kmpx = kx / (111.32 * cos(phi))
    sx = X0; sy = Y1 + 110
    printf "stroke \"%s\"\nstroke-width 3\nfill none\n", fg
    printf "line %.1f,%.1f %.1f,%.1f\n", sx, sy, sx + 100 * kmpx, sy
    for (k = 0; k <= 100; k += 50)
        printf "line %.1f,%.1f %.1f,%.1f\n", sx + k * kmpx, sy - 12, sx + k * kmpx, sy + 12
    printf "stroke none\nfill \"%s\"\nfont \"%s\"\nfont-size 22\ntext-anchor middle\n", fg, sans
    printf "text %.1f,%.1f \"0\"\n", sx, sy + 42
    printf "text %.1f,%.1f \"50\"\n", sx + 50 * kmpx, sy + 42
    printf "text %.1f,%.1f \"100 km\"\n", sx + 100 * kmpx + 18, sy + 42

    # north arrow
    nx = X1 - 30; ny = Y1 + 120
    printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\n", fg, fg
    printf "polygon %.1f,%.1f %.1f,%.1f %.1f,%.1f\n", nx, ny - 40, nx - 16, ny + 20, nx + 16, ny + 20
    printf "stroke none\nfill \"%s\"\nfont \"%s\"\nfont-size 28\ntext-anchor middle\n", fg, sans
    printf "text %.1f,%.1f \"N\"\n", nx, ny + 60

    # legend and note
    lx = 700; ly = Y1 + 100
    printf "stroke \"%s\"\nstroke-width 3\nfill \"%s\"\n", fg, acc
    printf "circle %.1f,%.1f %.1f,%.1f\n", lx, ly, lx, ly - 9
    printf "stroke \"%s\"\nstroke-width 2\nfill none\nstroke-dasharray 7 6\n", fg
    printf "circle %.1f,%.1f %.1f,%.1f\n", lx + 230, ly, lx + 230, ly - 22
    printf "stroke-dasharray none\nstroke-width 3\nfill \"%s\"\n", bg
    printf "circle %.1f,%.1f %.1f,%.1f\n", lx + 230, ly, lx + 230, ly - 9
    printf "stroke none\nfill \"%s\"\nfont \"%s\"\nfont-size 24\ntext-anchor start\n", dim, sans
    printf "text %.1f,%.1f \"position\"\n", lx + 24, ly + 8
    printf "text %.1f,%.1f \"approximate\"\n", lx + 292, ly + 8
    printf "font \"%s\"\ntext %.1f,%.1f \"≈\"\nfont \"%s\"\n", math, lx + 264, ly + 8, sans
    printf "fill \"%s\"\nfont-size 26\ntext-anchor middle\n", fg
    printf "text %.1f,%.1f \"Schematic map · positions approximate · no borders shown\"\n", 960, H - 38
}' > "$tmp/map.mvg"
convert -size "${W}x${H}" "xc:$BG" -draw "$(cat "$tmp/map.mvg")" "$f"
finish "$f" places-map.png
