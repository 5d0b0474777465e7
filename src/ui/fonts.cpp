#include "ui/fonts.h"

#include "core/error.h"
#include "core/glyphs.h"

#include <imgui_freetype.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace kiosk {

namespace {

std::vector<uint8_t> ReadAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

FontFaces FindSystemFonts(const std::vector<std::string>& dirs) {
    FontFaces faces;
    for (const auto& dir : dirs) {
        const std::filesystem::path body = std::filesystem::path(dir) / "NotoSans-Regular.ttf";
        const std::filesystem::path title = std::filesystem::path(dir) / "NotoSerif-Regular.ttf";
        if (!std::filesystem::exists(body)) continue;
        faces.body = ReadAll(body);
        faces.title = std::filesystem::exists(title) ? ReadAll(title) : faces.body;
        faces.description = "system fonts from " + dir;
        if (!faces.body.empty()) return faces;
    }
    std::string searched;
    for (const auto& d : dirs)
        searched += (searched.empty() ? "" : ", ") + d;
    throw ConfigError("no Noto Sans font found (searched " + searched +
                      "); install fonts-noto-core or set font_dir in kiosk.toml");
}

Fonts BuildFonts(ImFontAtlas& atlas, const FontFaces& faces, const Metrics& normal,
                 const Metrics& large, const std::string& text, bool with_large) {
    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    atlas.TexDesiredWidth = 2048;

    // The atlas only needs the glyphs that can appear on screen.
    ImFontGlyphRangesBuilder ranges_builder;
    ranges_builder.AddRanges(atlas.GetGlyphRangesDefault());
    ranges_builder.AddText(text.c_str());
    ranges_builder.AddText(KioskOwnWords().c_str());
    static ImVector<ImWchar> ranges; // read by atlas.Build(); one atlas per process
    ranges.clear();
    ranges_builder.BuildRanges(&ranges);

    // Estimate the atlas before building it (see kMaxAtlasPixels): a
    // letter's box averages about 0.7 of the size in height and 0.45 in
    // width, plus the builder's padding.
    int64_t letters = 0;
    for (int i = 0; i + 1 < ranges.Size && ranges[i] != 0; i += 2)
        letters += ranges[i + 1] - ranges[i] + 1;
    auto estimate = [&](const Metrics& m, float scale) {
        double area = 0;
        for (float px : {m.huge_px, m.title_px, m.body_px, m.small_px})
            area += (px * scale * 0.7 + 2) * (px * scale * 0.45 + 2);
        return area * static_cast<double>(letters);
    };
    const double budget = static_cast<double>(kMaxAtlasPixels);
    Fonts fonts;
    float scale = 1;
    if (with_large && estimate(normal, 1) + estimate(large, 1) > budget) {
        with_large = false;
        fonts.reduced = "larger text uses the normal sizes: " + std::to_string(letters) +
                        " letters at these sizes would not fit the font atlas";
    }
    if (estimate(normal, 1) > budget) {
        scale = static_cast<float>(std::sqrt(budget / estimate(normal, 1))) * 0.95f;
        while (scale > 0.05f && estimate(normal, scale) > budget)
            scale *= 0.9f;
        fonts.reduced = "type drawn at " + std::to_string(static_cast<int>(scale * 100)) +
                        "% of its size: " + std::to_string(letters) +
                        " letters at this screen size would not fit the font atlas";
    }

    auto add = [&](const std::vector<uint8_t>& face, float px) {
        px = std::max(6.0f, px * scale);
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        cfg.OversampleH = cfg.OversampleV = 1; // FreeType hints; no oversampling needed
        cfg.PixelSnapH = true;
        ImFont* f =
            atlas.AddFontFromMemoryTTF(const_cast<uint8_t*>(face.data()),
                                       static_cast<int>(face.size()), px, &cfg, ranges.Data);
        if (!f) throw ConfigError("the font could not be loaded");
        return f;
    };
    auto add_set = [&](FontSet& set, const Metrics& m) {
        set.body = add(faces.body, m.body_px);
        set.small = add(faces.body, m.small_px);
        set.title = add(faces.title, m.title_px);
        set.huge = add(faces.title, m.huge_px);
    };
    add_set(fonts.normal, normal);
    if (with_large)
        add_set(fonts.large, large);
    else
        fonts.large = fonts.normal;
    if (!atlas.Build()) throw ConfigError("the font atlas could not be built");
    return fonts;
}

} // namespace kiosk
