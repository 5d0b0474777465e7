// core/layout: type sizes, touch targets and screen areas from 720p to 4K,
// landscape and portrait.

#include "core/layout.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

using kiosk::AttractAreas;
using kiosk::ComputeMetrics;
using kiosk::ContentArea;
using kiosk::DpiFromPhysicalSize;
using kiosk::GrowToMinimum;
using kiosk::kMinBodyXHeightMm;
using kiosk::kMinTargetMm;
using kiosk::kXHeightPerEm;
using kiosk::LayoutAttract;
using kiosk::LayoutPanel;
using kiosk::LayoutTiles;
using kiosk::Metrics;
using kiosk::MmToPx;
using kiosk::PanelAreas;
using kiosk::Rect;
using kiosk::TileGrid;

namespace {

struct ScreenSize {
    int w, h;
};

const std::vector<ScreenSize>& Screens() {
    static const std::vector<ScreenSize> screens{{1280, 720},  {1920, 1080}, {1080, 1920},
                                                 {3840, 2160}, {720, 1280},  {2160, 3840}};
    return screens;
}

std::string Describe(const Rect& r) {
    return "{" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " + std::to_string(r.w) +
           ", " + std::to_string(r.h) + "}";
}

bool Inside(const Rect& r, float W, float H) {
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H;
}

bool Overlap(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool NonEmpty(const Rect& r) {
    return r.w > 0 && r.h > 0;
}

} // namespace

TEST_CASE("at 1920x1080 titles are 56 px and body text 30 px", "[core][layout]") {
    const Metrics m = ComputeMetrics(1920, 1080, 96, false);
    CHECK(m.width == 1920);
    CHECK(m.height == 1080);
    CHECK_FALSE(m.portrait);
    CHECK(m.scale == Approx(1.0f));
    CHECK(m.title_px == Approx(56).margin(1));
    CHECK(m.body_px == Approx(30).margin(1));
    CHECK(m.huge_px > m.title_px);
    CHECK(m.title_px > m.body_px);
    CHECK(m.body_px > m.small_px);
}

TEST_CASE("a portrait 1080x1920 screen uses the same type sizes as landscape", "[core][layout]") {
    const Metrics landscape = ComputeMetrics(1920, 1080, 96, false);
    const Metrics portrait = ComputeMetrics(1080, 1920, 96, false);
    CHECK(portrait.portrait);
    CHECK(portrait.scale == Approx(landscape.scale));
    CHECK(portrait.title_px == landscape.title_px);
    CHECK(portrait.body_px == landscape.body_px);
    CHECK(portrait.small_px == landscape.small_px);
    CHECK(portrait.target_px == landscape.target_px);
}

TEST_CASE("a 4K screen doubles every size of a 1080p screen", "[core][layout]") {
    const Metrics hd = ComputeMetrics(1920, 1080, 96, false);
    const Metrics uhd = ComputeMetrics(3840, 2160, 96, false);
    CHECK(uhd.scale == Approx(2.0f));
    CHECK(uhd.title_px == Approx(2 * hd.title_px).margin(1));
    CHECK(uhd.body_px == Approx(2 * hd.body_px).margin(1));
    CHECK(uhd.small_px == Approx(2 * hd.small_px).margin(1));
    CHECK(uhd.margin == Approx(2 * hd.margin).margin(1));
    CHECK(uhd.gap == Approx(2 * hd.gap).margin(1));
    CHECK(uhd.title_px == Approx(112).margin(1));
    CHECK(uhd.body_px == Approx(60).margin(1));
}

TEST_CASE("a 720p screen scales the layout down by a third but not its text below 3.5 mm",
          "[core][layout]") {
    const Metrics m = ComputeMetrics(1280, 720, 96, false);
    CHECK(m.scale == Approx(2.0f / 3.0f));
    CHECK(m.margin == Approx(32).margin(1));
    // 20 px would be a 2.8 mm x-height at 96 dpi.
    CHECK(m.body_px == Approx(25).margin(1));
}

TEST_CASE("larger text makes body text about half again as large", "[core][layout]") {
    for (const auto& s : Screens()) {
        INFO(s.w << "x" << s.h);
        const Metrics normal = ComputeMetrics(s.w, s.h, 96, false);
        const Metrics large = ComputeMetrics(s.w, s.h, 96, true);
        CHECK(large.body_px == Approx(1.5 * normal.body_px).margin(1));
        CHECK(large.title_px == Approx(1.5 * normal.title_px).margin(1));
        CHECK(large.small_px > normal.small_px);
        CHECK(large.target_px >= normal.target_px);
    }
    CHECK(ComputeMetrics(1920, 1080, 96, true).body_px == Approx(45).margin(1));
}

TEST_CASE("millimetres become pixels at the screen's DPI", "[core][layout]") {
    CHECK(MmToPx(25.4f, 96) == Approx(96));
    CHECK(MmToPx(25.4f, 300) == Approx(300));
    CHECK(MmToPx(12, 96) == Approx(45.354).margin(0.01));
    CHECK(MmToPx(0, 300) == 0.0f);
}

TEST_CASE("touch targets are at least 12 mm on any screen at 96 and 300 DPI", "[core][layout]") {
    for (const float dpi : {96.0f, 160.0f, 300.0f}) {
        for (const auto& s : Screens()) {
            for (const bool large : {false, true}) {
                INFO(s.w << "x" << s.h << " at " << dpi << " dpi, large text " << large);
                const Metrics m = ComputeMetrics(s.w, s.h, dpi, large);
                CHECK(m.target_px >= MmToPx(kMinTargetMm, dpi) - 0.5f);
                CHECK(m.bar_h > m.target_px);
            }
        }
    }
    // A dense 300 DPI panel needs more pixels than the 1080p default.
    CHECK(ComputeMetrics(1920, 1080, 300, false).target_px == Approx(142).margin(1));
}

TEST_CASE("an unknown DPI is taken as 96", "[core][layout]") {
    const Metrics unknown = ComputeMetrics(1280, 720, 0, false);
    const Metrics at96 = ComputeMetrics(1280, 720, 96, false);
    CHECK(unknown.target_px == at96.target_px);
    CHECK(unknown.target_px >= MmToPx(kMinTargetMm, 96) - 0.5f);
}

TEST_CASE("a line of body text stays under about 70 characters", "[core][layout]") {
    for (const auto& s : Screens()) {
        for (const bool large : {false, true}) {
            INFO(s.w << "x" << s.h << ", large text " << large);
            const Metrics m = ComputeMetrics(s.w, s.h, 96, large);
            REQUIRE(m.measure_px > 0);
            CHECK(m.measure_px / (0.5f * m.body_px) <= 70.5f);
            CHECK(m.measure_px / (0.5f * m.body_px) >= 45.0f); // and not a narrow column
        }
    }
}

TEST_CASE("the content area lies between the top bar and the bottom bar", "[core][layout]") {
    for (const auto& s : Screens()) {
        INFO(s.w << "x" << s.h);
        const Metrics m = ComputeMetrics(s.w, s.h, 96, false);
        const Rect c = ContentArea(m);
        CHECK(c.x == 0);
        CHECK(c.y == Approx(m.top_h));
        CHECK(c.w == Approx(static_cast<float>(s.w)));
        CHECK(c.y + c.h == Approx(static_cast<float>(s.h) - m.bar_h));
    }
}

TEST_CASE("a panel's image sits left of its text in landscape and above it in portrait",
          "[core][layout]") {
    for (const auto& s : Screens()) {
        for (const bool large : {false, true}) {
            const Metrics m = ComputeMetrics(s.w, s.h, 96, large);
            const PanelAreas a = LayoutPanel(m, true);
            INFO(s.w << "x" << s.h << ", large text " << large << ": image " << Describe(a.image)
                     << ", text " << Describe(a.text));
            REQUIRE(NonEmpty(a.image));
            REQUIRE(NonEmpty(a.text));
            if (s.h > s.w) {
                CHECK(a.image.y + a.image.h <= a.text.y);
            } else {
                CHECK(a.image.x + a.image.w <= a.text.x);
            }
        }
    }
}

TEST_CASE("a panel's areas do not overlap and stay on the screen", "[core][layout]") {
    for (const auto& s : Screens()) {
        for (const bool large : {false, true}) {
            for (const bool has_image : {true, false}) {
                const Metrics m = ComputeMetrics(s.w, s.h, 96, large);
                const PanelAreas a = LayoutPanel(m, has_image);
                const auto W = static_cast<float>(s.w);
                const auto H = static_cast<float>(s.h);
                INFO(s.w << "x" << s.h << ", large text " << large << ", image " << has_image
                         << ": top " << Describe(a.top) << ", image " << Describe(a.image)
                         << ", text " << Describe(a.text) << ", bottom " << Describe(a.bottom));
                std::vector<Rect> areas{a.top, a.text, a.bottom};
                if (has_image) areas.push_back(a.image);
                for (size_t i = 0; i < areas.size(); ++i) {
                    CHECK(NonEmpty(areas[i]));
                    CHECK(Inside(areas[i], W, H));
                    for (size_t j = i + 1; j < areas.size(); ++j)
                        CHECK_FALSE(Overlap(areas[i], areas[j]));
                }
                if (!has_image) CHECK_FALSE(NonEmpty(a.image));
                CHECK(a.text.w <= m.measure_px);
            }
        }
    }
}

TEST_CASE("a panel without an image centres its text column", "[core][layout]") {
    const Metrics m = ComputeMetrics(1920, 1080, 96, false);
    const PanelAreas a = LayoutPanel(m, false);
    CHECK(a.text.x + a.text.w / 2 == Approx(960));
    CHECK(a.text.w == Approx(m.measure_px));
}

TEST_CASE("the top and bottom bars span the screen's width", "[core][layout]") {
    const Metrics m = ComputeMetrics(3840, 2160, 96, false);
    const PanelAreas a = LayoutPanel(m, true);
    CHECK(a.top.x == 0);
    CHECK(a.top.y == 0);
    CHECK(a.top.w == 3840);
    CHECK(a.bottom.w == 3840);
    CHECK(a.bottom.y + a.bottom.h == Approx(2160));
}

TEST_CASE("tiles fill whole columns within the tile area", "[core][layout]") {
    for (const auto& s : Screens()) {
        for (const int tiles : {1, 2, 5, 12}) {
            INFO(s.w << "x" << s.h << ", " << tiles << " tiles");
            const Metrics m = ComputeMetrics(s.w, s.h, 96, false);
            const TileGrid g = LayoutTiles(m, tiles);
            CHECK(g.columns >= 1);
            // A short exhibit keeps tiles at their normal size, never one huge tile.
            CHECK(g.columns == LayoutTiles(m, 100).columns);
            CHECK(g.tile_w > 0);
            CHECK(g.image_h > 0);
            CHECK(g.tile_h > g.image_h);
            const float row_w = static_cast<float>(g.columns) * g.tile_w +
                                static_cast<float>(g.columns - 1) * m.gap;
            CHECK(row_w <= g.area.w + 0.5f);
            CHECK(Inside(g.area, static_cast<float>(s.w), static_cast<float>(s.h)));
        }
    }
}

TEST_CASE("a 1080p screen shows four tile columns and a portrait screen two", "[core][layout]") {
    CHECK(LayoutTiles(ComputeMetrics(1920, 1080, 96, false), 5).columns == 4);
    CHECK(LayoutTiles(ComputeMetrics(1080, 1920, 96, false), 5).columns == 2);
    CHECK(LayoutTiles(ComputeMetrics(1920, 1080, 96, false), 1).columns == 4);
}

TEST_CASE("the tiles' content height grows with the number of tiles", "[core][layout]") {
    const Metrics m = ComputeMetrics(1920, 1080, 96, false);
    const TileGrid one = LayoutTiles(m, 4);
    const TileGrid two = LayoutTiles(m, 5);
    const TileGrid three = LayoutTiles(m, 9);
    CHECK(one.content_h > 0);
    CHECK(two.content_h > one.content_h);
    CHECK(three.content_h > two.content_h);
    CHECK(two.content_h == Approx(2 * (two.tile_h + m.gap)));
    CHECK(three.content_h == Approx(3 * (three.tile_h + m.gap)));
    CHECK(LayoutTiles(m, 0).content_h == 0.0f);
    // Once a row is full, every further tile keeps or adds height.
    for (const auto& s : Screens()) {
        const Metrics sm = ComputeMetrics(s.w, s.h, 96, false);
        const int full = LayoutTiles(sm, 100).columns;
        float last = 0;
        for (int tiles = full; tiles <= full * 6; ++tiles) {
            const float h = LayoutTiles(sm, tiles).content_h;
            INFO(s.w << "x" << s.h << ", " << tiles << " tiles");
            CHECK(h >= last);
            last = h;
        }
        CHECK(LayoutTiles(sm, full * 6).content_h > LayoutTiles(sm, full).content_h);
    }
}

// Known problem (see the report): with fewer panels than the columns that fit,
// LayoutTiles stretches the tiles to the full width; a single tile at 1920x1080
// is 1824 px wide and about 1125 px tall, taller than the 724 px tile area, so
// its title is off-screen until the visitor scrolls, and content_h shrinks
// from one tile to two.
TEST_CASE("a single tile fits within the tile area", "[core][layout]") {
    for (const auto& s : Screens()) {
        const Metrics m = ComputeMetrics(s.w, s.h, 96, false);
        const TileGrid one = LayoutTiles(m, 1);
        INFO(s.w << "x" << s.h << ": tile_h " << one.tile_h << ", area.h " << one.area.h);
        CHECK(one.tile_h <= one.area.h);
        CHECK(LayoutTiles(m, 2).content_h >= one.content_h);
    }
}

// [SECTION] Sizes from the physical screen -------------------------------------

namespace {

// The x-height in millimetres of text of `px` pixels at `dpi`.
float XHeightMm(float px, float dpi) {
    return px * kXHeightPerEm / dpi * 25.4f;
}

struct PhysicalScreen {
    int w, h;
    float dpi;
    const char* what;
};

const std::vector<PhysicalScreen>& PhysicalScreens() {
    static const std::vector<PhysicalScreen> screens{
        {800, 480, 132, "the official Raspberry Pi 7-inch screen"},
        {1280, 800, 149, "a 10.1-inch 1280x800 screen"},
        {1024, 600, 170, "a 7-inch 1024x600 screen"},
        {1920, 1080, 92, "a 24-inch monitor"},
        {1920, 1080, 157, "a 14-inch 1080p screen"},
        {1080, 1920, 102, "a 21.5-inch portrait monitor"},
        {3840, 2160, 163, "a 27-inch 4K monitor"},
    };
    return screens;
}

} // namespace

TEST_CASE("body text is at least 3.5 mm tall (x-height) on every screen, large text more",
          "[core][layout]") {
    for (const auto& s : PhysicalScreens()) {
        for (const bool large : {false, true}) {
            INFO(s.what << ", large text " << large);
            const Metrics m = ComputeMetrics(s.w, s.h, s.dpi, large);
            CHECK(XHeightMm(m.body_px, s.dpi) >= kMinBodyXHeightMm - 0.1f);
            CHECK(XHeightMm(m.small_px, s.dpi) >= 0.9f * kMinBodyXHeightMm - 0.1f);
            CHECK(m.title_px > m.body_px);
            if (large)
                CHECK(m.body_px ==
                      Approx(1.5 * ComputeMetrics(s.w, s.h, s.dpi, false).body_px).margin(1));
        }
    }
}

TEST_CASE("the 7-inch 800x480 screen at 132 dpi gets 34 px body text, not 13 px",
          "[core][layout]") {
    const Metrics m = ComputeMetrics(800, 480, 132, false);
    CHECK(m.body_px == Approx(34).margin(1));
    CHECK(m.target_px >= MmToPx(12, 132) - 0.5f);
}

TEST_CASE("every touch target, the panel arrows in the top bar too, is at least 9 mm",
          "[core][layout]") {
    for (const auto& s : PhysicalScreens()) {
        for (const bool large : {false, true}) {
            INFO(s.what << ", large text " << large);
            const Metrics m = ComputeMetrics(s.w, s.h, s.dpi, large);
            CHECK(m.target_px >= MmToPx(9, s.dpi));
            // The top bar's arrow buttons are min(target, top_h - gap) tall.
            CHECK(m.top_h - m.gap >= m.target_px);
        }
    }
}

TEST_CASE("a higher dpi grows the text as well as the buttons", "[core][layout]") {
    const Metrics at96 = ComputeMetrics(1920, 1080, 96, false);
    const Metrics at200 = ComputeMetrics(1920, 1080, 200, false);
    CHECK(at200.body_px > at96.body_px);
    CHECK(at200.small_px > at96.small_px);
    CHECK(at200.title_px > at96.title_px);
    CHECK(at200.target_px > at96.target_px);
}

TEST_CASE("the dpi comes from the screen's diagonal in pixels and millimetres", "[core][layout]") {
    // The official 7-inch screen: 155 x 86 mm of 800 x 480 pixels.
    CHECK(DpiFromPhysicalSize(800, 480, 155, 86) == Approx(133.6).margin(0.5));
    CHECK(DpiFromPhysicalSize(1920, 1080, 527, 296) == Approx(92.6).margin(0.5));
    // Missing or nonsense sizes (0, centimetres read as millimetres) are unknown.
    CHECK(DpiFromPhysicalSize(1920, 1080, 0, 0) == 0.0f);
    CHECK(DpiFromPhysicalSize(1920, 1080, 16, 9) == 0.0f);
    CHECK(DpiFromPhysicalSize(800, 480, 5000, 3000) == 0.0f);
}

TEST_CASE("an EDID's detailed timing gives the screen's size in millimetres", "[core][layout]") {
    std::vector<unsigned char> e(128, 0);
    const unsigned char header[8] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    std::copy(header, header + 8, e.begin());
    e[21] = 16; // basic block: 16 x 9 cm
    e[22] = 9;
    e[54] = 0x1A; // a pixel clock: the first descriptor is a timing
    e[55] = 0x1D;
    e[66] = 155 & 0xFF; // 155 x 86 mm
    e[67] = 86;
    e[68] = 0x00;
    auto fix_checksum = [&] {
        unsigned sum = 0;
        for (size_t i = 0; i < 127; ++i)
            sum += e[i];
        e[127] = static_cast<unsigned char>((256 - sum % 256) % 256);
    };
    fix_checksum();
    auto size = kiosk::PhysicalSizeFromEdid(e.data(), e.size());
    CHECK(size.w == 155);
    CHECK(size.h == 86);
    // Without a timing descriptor the basic block's centimetres are used.
    e[54] = e[55] = 0;
    fix_checksum();
    size = kiosk::PhysicalSizeFromEdid(e.data(), e.size());
    CHECK((size.w == 160 && size.h == 90));
    // A damaged EDID (bad checksum) or a short one says nothing.
    e[127] ^= 1;
    CHECK(kiosk::PhysicalSizeFromEdid(e.data(), e.size()).w == 0);
    CHECK(kiosk::PhysicalSizeFromEdid(e.data(), 64).w == 0);
}

// [SECTION] Tap targets of pictures of any shape ----------------------------------

TEST_CASE("a panorama's thin strip gets a tap target at least a finger tall", "[core][layout]") {
    const Rect area{100, 200, 800, 400};
    const Rect strip{100, 395, 800, 10}; // 8000x200 drawn 800 wide
    const Rect hit = GrowToMinimum(strip, 62, area);
    CHECK(hit.h == Approx(62));
    CHECK(hit.w == Approx(800));
    CHECK(hit.y == Approx(395 + 5 - 31)); // centred on the strip
    CHECK(hit.Contains(500, 400));
}

TEST_CASE("a grown tap target slides back inside its area and a large one is unchanged",
          "[core][layout]") {
    const Rect area{0, 0, 400, 300};
    const Rect at_top{0, 0, 400, 8};
    const Rect hit = GrowToMinimum(at_top, 60, area);
    CHECK(hit.y == Approx(0));
    CHECK(hit.h == Approx(60));
    const Rect tall_thin{395, 0, 5, 300}; // a very tall, narrow picture at the right edge
    const Rect hit2 = GrowToMinimum(tall_thin, 60, area);
    CHECK(hit2.w == Approx(60));
    CHECK(hit2.x + hit2.w == Approx(400));
    const Rect big{10, 10, 200, 100};
    const Rect same = GrowToMinimum(big, 60, area);
    CHECK((same.x == big.x && same.y == big.y && same.w == big.w && same.h == big.h));
}

// [SECTION] Attract mode ---------------------------------------------------------

TEST_CASE("attract mode's date and title and invitation never overlap and sit below the picture "
          "on every screen and with larger text",
          "[core][layout]") {
    std::vector<PhysicalScreen> screens = PhysicalScreens();
    screens.push_back({800, 480, 96, "a 7-inch HDMI screen that reports no size"});
    screens.push_back({480, 800, 132, "the 7-inch screen turned to portrait"});
    screens.push_back({1024, 600, 96, "a 1024x600 screen that reports no size"});
    for (const auto& s : Screens())
        screens.push_back({s.w, s.h, 96, "a screen that reports no size"});
    for (const auto& s : screens) {
        for (const bool large : {false, true}) {
            const Metrics m = ComputeMetrics(s.w, s.h, s.dpi, large);
            const AttractAreas a = LayoutAttract(m);
            const auto H = static_cast<float>(s.h);
            const float title_bottom = a.words_y + a.date_h + a.title_h;
            INFO(s.what << " (" << s.w << "x" << s.h << " at " << s.dpi << " dpi), large text "
                        << large << ": picture " << Describe(a.image) << ", words from "
                        << a.words_y << ", title to " << title_bottom << " at " << a.title_px
                        << " px, invitation " << a.invite_top << " to " << a.invite_bottom);
            CHECK(Inside(a.image, static_cast<float>(s.w), H));
            // The words start a gap below the picture's area.
            CHECK(a.image.y + a.image.h + m.gap <= a.words_y + 0.01f);
            // Half a gap at least between the title's line and the pill.
            CHECK(title_bottom + m.gap * 0.5f <= a.invite_top + 0.01f);
            CHECK(a.invite_top < a.invite_bottom);
            CHECK(a.invite_bottom <= H - m.gap);
            CHECK(a.invite_y >= a.invite_top);
            CHECK(a.invite_y + a.invite_px * 1.4f <= a.invite_bottom + 0.01f);
            // The words may shrink together, never below the normal text size.
            const Metrics normal = ComputeMetrics(s.w, s.h, s.dpi, false);
            CHECK(a.title_px <= m.title_px);
            CHECK(a.title_px >= normal.title_px - 0.5f);
            CHECK(a.date_px >= normal.small_px - 0.5f);
            CHECK(a.title_px / a.date_px == Approx(m.title_px / m.small_px));
            CHECK(a.invite_px / a.date_px == Approx(1.15));
            // The picture keeps more than a third of the screen's height.
            CHECK(a.image.h > H / 3);
        }
    }
}

TEST_CASE("attract mode's picture keeps its share of the screen where the words fit",
          "[core][layout]") {
    const Metrics land = ComputeMetrics(1920, 1080, 96, false);
    const AttractAreas a = LayoutAttract(land);
    CHECK(a.image.h == Approx(1080 - 1080 * 0.27 - land.margin));
    CHECK(a.title_px == land.title_px);
    const Metrics port = ComputeMetrics(1080, 1920, 96, false);
    const AttractAreas b = LayoutAttract(port);
    CHECK(b.image.h == Approx(1920 - 1920 * 0.34 - port.margin));
    CHECK(b.title_px == port.title_px);
}

TEST_CASE("on the 7-inch screen attract mode's band of words grows and its picture shrinks",
          "[core][layout]") {
    const Metrics m = ComputeMetrics(800, 480, 132, false);
    const AttractAreas a = LayoutAttract(m);
    CHECK(a.image.h < 480 - 480 * 0.27 - m.margin - 50);
    CHECK(a.title_px == m.title_px);
}

TEST_CASE("larger text on a small dense screen shrinks attract mode's words together before the "
          "picture gives up more than half the screen",
          "[core][layout]") {
    for (const auto& [w, h, dpi] : {std::tuple{800, 480, 132.0f}, std::tuple{1024, 600, 170.0f}}) {
        INFO(w << "x" << h << " at " << dpi << " dpi");
        const Metrics m = ComputeMetrics(w, h, dpi, true);
        const AttractAreas a = LayoutAttract(m);
        CHECK(a.title_px < m.title_px);
        CHECK(a.date_px < m.small_px);
        CHECK(a.invite_px < m.small_px * 1.15f);
        CHECK(a.image.h == Approx(h * 0.5f - m.margin));
    }
}

TEST_CASE("on a short portrait screen a panel's picture gives up room for six lines of text but "
          "keeps a third of the height",
          "[core][layout]") {
    struct Case {
        int w, h;
        float dpi;
        bool large;
    };
    for (const Case c :
         {Case{480, 800, 132, false}, Case{480, 800, 132, true}, Case{600, 1024, 170, true},
          Case{720, 1280, 96, true}, Case{1080, 1920, 96, false}, Case{1080, 1920, 96, true}}) {
        Metrics m = ComputeMetrics(c.w, c.h, c.dpi, c.large);
        // The bar of a narrow screen: two rows at the normal size.
        const Metrics normal = ComputeMetrics(c.w, c.h, c.dpi, false);
        m.bar_h = 2 * normal.target_px + 3 * normal.gap;
        const Rect content = ContentArea(m);
        const PanelAreas a = LayoutPanel(m, true);
        const float share = (a.image.h + m.gap) / content.h; // the picture's row, its gap included
        const float six_lines = 6 * std::round(m.body_px * 1.45f);
        INFO(c.w << "x" << c.h << " at " << c.dpi << " dpi, large text " << c.large << ": image "
                 << Describe(a.image) << ", text " << Describe(a.text) << ", share " << share);
        CHECK(share >= 0.33f - 0.005f);
        CHECK(share <= 0.42f + 0.005f);
        // Six lines of text, unless the picture is already down to its third.
        if (share > 0.335f) CHECK(a.text.h >= six_lines - 0.5f);
        // Where six lines fit beside the usual 42 %, the picture keeps it.
        if (content.h * 0.58f - 2 * m.gap >= six_lines) CHECK(share >= 0.415f);
    }
    // A 7-inch screen with larger text is one that needed it.
    Metrics m = ComputeMetrics(480, 800, 132, true);
    const Metrics normal = ComputeMetrics(480, 800, 132, false);
    m.bar_h = 2 * normal.target_px + 3 * normal.gap;
    CHECK((LayoutPanel(m, true).image.h + m.gap) / ContentArea(m).h < 0.41f);
}
