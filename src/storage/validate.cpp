// [SECTION] Words and ids
// [SECTION] Numbers
// [SECTION] Fonts
// [SECTION] The whole exhibit

#include "storage/validate.h"

#include "core/glyphs.h"
#include "core/text.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cstdio>
#include <memory>

namespace kiosk {

// [SECTION] Words and ids --------------------------------------------------

namespace {

bool IsBidiControl(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsControl(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

std::string CodePointName(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
}

} // namespace

std::string Printable(std::string_view text) {
    if (FindInvalidUtf8(text)) {
        std::string out;
        for (unsigned char c : text)
            out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
        return out;
    }
    std::string out;
    size_t i = 0;
    for (char32_t c : DecodeUtf8(text)) {
        const size_t len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (IsControl(c) || IsBidiControl(c))
            out += '?';
        else
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

bool IsValidId(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string DisplayTextProblem(std::string_view text, bool multiline) {
    if (auto bad = FindInvalidUtf8(text))
        return "is not valid UTF-8 text (byte " + std::to_string(*bad + 1) + ")";
    for (char32_t c : DecodeUtf8(text)) {
        if (multiline && (c == '\n' || c == '\t')) continue;
        if (IsControl(c))
            return "holds the control character " + CodePointName(c) +
                   (multiline ? "" : " (titles are one line)") +
                   ", which a screen cannot show; remove it";
        if (IsBidiControl(c))
            return "holds the writing-direction control " + CodePointName(c) +
                   ", which can turn text backwards or hide it; remove it (the kiosk sets "
                   "the direction of each language itself)";
    }
    return "";
}

// [SECTION] Numbers --------------------------------------------------------

std::string VersionProblem(int64_t version) {
    if (version < 1 || version > kMaxExhibitVersion)
        return "the version " + std::to_string(version) + " is not a whole number from 1 to " +
               std::to_string(kMaxExhibitVersion) +
               " (a version that large would block every later update)";
    return "";
}

std::string ScreenProblem(int64_t width, int64_t height) {
    if (width < kMinScreenSide || width > kMaxScreenSide || height < kMinScreenSide ||
        height > kMaxScreenSide)
        return "the screen size " + std::to_string(width) + "x" + std::to_string(height) +
               " is not between " + std::to_string(kMinScreenSide) + " and " +
               std::to_string(kMaxScreenSide) + " pixels on each side";
    if (width * height > kMaxScreenPixels)
        return "the screen size " + std::to_string(width) + "x" + std::to_string(height) +
               " has more pixels than a 3840x2160 screen, the most a kiosk board can show";
    return "";
}

int MaxImageSide(int screen_side) {
    return screen_side + screen_side / 10;
}

std::string GlyphCountProblem(size_t glyphs) {
    if (glyphs <= kMaxGlyphs) return "";
    return "the texts use " + std::to_string(glyphs) +
           " different letters and signs (with the "
           "kiosk's own words), more than the " +
           std::to_string(kMaxGlyphs) + " the kiosk can draw; use fewer scripts or symbols";
}

// [SECTION] Fonts ----------------------------------------------------------

namespace {

struct FtLibraryDeleter {
    void operator()(FT_Library lib) const { FT_Done_FreeType(lib); }
};
struct FtFaceDeleter {
    void operator()(FT_Face face) const { FT_Done_Face(face); }
};
using FtLibrary = std::unique_ptr<std::remove_pointer_t<FT_Library>, FtLibraryDeleter>;
using FtFace = std::unique_ptr<std::remove_pointer_t<FT_Face>, FtFaceDeleter>;

// The size the check renders at: large enough to exercise hinting and the
// rasteriser like the kiosk's titles do, small enough to stay quick.
constexpr int kCheckPx = 48;
constexpr long kMaxFaces = 16;

// Letters that are meant to draw nothing: spaces, joiners, marks of format.
bool IsBlank(char32_t c) {
    return c == 0x20 || c == 0xA0 || c == 0xAD || c == 0x034F || c == 0x115F || c == 0x1160 ||
           c == 0x1680 || (c >= 0x180B && c <= 0x180E) || (c >= 0x2000 && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 ||
           c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
           (c >= 0xFFF0 && c <= 0xFFF8);
}

std::string GlyphName(char32_t c) {
    std::string s = "'";
    AppendUtf8(s, c); // code points named here are printable
    return Printable(s) + "' (" + CodePointName(c) + ")";
}

} // namespace

std::vector<std::string> CheckFont(const std::string& name, std::span<const uint8_t> data,
                                   const std::set<char32_t>& glyphs) {
    const std::string font = "font '" + Printable(name) + "'";
    const std::string rebuild = "; copy the font file again from its source and build again";
    if (data.size() > kMaxFontBytes)
        return {font + " is " + std::to_string(data.size() >> 20) + " MB, more than the " +
                std::to_string(kMaxFontBytes >> 20) + " MB a font may be"};
    FT_Library raw_lib = nullptr;
    if (FT_Init_FreeType(&raw_lib) != 0) return {"the font library FreeType cannot start"};
    FtLibrary lib(raw_lib);
    FT_Face probe = nullptr;
    if (FT_New_Memory_Face(lib.get(), data.data(), static_cast<FT_Long>(data.size()), -1, &probe) !=
        0)
        return {font + " is damaged or not a TrueType/OpenType font (FreeType cannot open it)" +
                rebuild};
    const long faces = FtFace(probe)->num_faces;
    if (faces < 1 || faces > kMaxFaces)
        return {font + " holds " + std::to_string(faces) + " faces; a font file may hold 1 to " +
                std::to_string(kMaxFaces)};
    std::vector<std::string> problems;
    for (long i = 0; i < faces; ++i) {
        const std::string which = faces > 1 ? " (face " + std::to_string(i + 1) + ")" : "";
        FT_Face raw_face = nullptr;
        if (FT_New_Memory_Face(lib.get(), data.data(), static_cast<FT_Long>(data.size()), i,
                               &raw_face) != 0) {
            problems.push_back(font + which + " is damaged: FreeType cannot open it" + rebuild);
            continue;
        }
        FtFace face(raw_face);
        if (FT_Select_Charmap(face.get(), FT_ENCODING_UNICODE) != 0) {
            problems.push_back(font + which +
                               " has no Unicode character map, so the kiosk cannot "
                               "find its letters; use another font");
            continue;
        }
        if (FT_Set_Pixel_Sizes(face.get(), 0, kCheckPx) != 0) {
            problems.push_back(font + which + " is damaged: it cannot be scaled" + rebuild);
            continue;
        }
        for (char32_t c : glyphs) {
            const FT_UInt index = FT_Get_Char_Index(face.get(), c);
            if (index == 0) continue; // not in this font: the kiosk draws a box, it does not fail
            if (FT_Load_Glyph(face.get(), index, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_LIGHT) != 0 ||
                FT_Render_Glyph(face.get()->glyph, FT_RENDER_MODE_NORMAL) != 0) {
                problems.push_back(font + which + " is damaged: the letter " + GlyphName(c) +
                                   " cannot be drawn" + rebuild);
                break;
            }
            const FT_Bitmap& bm = face.get()->glyph->bitmap;
            // FreeType draws a glyph whose outline lies beyond a cut-short
            // file as nothing: a visible letter that comes out blank is damage.
            if ((bm.width == 0 || bm.rows == 0) && !IsBlank(c)) {
                problems.push_back(font + which + " is damaged: the letter " + GlyphName(c) +
                                   " comes out blank" + rebuild);
                break;
            }
            if (bm.width > 4u * kCheckPx || bm.rows > 4u * kCheckPx) {
                problems.push_back(font + which + " draws the letter " + GlyphName(c) + " " +
                                   std::to_string(std::max(bm.width, bm.rows) / kCheckPx) +
                                   " times larger than its size, which the kiosk cannot fit; "
                                   "use another font");
                break;
            }
        }
    }
    return problems;
}

// [SECTION] The whole exhibit ----------------------------------------------

std::vector<std::string> ExhibitProblems(const Exhibit& ex) {
    std::vector<std::string> problems;
    if (!IsValidId(ex.id))
        problems.push_back("the exhibit id '" + Printable(ex.id) +
                           "' is not lower-case letters, digits and '-' (at most 64)");
    if (auto p = VersionProblem(ex.version); !p.empty()) problems.push_back(p);
    if (auto p = ScreenProblem(ex.screen_width, ex.screen_height); !p.empty())
        problems.push_back(p);
    for (const auto& [lang, title] : ex.title)
        if (auto p = DisplayTextProblem(title, false); !p.empty())
            problems.push_back("the exhibit title (" + Printable(lang) + ") " + p);
    std::set<std::string> seen;
    for (const Panel& panel : ex.panels) {
        if (!IsValidId(panel.id)) {
            problems.push_back("the panel id '" + Printable(panel.id) +
                               "' is not lower-case letters, digits and '-' (at most 64)");
            continue;
        }
        if (!seen.insert(panel.id).second)
            problems.push_back("the panel id '" + panel.id +
                               "' is used twice; every panel needs its own id");
        for (const auto& [lang, text] : panel.texts) {
            const std::string where = "the text of panel '" + panel.id + "' (" + lang + ")";
            if (auto p = DisplayTextProblem(text.title, false); !p.empty())
                problems.push_back(where + ": its title " + p);
            if (auto p = DisplayTextProblem(text.body, true); !p.empty())
                problems.push_back(where + " " + p);
        }
        for (const PanelImage& image : panel.images)
            for (const auto& [lang, caption] : image.captions)
                if (auto p = DisplayTextProblem(caption, true); !p.empty())
                    problems.push_back("a caption of panel '" + panel.id + "' (" + lang + ") " + p);
    }
    if (auto p = GlyphCountProblem(GlyphsOnScreen(ex).size()); !p.empty()) problems.push_back(p);
    return problems;
}

std::vector<std::string> PosterProblems(const Exhibit& ex, const std::set<int64_t>& image_ids) {
    std::vector<std::string> problems;
    for (const Panel& panel : ex.panels)
        for (const PanelVideo& video : panel.videos) {
            if (image_ids.count(video.poster_image_id)) continue;
            const std::string what = "the video '" + Printable(video.source_name) + "' of panel '" +
                                     Printable(panel.id) + "'";
            problems.push_back(
                what +
                (video.poster_image_id == 0
                     ? " has no poster frame"
                     : " names a poster frame (image " + std::to_string(video.poster_image_id) +
                           ") that is not in the package") +
                "; the package was changed after kiosk-pack built it, build it again");
        }
    return problems;
}

} // namespace kiosk
