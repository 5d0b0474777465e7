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
    const FontSet& For(bool large_text) const { return large_text ? large : normal; }
};

// Finds the system's Noto faces in `dirs` (first hit wins). Throws ConfigError
// naming the folders searched when none is found.
FontFaces FindSystemFonts(const std::vector<std::string>& dirs);

// Rebuilds `atlas` for the two metric sets with the glyphs of `text` plus the
// kiosk's own words. The faces must outlive the atlas. Throws ConfigError when
// FreeType cannot build the atlas.
// `with_large`: also the larger-text sizes; without them the atlas is half
// the size, and Fonts::large repeats the normal faces.
Fonts BuildFonts(ImFontAtlas& atlas, const FontFaces& faces, const Metrics& normal,
                 const Metrics& large, const std::string& text, bool with_large = true);

} // namespace kiosk
