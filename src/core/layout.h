// Layout math: type sizes, touch-target sizes and screen areas, derived from
// the window size and DPI (720p to 4K, landscape and portrait). Pure numbers,
// so they are unit-tested without a window.
#pragma once

#include "core/state.h"

namespace kiosk {

constexpr float kMinTargetMm = 12.0f; // smallest touch target, any screen

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
};

// `dpi` is the screen's pixels per inch (96 when unknown); large_text adds
// about half again to every text size and button.
Metrics ComputeMetrics(int width, int height, float dpi, bool large_text);

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
TileGrid LayoutTiles(const Metrics& m, int tiles);

// The area between the top bar and the bottom bar.
Rect ContentArea(const Metrics& m);

} // namespace kiosk
