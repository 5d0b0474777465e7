#include "core/layout.h"

#include <algorithm>
#include <cmath>

namespace kiosk {

float MmToPx(float mm, float dpi) {
    return mm * dpi / 25.4f;
}

Metrics ComputeMetrics(int width, int height, float dpi, bool large_text) {
    Metrics m;
    m.width = std::max(1, width);
    m.height = std::max(1, height);
    m.portrait = height > width;
    m.scale = static_cast<float>(std::min(m.width, m.height)) / 1080.0f;
    const float t = large_text ? 1.5f : 1.0f;
    m.huge_px = std::round(76 * m.scale * (large_text ? 1.25f : 1.0f));
    m.title_px = std::round(56 * m.scale * t);
    m.body_px = std::round(30 * m.scale * t);
    m.small_px = std::round(26 * m.scale * t);
    m.margin = std::round(48 * m.scale);
    m.gap = std::round(24 * m.scale);
    const float min_target = MmToPx(kMinTargetMm, dpi > 0 ? dpi : 96.0f);
    m.target_px = std::round(std::max(min_target, 88 * m.scale * (large_text ? 1.25f : 1.0f)));
    m.bar_h = m.target_px + 2 * m.gap;
    m.top_h = std::round(std::max(m.title_px * 1.25f, 84 * m.scale) + m.gap);
    // About 34 em of body text is under 70 characters of Latin or Cyrillic.
    m.measure_px = std::round(m.body_px * 34);
    return m;
}

Rect ContentArea(const Metrics& m) {
    const float y = m.top_h;
    const float h = static_cast<float>(m.height) - m.top_h - m.bar_h;
    return {0, y, static_cast<float>(m.width), std::max(0.0f, h)};
}

PanelAreas LayoutPanel(const Metrics& m, bool has_image) {
    PanelAreas a;
    const auto W = static_cast<float>(m.width);
    const auto H = static_cast<float>(m.height);
    a.top = {0, 0, W, m.top_h};
    a.bottom = {0, H - m.bar_h, W, m.bar_h};
    const Rect c = ContentArea(m);
    if (!has_image) {
        const float w = std::min(m.measure_px, W - 2 * m.margin);
        a.text = {(W - w) / 2, c.y + m.gap, w, c.h - 2 * m.gap};
        return a;
    }
    if (m.portrait) {
        const float ih = std::round(c.h * 0.42f);
        a.image = {m.margin, c.y + m.gap, W - 2 * m.margin, ih - m.gap};
        const float w = std::min(m.measure_px, W - 2 * m.margin);
        a.text = {(W - w) / 2, c.y + ih + m.gap, w, c.h - ih - 2 * m.gap};
    } else {
        const float iw = std::round((W - 2 * m.margin) * 0.56f);
        a.image = {m.margin, c.y + m.gap, iw, c.h - 2 * m.gap};
        const float tx = m.margin + iw + 2 * m.gap;
        const float w = std::min(m.measure_px, W - tx - m.margin);
        a.text = {tx, c.y + m.gap, w, c.h - 2 * m.gap};
    }
    return a;
}

TileGrid LayoutTiles(const Metrics& m, int tiles) {
    TileGrid g;
    const Rect c = ContentArea(m);
    // Below the tiles/timeline switch.
    const float switch_h = m.target_px + m.gap;
    g.area = {m.margin, c.y + switch_h, c.w - 2 * m.margin, c.h - switch_h};
    const float min_tile = 400 * m.scale;
    g.columns = std::max(1, static_cast<int>((g.area.w + m.gap) / (min_tile + m.gap)));
    g.tile_w =
        (g.area.w - (static_cast<float>(g.columns) - 1) * m.gap) / static_cast<float>(g.columns);
    g.image_h = std::round(g.tile_w * 9.0f / 16.0f);
    g.tile_h = g.image_h + m.small_px * 2.9f + m.gap;
    const int rows = (tiles + g.columns - 1) / g.columns;
    g.content_h = static_cast<float>(rows) * (g.tile_h + m.gap);
    return g;
}

} // namespace kiosk
