// platform/texture_cache and window. The cache: in attract mode the cache holds the pictures on
// screen and the next one, not a budget's worth of panels the slideshow has
// passed (issue 16.1: the first attract cycle used to leave the kiosk tens
// of MiB larger for good). The window: the font atlas reaches the screen
// once. The picture path: a photograph decoded B, G, R, A reaches the screen in
// its own colours, at full strength or mixed by its alpha, inside its clip
// rectangle, and ImGui draws correctly after it. The font atlas: one byte
// a pixel in GL, white text. Real GL: run under Xvfb
// (Mesa llvmpipe).

#include "core/gesture.h"
#include "media/decode_queue.h"
#include "media/image.h"
#include "platform/texture_cache.h"
#include "platform/window.h"
#include "ui/fonts.h"
#include "ui/screens.h"

#include <GL/gl.h>

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using kiosk::ImageKey;
using kiosk::ImageStatus;
using kiosk::TextureCache;

namespace {

constexpr int kW = 320, kH = 200;
constexpr size_t kBytes = static_cast<size_t>(kW) * kH * 4;

// A window of w x h for a test: windowed, no vsync.
kiosk::WindowOptions TestWindow(int w, int h) {
    kiosk::WindowOptions wo;
    wo.fullscreen = false;
    wo.width = w;
    wo.height = h;
    wo.vsync = false;
    return wo;
}

// A GL context, a decode worker serving kW x kH PNGs, and the cache.
struct Rig {
    std::unique_ptr<kiosk::Window> window;
    std::unique_ptr<kiosk::DecodeQueue> queue;
    std::unique_ptr<TextureCache> cache;

    Rig() {
        window = std::make_unique<kiosk::Window>(TestWindow(64, 64));
        queue = std::make_unique<kiosk::DecodeQueue>([](const ImageKey& key) {
            kiosk::RgbaImage im;
            im.width = kW;
            im.height = kH;
            im.pixels.assign(kBytes, static_cast<uint8_t>(key.id * 40));
            return kiosk::EncodePng(im);
        });
        // A budget far above what the test loads: only the attract rule drops.
        cache = std::make_unique<TextureCache>(*queue, 64u << 20, nullptr);
    }
    ~Rig() {
        cache.reset(); // textures go before the GL context
        queue.reset();
    }
    // Draws a frame at `now_ms` using `keys`, waiting until each is resident.
    void Frame(int64_t now_ms, const std::vector<int64_t>& keys) {
        cache->NextFrame(now_ms);
        for (int attempt = 0; attempt < 100; ++attempt) {
            bool ready = true;
            for (int64_t id : keys) {
                kiosk::TextureRef ref;
                if (cache->Get(ImageKey{id}, ref) != ImageStatus::Ready) ready = false;
            }
            if (ready) return;
            queue->WaitIdle();
            cache->Pump(SIZE_MAX);
        }
        FAIL("the pictures never became textures");
    }
};

} // namespace

TEST_CASE("attract mode drops pictures not drawn for 2 s and keeps those drawn since") {
    Rig rig;
    rig.Frame(0, {1, 2});             // panel 1 crossfades into panel 2
    rig.Frame(1000, {2, 3});          // 2 into 3: picture 1 is hidden now
    rig.Frame(3500, {3});             // 2 s after picture 2 was last drawn
    rig.cache->Prefetch(ImageKey{4}); // the next panel, decoding during this one
    rig.queue->WaitIdle();
    rig.cache->Pump(SIZE_MAX);
    REQUIRE(rig.cache->count() == 4); // the budget alone would keep all four
    CHECK(rig.cache->DropUnusedFor(2000) == 2 * kBytes);
    CHECK(rig.cache->count() == 2); // 3 on screen, 4 next
    CHECK(rig.cache->bytes() == 2 * kBytes);
    // A dropped picture comes back when it is drawn again (the next cycle).
    rig.Frame(4000, {1});
    CHECK(rig.cache->count() == 3);
}

