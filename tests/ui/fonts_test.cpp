// ui/fonts: the font atlas stays bounded whatever the window size and however
// many letters a package uses (issue 12.2). Built on the CPU with FreeType and
// the system's Noto faces, as the kiosk builds it; no window or GL needed.

#include "core/layout.h"
#include "ui/fonts.h"

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <string>

using Catch::Matchers::Contains;

namespace {

const kiosk::FontFaces& Faces() {
    static const kiosk::FontFaces faces =
        kiosk::FindSystemFonts({"/usr/share/fonts/truetype/noto"});
    return faces;
}

// Every letter of Latin, Greek and Cyrillic with their extensions: about
// 2,500 that Noto Sans draws, all of them rasterised into the atlas.
std::string ManyLetters() {
    std::string s;
    auto add = [&](char32_t a, char32_t b) {
        for (char32_t c = a; c <= b; ++c) {
            if (c < 0x800) {
                s += static_cast<char>(0xC0 | (c >> 6));
                s += static_cast<char>(0x80 | (c & 0x3F));
            } else {
                s += static_cast<char>(0xE0 | (c >> 12));
                s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                s += static_cast<char>(0x80 | (c & 0x3F));
            }
        }
    };
    add(0x100, 0x52F);
    add(0x1D00, 0x1FFF);
    add(0x2C60, 0x2C7F);
    add(0xA640, 0xA7FF);
    return s;
}

struct Built {
    ImFontAtlas atlas;
    kiosk::Fonts fonts;
};

void Build(Built& b, int w, int h, const std::string& text, bool large) {
    b.fonts = kiosk::BuildFonts(b.atlas, Faces(), kiosk::ComputeMetrics(w, h, 96, false),
                                kiosk::ComputeMetrics(w, h, 96, true), text, large);
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    b.atlas.GetTexDataAsAlpha8(&pixels, &tw, &th);
    REQUIRE(pixels != nullptr);
}

} // namespace

TEST_CASE("the default sizes at 1920x1080 with larger text are built as asked") {
    Built b;
    Build(b, 1920, 1080, "Remembrance Xatirə Память", true);
    CHECK(b.fonts.reduced.empty());
    CHECK(b.fonts.large.body != b.fonts.normal.body);
    CHECK(b.fonts.normal.body->FontSize == kiosk::ComputeMetrics(1920, 1080, 96, false).body_px);
}

TEST_CASE("a 6000x6000 window gets a bounded atlas with smaller type instead of aborting") {
    Built b;
    Build(b, 6000, 6000, ManyLetters(), true);
    CHECK_THAT(b.fonts.reduced, Contains("type drawn at"));
    CHECK(static_cast<int64_t>(b.atlas.TexWidth) * b.atlas.TexHeight <= kiosk::kMaxAtlasPixels);
    CHECK(b.fonts.normal.huge->FontSize < kiosk::ComputeMetrics(6000, 6000, 96, false).huge_px);
}

TEST_CASE("thousands of letters at 3840x2160 with larger text fit the atlas's bound") {
    Built b;
    Build(b, 3840, 2160, ManyLetters(), true);
    CHECK_FALSE(b.fonts.reduced.empty());
    CHECK(static_cast<int64_t>(b.atlas.TexWidth) * b.atlas.TexHeight <= kiosk::kMaxAtlasPixels);
}
