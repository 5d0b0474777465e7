#include "core/layout.h"

#include <algorithm>
#include <cmath>

namespace kiosk {

float MmToPx(float mm, float dpi) {
    return mm * dpi / 25.4f;
}

float DpiFromPhysicalSize(int px_w, int px_h, int mm_w, int mm_h) {
    if (px_w <= 0 || px_h <= 0 || mm_w < 40 || mm_h < 25 || mm_w > 3000 || mm_h > 3000) return 0;
    const double px = std::hypot(px_w, px_h), mm = std::hypot(mm_w, mm_h);
    const double dpi = px / (mm / 25.4);
    return dpi >= 50 && dpi <= 600 ? static_cast<float>(dpi) : 0.0f;
}

SizeMm PhysicalSizeFromEdid(const unsigned char* e, size_t size) {
    static constexpr unsigned char kHeader[8] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    if (!e || size < 128 || !std::equal(kHeader, kHeader + 8, e)) return {};
    unsigned sum = 0;
    for (size_t i = 0; i < 128; ++i)
        sum += e[i];
    if (sum % 256 != 0) return {};
    // The first detailed timing descriptor (bytes 54-71) gives millimetres.
    if (e[54] != 0 || e[55] != 0) {
        const int w = e[66] | ((e[68] & 0xF0) << 4);
        const int h = e[67] | ((e[68] & 0x0F) << 8);
        if (w > 0 && h > 0) return {w, h};
    }
    if (e[21] > 0 && e[22] > 0) return {e[21] * 10, e[22] * 10};
    return {};
}

Metrics ComputeMetrics(int width, int height, float dpi, bool large_text) {
    Metrics m;
    m.width = std::max(1, width);
    m.height = std::max(1, height);
    m.portrait = height > width;
    m.scale = static_cast<float>(std::min(m.width, m.height)) / 1080.0f;
    m.dpi = dpi > 0 ? dpi : 96.0f;
    const float t = large_text ? 1.5f : 1.0f;
    // Sizes follow the screen's pixels (the design is drawn at 1080p) but
    // never fall below what a standing visitor reads and hits on that
    // screen's physical size: a 7-inch 800x480 screen gets letters as tall
    // in millimetres as a 24-inch one, not a third of them.
    const float body_floor = MmToPx(kMinBodyXHeightMm / kXHeightPerEm, m.dpi);
    const float body = std::max(30 * m.scale, body_floor);
    const float small = std::max(26 * m.scale, body_floor * 0.9f);
    m.body_px = std::round(body * t);
    m.small_px = std::round(small * t);
    m.title_px = std::round(std::max(56 * m.scale, body * 1.6f) * t);
    m.huge_px = std::round(std::max(76 * m.scale, body * 2.2f) * (large_text ? 1.25f : 1.0f));
    m.margin = std::round(std::max(48 * m.scale, MmToPx(4.5f, m.dpi)));
    m.gap = std::round(std::max(24 * m.scale, MmToPx(2.5f, m.dpi)));
    const float min_target = MmToPx(kMinTargetMm, m.dpi);
    // A button holds its label with room around it, whatever the text size.
    m.target_px = std::round(std::max({min_target, 88 * m.scale * (large_text ? 1.25f : 1.0f),
                                       m.small_px * 1.5f + m.gap * 0.5f}));
    m.bar_h = m.target_px + 2 * m.gap;
    // The top bar holds its title line and full-size arrow buttons.
    m.top_h = std::round(std::max({m.title_px * 0.75f * 1.3f, 84 * m.scale, m.target_px}) + m.gap);
    // About 34 em of body text is under 70 characters of Latin or Cyrillic.
    m.measure_px = std::round(m.body_px * 34);
    return m;
}

Rect GrowToMinimum(const Rect& r, float min, const Rect& bounds) {
    auto grow = [](float pos, float len, float want, float lo, float hi, float& out_pos,
                   float& out_len) {
        out_len = std::max(len, want);
        out_pos = pos - (out_len - len) / 2;
        // Slide back inside the bounds, as long as they are large enough.
        if (out_pos + out_len > hi) out_pos = hi - out_len;
        if (out_pos < lo) out_pos = lo;
    };
    Rect g;
    grow(r.x, r.w, min, bounds.x, bounds.x + bounds.w, g.x, g.w);
    grow(r.y, r.h, min, bounds.y, bounds.y + bounds.h, g.y, g.h);
    return g;
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
        // The picture takes 42 % of the height, less on a short portrait
        // screen (a 7-inch one, larger text) where that would leave the text
        // under six lines, but never under a third.
        const float text_want = 6 * std::round(m.body_px * 1.45f) + 2 * m.gap;
        const float ih = std::round(std::clamp(c.h - text_want, c.h * 0.33f, c.h * 0.42f));
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

AttractAreas LayoutAttract(const Metrics& m) {
    const auto W = static_cast<float>(m.width);
    const auto H = static_cast<float>(m.height);
    AttractAreas a;
    a.invite_pad = m.gap;
    // A gap above the date, half a gap between the title and the pill, the
    // pill's room around its line (half a pad above and below) and a gap
    // and a half plus half a pad below it; then the three lines.
    const float gaps = m.gap + m.gap * 0.5f + a.invite_pad * 1.5f + m.gap * 1.5f;
    const float lines = m.small_px * 1.5f + m.title_px * 1.3f + m.small_px * 1.15f * 1.4f;
    const float share = m.portrait ? H * 0.34f : H * 0.27f;
    const float most = H * 0.5f;
    // Past half the screen the words shrink together (larger text on a small,
    // dense screen), never below the normal text size, before the picture
    // gives up more room.
    float f = 1;
    if (gaps + lines > most) {
        const float normal = ComputeMetrics(m.width, m.height, m.dpi, false).small_px;
        f = std::clamp((most - gaps) / lines, std::min(1.0f, normal / m.small_px), 1.0f);
    }
    a.date_px = m.small_px * f;
    a.title_px = m.title_px * f;
    a.invite_px = m.small_px * 1.15f * f;
    a.date_h = a.date_px * 1.5f;
    a.title_h = a.title_px * 1.3f;
    a.invite_y = H - m.gap * 1.5f - a.invite_px * 1.4f - a.invite_pad;
    a.invite_top = a.invite_y - a.invite_pad * 0.5f;
    a.invite_bottom = a.invite_y + a.invite_px * 1.4f + a.invite_pad * 0.5f;
    const float band = std::max(share, gaps + a.date_h + a.title_h + a.invite_px * 1.4f);
    a.words_y = H - band + m.gap;
    a.image = {m.margin, m.margin, W - 2 * m.margin, std::max(0.0f, H - band - m.margin)};
    return a;
}

TileGrid LayoutTiles(const Metrics& m, int tiles, float header_h, bool switch_row) {
    TileGrid g;
    const Rect c = ContentArea(m);
    // Below the tiles/timeline switch (and the row under it).
    const float switch_h =
        (switch_row ? m.target_px + m.gap : m.gap * 0.5f) + std::max(0.0f, header_h);
    g.area = {m.margin, c.y + switch_h, c.w - 2 * m.margin, c.h - switch_h};
    // A tile holds its title in small text: on a small screen with large
    // letters, fewer and wider tiles.
    const float min_tile = std::max(400 * m.scale, m.small_px * 8.5f);
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
