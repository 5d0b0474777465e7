// Layout math: type sizes, touch-target sizes and screen areas, derived from
// the window size and DPI (720p to 4K, landscape and portrait). Pure numbers,
// so they are unit-tested without a window.
#pragma once

#include "core/state.h"

#include <cstddef>

namespace kiosk {

constexpr float kMinTargetMm = 12.0f; // smallest touch target, any screen
// Body text for standing visitors: letters at least this tall (x-height)...
constexpr float kMinBodyXHeightMm = 3.5f;
// ...in Noto Sans, whose x-height is 0.536 of its size (em).
constexpr float kXHeightPerEm = 0.536f;

struct Metrics {
    int width = 1920, height = 1080;
    bool portrait = false;
    float scale = 1;      // 1 at 1080 px on the short side
    float huge_px = 76;   // attract-mode title
    float title_px = 56;  // panel titles
    float body_px = 30;   // panel text
    float small_px = 24;  // captions, labels, buttons
    float target_px = 96; // touch targets: at least kMinTargetMm at the screen's DPI
    float margin = 48;    // screen edge
    float gap = 24;       // between elements
    float bar_h = 128;    // bottom control bar (controls within reach)
    float top_h = 112;    // top bar: where the visitor is
    float measure_px = 0; // widest text column (under ~70 characters a line)
    float dpi = 96;       // the screen's pixels per inch these sizes were made for
};

// `dpi` is the screen's pixels per inch (96 when unknown); large_text adds
// about half again to every text size and button.
Metrics ComputeMetrics(int width, int height, float dpi, bool large_text);

// The screen's pixels per inch from its pixel and physical size, or 0 when
// the physical size is missing or implausible (projectors and some HDMI
// screens report 0 or a size in centimetres). Uses the diagonal, so a screen
// whose width and height disagree slightly gets their mean.
float DpiFromPhysicalSize(int px_w, int px_h, int mm_w, int mm_h);

// The physical image size in millimetres from a display's EDID (the first
// detailed timing descriptor, else the basic block's centimetres); {0, 0}
// when the EDID is missing or damaged.
struct SizeMm {
    int w = 0, h = 0;
};
SizeMm PhysicalSizeFromEdid(const unsigned char* edid, size_t size);

// Pixels of `mm` millimetres at `dpi`.
float MmToPx(float mm, float dpi);

struct PanelAreas {
    Rect top;    // title, position in the exhibit
    Rect image;  // the current image (empty when the panel has none)
    Rect text;   // the scrolling text column
    Rect bottom; // Back, Home, language, text size, contrast
};
PanelAreas LayoutPanel(const Metrics& m, bool has_image);

struct TileGrid {
    Rect area; // scrolling area of the tiles
    int columns = 1;
    float tile_w = 0, tile_h = 0; // tile including its caption
    float image_h = 0;
    float content_h = 0; // all rows, for the scroll limit
};
// `header_h`: a row under the tiles/timeline switch (the content note, on a
// screen too narrow to hold it beside the switch). `switch_row`: false where
// the switch sits in the top bar instead (a short screen), the tiles then
// start right under the top bar and that row.
TileGrid LayoutTiles(const Metrics& m, int tiles, float header_h = 0, bool switch_row = true);

// Attract mode: its pictures above, and at the foot of the screen a band of
// words, one above the other: the panel's date, its title and the
// invitation to touch, in a pill at the very bottom. The band takes a fixed
// share of the screen (27 %, 34 % in portrait) or, where its words need
// more (a small screen's type floors, larger text), what they need. Past
// half the screen the words shrink together, never below the normal text
// size, before the picture gives up more room.
struct AttractAreas {
    Rect image;           // the pictures (or a panel's text card) fit in it
    float words_y = 0;    // the date line's top (the drawing pulls it up under a short picture)
    float date_px = 0;    // the date's size
    float date_h = 0;     // from the date's line to the title's
    float title_px = 0;   // the title's size
    float title_h = 0;    // the title's line
    float invite_px = 0;  // the invitation's size
    float invite_y = 0;   // its text line's top
    float invite_pad = 0; // room around it in the pill: half above and below, 1.5 either side
    float invite_top = 0, invite_bottom = 0; // the pill's top and bottom
};
AttractAreas LayoutAttract(const Metrics& m);

// `r` grown about its centre to at least `min` on each side, kept inside
// `bounds` where it can be: a tap target for a picture of any shape (a
// panorama drawn as a thin strip is still as tall as a finger).
Rect GrowToMinimum(const Rect& r, float min, const Rect& bounds);

// The area between the top bar and the bottom bar.
Rect ContentArea(const Metrics& m);

} // namespace kiosk
