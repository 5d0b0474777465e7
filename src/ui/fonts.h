// The kiosk's fonts: FreeType-rasterised faces at the sizes the layout asks
// for, with exactly the glyphs the exhibit and the kiosk's own words use (so
// the atlas stays small however many languages a package carries).
#pragma once

#include "core/layout.h"

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

struct FontFaces {
    std::vector<uint8_t> body; // TrueType/OpenType bytes
    std::vector<uint8_t> title;
    std::string description; // for the log: where they came from
};

struct FontSet {
    ImFont* huge = nullptr;
    ImFont* title = nullptr;
    ImFont* body = nullptr;
    ImFont* small = nullptr;
};

struct Fonts {
    FontSet normal;
    FontSet large;
    // "" or why the atlas was made smaller than the layout asked (for the
    // log): too many letters for the screen size, see BuildFonts.
    std::string reduced;
    const FontSet& For(bool large_text) const { return large_text ? large : normal; }
};

// Finds the system's Noto faces in `dirs` (first hit wins). Throws ConfigError
// naming the folders searched when none is found.
FontFaces FindSystemFonts(const std::vector<std::string>& dirs);

// The most pixels the font atlas may take by the estimate in BuildFonts,
// which runs about twice the real packing (the default exhibit at 1920x1080
// with larger text: 2048x1024 real). ImGui's FreeType builder aborts past
// 32768 rows, and a 512 MB board runs out of memory long before: the real
// atlas stays near 2048x8192 (16 MB alpha, 64 MB RGBA) at most.
constexpr int64_t kMaxAtlasPixels = 2048LL * 16384;

// Rebuilds `atlas` for the two metric sets with the glyphs of `text` plus the
// kiosk's own words. The faces must outlive the atlas. Throws ConfigError when
// FreeType cannot build the atlas.
// `with_large`: also the larger-text sizes; without them the atlas is half
// the size, and Fonts::large repeats the normal faces.
// Before building, the atlas's size is estimated from the number of letters
// and the sizes: past kMaxAtlasPixels the larger-text sizes are dropped, then
// every size is scaled down until it fits (Fonts::reduced says so), so a huge
// window or a package with thousands of letters draws smaller type instead of
// aborting.
Fonts BuildFonts(ImFontAtlas& atlas, const FontFaces& faces, const Metrics& normal,
                 const Metrics& large, const std::string& text, bool with_large = true);

} // namespace kiosk