TEST_CASE("a picture drawn in the last frame stays however long the screen was still") {
    Rig rig;
    rig.Frame(0, {1});
    rig.Frame(600'000, {1}); // ten minutes on one still frame, then a new one
    CHECK(rig.cache->DropUnusedFor(2000) == 0);
    CHECK(rig.cache->count() == 1);
}

TEST_CASE("the first frame draws with the uploaded font atlas and never builds it again") {
    // Issue 16.4: ImGui's GL3 backend used to build the whole atlas a second
    // time in the first frame (and keep its CPU copies and a lost texture).
    kiosk::Window window(TestWindow(320, 240));
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const kiosk::FontFaces faces = kiosk::FindSystemFonts({"/usr/share/fonts/truetype/noto"});
    kiosk::BuildFonts(atlas, faces, kiosk::ComputeMetrics(320, 240, 96, false),
                      kiosk::ComputeMetrics(320, 240, 96, true), "Panel", false);
    window.RebuildFontTexture();
    REQUIRE(atlas.TexPixelsAlpha8 == nullptr); // the texture holds it now
    for (int frame = 0; frame < 2; ++frame) {
        window.BeginFrame(0.016);
        window.EndFrame(0, 0, 0);
        window.Present();
        CHECK(atlas.TexPixelsAlpha8 == nullptr);
        CHECK(atlas.TexPixelsRGBA32 == nullptr);
    }
}

namespace {

// The pixel at (x, y) from the top of the back buffer, R, G, B.
std::vector<int> PixelAt(int x, int y, int height) {
    uint8_t px[4] = {};
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(x, height - 1 - y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
    return {px[0], px[1], px[2]};
}

bool Near(const std::vector<int>& got, const std::vector<int>& want) {
    for (size_t i = 0; i < 3; ++i)
        if (std::abs(got[i] - want[i]) > 2) return false;
    return true;
}

} // namespace

TEST_CASE("the font atlas is held as one byte a pixel and draws white text and solid colours") {
    // Issue 16.4 and 16.1: ImGui's backends expand the atlas to R, G, B, A
    // (4 MB for 2048x512) before the first frame. Both renderers here.
    const std::string renderer = GENERATE(std::string("gl3"), std::string("gl2"));
    INFO("renderer " << renderer);
    kiosk::WindowOptions wo = TestWindow(96, 64);
    wo.renderer = renderer;
    kiosk::Window window(wo);
    REQUIRE(window.alpha_fonts()); // llvmpipe: OpenGL 4.5, texture swizzles
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const kiosk::FontFaces faces = kiosk::FindSystemFonts({"/usr/share/fonts/truetype/noto"});
    kiosk::BuildFonts(atlas, faces, kiosk::ComputeMetrics(320, 240, 96, false),
                      kiosk::ComputeMetrics(320, 240, 96, true), "HIH", false);
    window.RebuildFontTexture();
    CHECK(atlas.TexPixelsAlpha8 == nullptr);
    CHECK(atlas.TexPixelsRGBA32 == nullptr);
    GLint format = 0;
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas.TexID)));
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_INTERNAL_FORMAT, &format);
    glBindTexture(GL_TEXTURE_2D, 0);
    if (renderer == "gl3")
        CHECK(format == GL_R8);
    else
        CHECK((format == GL_ALPHA || format == GL_ALPHA8));
    for (int frame = 0; frame < 2; ++frame) { // the second: nothing built again
        window.BeginFrame(0.016);
        ImDrawList* list = ImGui::GetBackgroundDrawList();
        // A filled rectangle samples the atlas's white pixel: its own colour.
        list->AddRectFilled(ImVec2(0, 0), ImVec2(16, 16), IM_COL32(255, 128, 0, 255));
        list->AddText(atlas.Fonts[0], 40.0f, ImVec2(24, 8), IM_COL32(255, 255, 255, 255), "HIH");
        window.EndFrame(0, 0, 0);
        CHECK(Near(PixelAt(8, 8, 64), {255, 128, 0}));
        // White letters on black: some pixels fully covered, some edges
        // part covered, black between and around the strokes (a wrong
        // alpha would draw boxes), and every one grey.
        int covered = 0, edges = 0, black = 0;
        bool grey = true;
        for (int y = 8; y < 56; ++y)
            for (int x = 24; x < 96; ++x) {
                const std::vector<int> px = PixelAt(x, y, 64);
                covered += px[0] >= 250;
                edges += px[0] >= 48 && px[0] <= 208;
                black += px[0] <= 8;
                grey = grey && std::abs(px[0] - px[1]) <= 1 && std::abs(px[1] - px[2]) <= 1;
            }
        INFO("covered " << covered << ", edges " << edges << ", black " << black);
        CHECK(covered >= 1);
        CHECK(edges >= 4);
        CHECK(black >= 48 * 72 / 2);
        CHECK(grey);
        window.Present();
        CHECK(atlas.TexPixelsAlpha8 == nullptr);
        CHECK(atlas.TexPixelsRGBA32 == nullptr);
    }
}

