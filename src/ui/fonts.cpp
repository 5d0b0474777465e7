#include "ui/fonts.h"

#include "core/error.h"
#include "core/i18n.h"

#include <imgui_freetype.h>

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
    ranges_builder.AddText("0123456789 .,:;!?()[]/-–—‘’“”«»…·•≈°");
    for (const auto& lang : KnownLanguages()) {
        ranges_builder.AddText(NativeLanguageName(lang).c_str());
        if (!HasUiTranslation(lang)) continue;
        for (int i = 0; i < static_cast<int>(UiText::Count_); ++i)
            ranges_builder.AddText(Tr(static_cast<UiText>(i), lang).c_str());
        for (int m = 1; m <= 12; ++m) {
            char iso[16];
            std::snprintf(iso, sizeof iso, "2000-%02d-01", m);
            ranges_builder.AddText(FormatDate(iso, lang).c_str());
            ranges_builder.AddText(FormatDate(std::string(iso).substr(0, 7), lang).c_str());
        }
    }
    static ImVector<ImWchar> ranges; // read by atlas.Build(); one atlas per process
    ranges.clear();
    ranges_builder.BuildRanges(&ranges);

    auto add = [&](const std::vector<uint8_t>& face, float px) {
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
    Fonts fonts;
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
