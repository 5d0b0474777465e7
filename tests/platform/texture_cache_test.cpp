// platform/texture_cache and window. The cache: in attract mode the cache holds the pictures on
// screen and the next one, not a budget's worth of panels the slideshow has
// passed (issue 16.1: the first attract cycle used to leave the kiosk tens
// of MiB larger for good). The window: the font atlas reaches the screen
// once. Real GL: run under Xvfb (Mesa llvmpipe).

#include "media/decode_queue.h"
#include "media/image.h"
#include "platform/texture_cache.h"
#include "platform/window.h"
#include "ui/fonts.h"

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <vector>

using kiosk::ImageKey;
using kiosk::ImageStatus;
using kiosk::TextureCache;

namespace {

constexpr int kW = 320, kH = 200;
constexpr size_t kBytes = static_cast<size_t>(kW) * kH * 4;

// A GL context, a decode worker serving kW x kH PNGs, and the cache.
struct Rig {
    std::unique_ptr<kiosk::Window> window;
    std::unique_ptr<kiosk::DecodeQueue> queue;
    std::unique_ptr<TextureCache> cache;

    Rig() {
        kiosk::WindowOptions wo;
        wo.fullscreen = false;
        wo.width = 64;
        wo.height = 64;
        wo.vsync = false;
        window = std::make_unique<kiosk::Window>(wo);
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
    kiosk::WindowOptions wo;
    wo.fullscreen = false;
    wo.width = 320;
    wo.height = 240;
    wo.vsync = false;
    kiosk::Window window(wo);
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