TEST_CASE("a photograph decoded for the picture path reaches the screen in its own colours") {
    kiosk::WindowOptions wo = TestWindow(64, 64);
    wo.renderer = "gl3";
    kiosk::Window window(wo);
    CHECK(window.pictures() == nullptr); // built after the first frame
    std::string why;
    REQUIRE(window.EnablePictures(why)); // OpenGL 3: the path exists
    REQUIRE(window.pictures() != nullptr);
    // A photograph of two colours, its top half R 200, G 40, B 10, its bottom
    // half R 10, G 60, B 220 (so a picture upside down fails too), decoded for
    // the picture path.
    kiosk::DecodeQueue queue(
        [](const ImageKey&) {
            kiosk::RgbaImage im;
            im.width = 16;
            im.height = 16;
            for (int i = 0; i < 16 * 16; ++i)
                if (i < 16 * 8)
                    im.pixels.insert(im.pixels.end(), {200, 40, 10, 255});
                else
                    im.pixels.insert(im.pixels.end(), {10, 60, 220, 255});
            return kiosk::EncodePng(im);
        },
        {}, {}, true);
    auto cache = std::make_unique<TextureCache>(queue, 1u << 20, nullptr);
    kiosk::TextureRef tex;
    cache->NextFrame(0);
    for (int i = 0; i < 100 && cache->Get(ImageKey{1}, tex) != ImageStatus::Ready; ++i) {
        queue.WaitIdle();
        cache->Pump(SIZE_MAX);
    }
    REQUIRE(tex.id != nullptr);
    CHECK(tex.picture); // stored B, G, R, A: only the picture path may draw it

    // Frame 1: the whole window at full strength.
    window.BeginFrame(0.016);
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    window.pictures()->Add(
        list, {tex.id, ImVec2(0, 0), ImVec2(64, 64), ImVec2(0, 0), ImVec2(1, 1), 1.0f});
    window.EndFrame(0, 0, 1);
    CHECK(Near(PixelAt(32, 8, 64), {200, 40, 10}));
    CHECK(Near(PixelAt(32, 56, 64), {10, 60, 220}));

    // Frame 2: at half strength over blue, clipped to the top-left quarter,
    // then an ImGui rectangle: ImGui's own drawing must come back after it.
    window.Present();
    window.BeginFrame(0.016);
    list = ImGui::GetBackgroundDrawList();
    list->PushClipRect(ImVec2(0, 0), ImVec2(32, 32));
    window.pictures()->Add(
        list, {tex.id, ImVec2(0, 0), ImVec2(64, 64), ImVec2(0, 0), ImVec2(1, 1), 128.0f / 255.0f});
    list->PopClipRect();
    list->AddRectFilled(ImVec2(40, 0), ImVec2(64, 16), IM_COL32(0, 255, 0, 255));
    window.EndFrame(0, 0, 1);
    // 200 * 128/255 + 0, 40 * 128/255, 10 * 128/255 + 255 * 127/255
    CHECK(Near(PixelAt(16, 8, 64), {100, 20, 132}));
    CHECK(Near(PixelAt(48, 24, 64), {0, 0, 255})); // right of the clip rectangle: the background
    CHECK(Near(PixelAt(16, 48, 64), {0, 0, 255})); // below it: the background
    CHECK(Near(PixelAt(52, 8, 64), {0, 255, 0}));  // ImGui's rectangle, drawn after it
    window.Present();
    cache.reset(); // textures go before the GL context
}

// A real X press and release (xdotool, as the e2e tests tap), with a frame of
// 1.6 s on the window's clock between the read of the press and the read of
// the release: the kiosk judges the tap from when the release can have come.
TEST_CASE("a tap whose release is read after a slow frame is a tap") {
    int64_t now = 1000;
    kiosk::WindowOptions wo = TestWindow(200, 160);
    wo.clock = [&now] { return now; };
    kiosk::Window window(wo);
    // Reads events until `type` arrives (each read bounded; the window has
    // nothing else to do).
    std::vector<kiosk::PointerEvent> events;
    auto read_until = [&](kiosk::PointerEvent::Type type) {
        for (int i = 0; i < 50; ++i) {
            window.Wait(0.1);
            for (const auto& e : window.TakePointerEvents())
                events.push_back(e);
            if (!events.empty() && events.back().type == type) return true;
        }
        return false;
    };
    window.Wait(0);
    REQUIRE(std::system("xdotool mousemove --sync 100 80 mousedown 1") == 0);
    REQUIRE(read_until(kiosk::PointerEvent::Type::Down));
    now = 2600; // the frame after the press took 1.6 s
    REQUIRE(std::system("xdotool mouseup 1") == 0);
    REQUIRE(read_until(kiosk::PointerEvent::Type::Up));
    const kiosk::PointerEvent& up = events.back();
    CHECK(up.t_ms == 2600);
    CHECK(up.earliest_ms == 1000);
    kiosk::GestureRecognizer gestures;
    bool tapped = false;
    for (const auto& e : events)
        for (const auto& g : gestures.Feed(e))
            tapped = tapped || g.type == kiosk::Gesture::Type::Tap;
    CHECK(tapped);
}
