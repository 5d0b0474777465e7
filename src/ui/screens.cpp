// [SECTION] Drawing helpers: colours, wrapped text, buttons, images
// [SECTION] Bars: where the visitor is (top) and the controls (bottom)
// [SECTION] Attract mode
// [SECTION] Home: tiles and timeline
// [SECTION] Panel and enlarged image
// [SECTION] Overlays: still there, language menu, unavailable
// [SECTION] Staff: PIN pad, panel, test pattern
// [SECTION] Frame

#include "ui/screens.h"

#include "core/glyphs.h"
#include "core/i18n.h"
#include "core/subtitles.h"
#include "core/text.h"
#include "core/theme.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kiosk {

// [SECTION] Drawing helpers --------------------------------------------------

namespace {

ImU32 Col(Colour c, float alpha = 1.0f) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * c.a));
}

ImVec2 V(float x, float y) {
    return ImVec2(x, y);
}

struct Painter {
    ImDrawList* dl;
    const Theme& th;
    const FontSet& f;
    Metrics m;
    const DrawContext& ctx;
    FrameLayout& out;
    bool interactive = true; // false while an overlay covers this screen
};

float TextWidth(ImFont* font, float size, std::string_view text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

// Splits `text` into lines no wider than `width` (ImGui's word wrapping).
std::vector<std::string_view> WrapLines(ImFont* font, float size, std::string_view text,
                                        float width) {
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = p + text.size();
    const float scale = size / font->FontSize;
    while (p < end) {
        const char* brk = font->CalcWordWrapPositionA(scale, p, end, std::max(1.0f, width));
        if (brk == p) brk = p + 1; // a single glyph wider than the column
        const char* line_end = brk;
        while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\n'))
            --line_end;
        lines.emplace_back(p, static_cast<size_t>(line_end - p));
        p = brk;
        while (p < end && (*p == ' ' || *p == '\n'))
            ++p;
    }
    return lines;
}

constexpr float kLineHeight = 1.45f; // generous leading for reading from a step away

// Draws wrapped text at (x, y); returns its height. `max_lines` > 0 ends the
// last line with an ellipsis when the text is longer.
float DrawText(Painter& p, ImFont* font, float size, float x, float y, float width,
               std::string_view raw, ImU32 col, int max_lines = 0, bool centre = false,
               float leading = kLineHeight) {
    // Soft hyphens are dropped before wrapping (a copy only when there are any).
    std::string without_shy;
    std::string_view text = raw;
    if (raw.find("\xC2\xAD") != std::string_view::npos) {
        without_shy = WithoutSoftHyphens(raw);
        text = without_shy;
    }
    auto lines = WrapLines(font, size, text, width);
    const float lh = std::round(size * leading);
    std::string clipped;
    if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) {
        lines.resize(static_cast<size_t>(max_lines));
        // The last line shown takes the rest of the text and is shortened
        // (on a word, never inside a letter) to end in an ellipsis.
        std::string rest(lines.back().data(),
                         static_cast<size_t>(text.data() + text.size() - lines.back().data()));
        std::replace(rest.begin(), rest.end(), '\n', ' ');
        clipped =
            ShortenToFit(rest, width, [&](std::string_view s) { return TextWidth(font, size, s); });
        lines.back() = clipped;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        float cx = centre ? x + (width - TextWidth(font, size, lines[i])) / 2 : x;
        p.dl->AddText(font, size, V(cx, y + lh * static_cast<float>(i)), col, lines[i].data(),
                      lines[i].data() + lines[i].size());
    }
    return lh * static_cast<float>(lines.size());
}

float MeasureText(ImFont* font, float size, float width, std::string_view text,
                  float leading = kLineHeight) {
    const std::string plain =
        text.find("\xC2\xAD") == std::string_view::npos ? std::string() : WithoutSoftHyphens(text);
    return std::round(size * leading) *
           static_cast<float>(
               WrapLines(font, size, plain.empty() ? text : std::string_view(plain), width).size());
}

void AddHit(Painter& p, const Rect& r, Action a) {
    if (p.interactive) p.out.hits.push_back({r, a});
}

enum class ButtonLook { Plain, Selected, Quiet };

// A touch button: outline, centred label, pressed and selected states. The
// selected state is shown by shape (a thick bar under the label) as well as
// colour, so it never depends on colour alone.
void Button(Painter& p, const Rect& r, std::string_view label, Action action,
            ButtonLook look = ButtonLook::Plain, bool enabled = true) {
    const bool pressed = enabled && p.interactive && p.ctx.state->pressed == action &&
                         action.type != ActionType::None;
    const float round = 10 * p.m.scale;
    const ImU32 fill = look == ButtonLook::Selected ? Col(p.th.accent)
                       : pressed                    ? Col(p.th.outline, 0.6f)
                                                    : Col(p.th.surface);
    p.dl->AddRectFilled(V(r.x, r.y), V(r.x + r.w, r.y + r.h), fill, round);
    if (look != ButtonLook::Quiet || pressed)
        p.dl->AddRect(V(r.x, r.y), V(r.x + r.w, r.y + r.h),
                      Col(enabled ? p.th.outline : p.th.surface), round, 0,
                      std::max(1.0f, 2 * p.m.scale));
    const ImU32 text = look == ButtonLook::Selected ? Col(p.th.on_accent)
                       : enabled                    ? Col(p.th.text)
                                                    : Col(p.th.muted_text, 0.5f);
    const float tw = TextWidth(p.f.small, p.m.small_px, label);
    p.dl->AddText(p.f.small, p.m.small_px,
                  V(r.x + (r.w - tw) / 2, r.y + (r.h - p.m.small_px * 1.3f) / 2), text,
                  label.data(), label.data() + label.size());
    if (look == ButtonLook::Selected) {
        const float bar = std::max(3.0f, 5 * p.m.scale);
        p.dl->AddRectFilled(V(r.x + r.w * 0.2f, r.y + r.h - bar - 6 * p.m.scale),
                            V(r.x + r.w * 0.8f, r.y + r.h - 6 * p.m.scale), Col(p.th.on_accent));
    }
    if (enabled) AddHit(p, r, action);
}

// A triangle arrow button (no glyph needed): dir -1 left, +1 right.
void ArrowButton(Painter& p, const Rect& r, int dir, Action action, bool enabled) {
    Button(p, r, "", action, ButtonLook::Plain, enabled);
    const float cx = r.x + r.w / 2, cy = r.y + r.h / 2, s = r.h * 0.2f;
    const ImU32 c = enabled ? Col(p.th.text) : Col(p.th.muted_text, 0.35f);
    const float d = static_cast<float>(dir);
    p.dl->AddTriangleFilled(V(cx + d * s * 0.8f, cy), V(cx - d * s * 0.6f, cy - s),
                            V(cx - d * s * 0.6f, cy + s), c);
}

// A checkbox-like toggle: a drawn box with a tick when on, then the label.
void Toggle(Painter& p, const Rect& r, std::string_view label, bool on, Action action) {
    Button(p, r, "", action, ButtonLook::Plain);
    const float box = p.m.small_px * 1.1f;
    const float bx = r.x + p.m.gap * 0.8f, by = r.y + (r.h - box) / 2;
    p.dl->AddRect(V(bx, by), V(bx + box, by + box), Col(p.th.text), 3 * p.m.scale, 0,
                  std::max(1.5f, 2.5f * p.m.scale));
    if (on) {
        p.dl->AddRectFilled(V(bx + 3, by + 3), V(bx + box - 3, by + box - 3), Col(p.th.accent),
                            2 * p.m.scale);
        const ImVec2 tick[3] = {V(bx + box * 0.22f, by + box * 0.52f),
                                V(bx + box * 0.42f, by + box * 0.72f),
                                V(bx + box * 0.80f, by + box * 0.28f)};
        p.dl->AddPolyline(tick, 3, Col(p.th.on_accent), 0, std::max(2.0f, 3.5f * p.m.scale));
    }
    p.dl->AddText(p.f.small, p.m.small_px,
                  V(bx + box + p.m.gap * 0.6f, r.y + (r.h - p.m.small_px * 1.3f) / 2),
                  Col(p.th.text), label.data(), label.data() + label.size());
}

float ToggleWidth(const Painter& p, std::string_view label) {
    return TextWidth(p.f.small, p.m.small_px, label) + p.m.small_px * 1.1f + p.m.gap * 2.4f;
}

float ButtonWidth(const Painter& p, std::string_view label) {
    return std::max(p.m.target_px * 1.4f,
                    TextWidth(p.f.small, p.m.small_px, label) + 2 * p.m.gap * 1.3f);
}

// A button that opens a menu: its label and a chevron that points where the
// menu opens (up) or, while it is open, where it closes.
float MenuButtonWidth(const Painter& p, std::string_view label) {
    return std::max(p.m.target_px * 1.4f, TextWidth(p.f.small, p.m.small_px, label) +
                                              p.m.small_px * 0.6f + p.m.gap * 3.2f);
}

void MenuButton(Painter& p, const Rect& r, std::string_view label, bool open, Action action) {
    Button(p, r, "", action, open ? ButtonLook::Selected : ButtonLook::Plain);
    const float tw = TextWidth(p.f.small, p.m.small_px, label);
    const float cw = p.m.small_px * 0.6f, space = p.m.gap * 0.6f;
    const float x = r.x + (r.w - tw - space - cw) / 2;
    const ImU32 col = open ? Col(p.th.on_accent) : Col(p.th.text);
    p.dl->AddText(p.f.small, p.m.small_px, V(x, r.y + (r.h - p.m.small_px * 1.3f) / 2), col,
                  label.data(), label.data() + label.size());
    const float cx = x + tw + space + cw / 2, cy = r.y + r.h / 2, d = cw * 0.5f;
    const float dir = open ? 1.0f : -1.0f; // up to open, down to close
    p.dl->AddTriangleFilled(V(cx - d, cy - dir * d * 0.5f), V(cx + d, cy - dir * d * 0.5f),
                            V(cx, cy + dir * d * 0.5f), col);
}

// The key of a full image drawn into `r`: decoded at that size.
ImageKey SizedKey(int64_t id, const Rect& r) {
    return {id, false, static_cast<int>(std::ceil(r.w)), static_cast<int>(std::ceil(r.h))};
}

// The image's status for this frame; a picture for the renderer's picture
// path shows as loading while there is none (the app makes it before its
// first frame): ImGui's shader must not draw it (llvmpipe 22.3 draws a B, G,
// R, A texture wrong with it).
ImageStatus ImageNow(const Painter& p, const ImageKey& key, TextureRef& tex) {
    const ImageStatus st = p.ctx.images ? p.ctx.images->Get(key, tex) : ImageStatus::Failed;
    return st == ImageStatus::Ready && tex.picture && !p.ctx.pictures ? ImageStatus::Loading : st;
}

// Where a texture is drawn in `r`: as large as fits, in its own aspect, centred.
Rect FitIn(const TextureRef& tex, const Rect& r) {
    const float aspect =
        static_cast<float>(tex.width) / static_cast<float>(std::max(1, tex.height));
    float w = r.w, h = r.w / aspect;
    if (h > r.h) {
        h = r.h;
        w = r.h * aspect;
    }
    return {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
}

// Draws an image fitted inside `r` (never cropped: documents and maps are
// shown whole), optionally a part of it (attract mode's slow pan/zoom).
// Returns the drawn rect; `pictured` says whether it was the picture itself
// (not the loading or failed placeholder).
Rect DrawImage(Painter& p, const ImageKey& key, const Rect& r, float alpha,
               const PanWindow& window = {}, bool* pictured = nullptr) {
    TextureRef tex;
    const ImageStatus st = ImageNow(p, key, tex);
    if (st != ImageStatus::Ready) {
        // Loading: an empty, calm frame. Failed: the neutral placeholder, an
        // outlined frame with a small landscape mark, never a broken image.
        const float w = std::min(r.w, r.h * 16.0f / 9.0f), h = w * 9.0f / 16.0f;
        const Rect pr{r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
        p.dl->AddRectFilled(V(pr.x, pr.y), V(pr.x + pr.w, pr.y + pr.h),
                            Col(p.th.placeholder, alpha));
        if (st == ImageStatus::Failed) {
            p.dl->AddRect(V(pr.x, pr.y), V(pr.x + pr.w, pr.y + pr.h), Col(p.th.outline, alpha), 0,
                          0, 2);
            const float cx = pr.x + pr.w / 2, cy = pr.y + pr.h / 2,
                        s = std::min(pr.w, pr.h) * 0.12f;
            p.dl->AddTriangle(V(cx - s * 1.4f, cy + s * 0.8f), V(cx - s * 0.2f, cy - s * 0.6f),
                              V(cx + s, cy + s * 0.8f), Col(p.th.outline, alpha), 2);
            p.dl->AddCircle(V(cx + s * 0.9f, cy - s * 0.7f), s * 0.25f, Col(p.th.outline, alpha),
                            16, 2);
        }
        return pr;
    }
    const Rect fit = FitIn(tex, r);
    const float u0 = window.u0, v0 = window.v0, inv = window.size;
    if (pictured) *pictured = true;
    const float strength = std::clamp(alpha, 0.0f, 1.0f);
    if (tex.picture) {
        // The same 8-bit strength ImGui's vertex colour would carry.
        p.ctx.pictures->Add(p.dl, {tex.id, V(fit.x, fit.y), V(fit.x + fit.w, fit.y + fit.h),
                                   V(u0, v0), V(u0 + inv, v0 + inv),
                                   static_cast<float>(static_cast<int>(255 * strength)) / 255.0f});
        return fit;
    }
    // A photograph at full strength covers what lies under it: drawn without
    // blending (the same pixels; a software renderer skips reading and mixing
    // the frame under it, a board's GPU saves the bandwidth). Attract mode's
    // dwell and every panel's picture are drawn this way.
    const bool unblended = tex.opaque && alpha >= 1.0f && p.ctx.blend_off;
    if (unblended) p.dl->AddCallback(p.ctx.blend_off, nullptr);
    p.dl->AddImage(tex.id, V(fit.x, fit.y), V(fit.x + fit.w, fit.y + fit.h), V(u0, v0),
                   V(u0 + inv, v0 + inv),
                   IM_COL32(255, 255, 255, static_cast<int>(255 * strength)));
    if (unblended) p.dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    return fit;
}

// The picture that stands for a panel on its tile and in attract mode: its
// first image, else its first video's poster; image id 0: none (a text card).
struct Cover {
    int64_t image_id = 0;
    ImageKind kind = ImageKind::Photo;
};
Cover CoverOf(const Panel& panel, const std::string& lang) {
    if (!panel.images.empty())
        return {ImageIdFor(panel.images.front(), lang), panel.images.front().kind};
    for (const PanelVideo& v : panel.videos)
        if (v.poster_image_id != 0) return {v.poster_image_id, v.kind};
    return {};
}

const Panel* PanelAt(const Exhibit& ex, int i) {
    if (i < 0 || i >= static_cast<int>(ex.panels.size())) return nullptr;
    return &ex.panels[static_cast<size_t>(i)];
}

std::string PanelTitle(const Exhibit& ex, const Panel& panel, const std::string& lang) {
    const PanelText* t = TextFor(ex, panel, lang);
    return t ? t->title : panel.id;
}

// The opening words of a panel's text (its first paragraph), for a card.
std::string OpeningWords(const Exhibit& ex, const Panel& panel, const std::string& lang) {
    const PanelText* t = TextFor(ex, panel, lang);
    if (!t) return "";
    for (const TextBlock& b : ParseBody(t->body))
        if (b.kind != BlockKind::Heading) return b.text;
    return "";
}

// A panel without pictures gets a card in a picture's place, made of its own
// words in the exhibit's colours (a surface with an accent rule, the opening
// words set large), so that attract mode and its home tile are never an
// empty dark screen. Returns the card's rect.
Rect DrawTextCard(Painter& p, const Rect& area, const Panel& panel, const std::string& lang,
                  float alpha, bool tile) {
    const Exhibit& ex = *p.ctx.exhibit;
    const float w = std::min(area.w, area.h * 16.0f / 9.0f);
    const float h = std::min(area.h, w * 9.0f / 16.0f);
    const Rect r{area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h};
    const float round = (tile ? 8.0f : 12.0f) * p.m.scale;
    p.dl->AddRectFilled(V(r.x, r.y), V(r.x + r.w, r.y + r.h), Col(p.th.surface, alpha), round);
    p.dl->AddRect(V(r.x, r.y), V(r.x + r.w, r.y + r.h), Col(p.th.outline, 0.7f * alpha), round, 0,
                  std::max(1.0f, 1.5f * p.m.scale));
    const float pad = tile ? p.m.gap * 0.8f : std::max(p.m.gap * 2, r.w * 0.06f);
    const float rule = std::max(3.0f, (tile ? 4.0f : 6.0f) * p.m.scale);
    p.dl->AddRectFilled(V(r.x + pad, r.y + pad), V(r.x + pad + rule, r.y + r.h - pad),
                        Col(p.th.accent, alpha));
    // The serif of the titles, drawn a little under its atlas size (crisp).
    ImFont* font = tile ? p.f.small : p.f.title;
    const float size = tile ? p.m.small_px * 0.9f : p.m.title_px * 0.7f;
    const float lh = std::round(size * 1.4f);
    const float tx = r.x + pad + rule + pad * 0.8f;
    const float tw = r.x + r.w - pad - tx;
    const int lines = std::max(1, static_cast<int>((r.h - 2 * pad) / lh));
    std::string words = OpeningWords(ex, panel, lang);
    if (words.empty()) words = PanelTitle(ex, panel, lang);
    const float th =
        std::min(static_cast<float>(lines) * lh, MeasureText(font, size, tw, words, 1.4f));
    DrawText(p, font, size, tx, r.y + (r.h - th) / 2, tw, words, Col(p.th.text, alpha), lines,
             false, 1.4f);
    return r;
}

// [SECTION] Bars -------------------------------------------------------------

struct BarItem {
    std::string label;
    Action action;
    float width = 0;
    ButtonLook look = ButtonLook::Plain;
    bool toggle = false;
    bool on = false;
    bool menu = false; // the reading menu's "Aa": drawn with a chevron (MenuButton)
};

// One row of the bar: groups at the left, centre and right.
struct BarRow {
    std::vector<BarItem> left, centre, right;
};

struct BarPlan {
    std::vector<BarRow> rows; // top to bottom; navigation is always in the lowest
    // Larger text and High contrast when they are in the reading menu, not
    // in the bar (empty: in the bar).
    std::vector<BarItem> reading_menu;
};

float GroupWidth(const Painter& p, const std::vector<BarItem>& items) {
    float w = 0;
    for (const auto& it : items)
        w += it.width + p.m.gap;
    return items.empty() ? 0 : w - p.m.gap;
}

// The bar is laid out for the widest labels of all the exhibit's languages
// (and with room for Back even on the home screen), so its buttons keep
// their size, row and place whatever language is on: nothing moves under
// the visitor's finger. What does not fit in one row goes up a row, the
// navigation staying in the lowest, nearest the visitor's hands.
BarPlan PlanBottomBar(const Painter& p) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    std::vector<std::string> langs = ex.languages;
    if (std::find(langs.begin(), langs.end(), s.lang) == langs.end()) langs.push_back(s.lang);
    auto widest = [&](auto label_of, bool toggle) {
        float w = 0;
        for (const auto& l : langs) {
            const std::string label = label_of(l);
            w = std::max(w, toggle ? ToggleWidth(p, label) : ButtonWidth(p, label));
        }
        return w;
    };
    auto tr = [](UiText key) { return [key](const std::string& l) { return Tr(key, l); }; };

    std::vector<BarItem> nav, lang_items, toggles;
    const float back_w = widest(tr(UiText::Back), false);
    if (s.screen == Screen::Panel || s.resume_screen == Screen::Panel)
        nav.push_back({Tr(UiText::Back, s.lang), {ActionType::Back}, back_w});
    nav.push_back({Tr(UiText::Home, s.lang), {ActionType::Home}, widest(tr(UiText::Home), false)});
    const float nav_w_max = back_w + p.m.gap + nav.back().width;
    if (ex.languages.size() > 1 && ex.languages.size() <= 4) {
        for (size_t i = 0; i < ex.languages.size(); ++i) {
            BarItem it{NativeLanguageName(ex.languages[i]),
                       {ActionType::SetLanguage, static_cast<int>(i)}};
            it.width = ButtonWidth(p, it.label);
            if (ex.languages[i] == s.lang) it.look = ButtonLook::Selected;
            lang_items.push_back(it);
        }
    }
    // More languages than a row holds: one button that opens the language menu.
    auto language_menu_button = [&] {
        float w = 0;
        for (const auto& l : langs)
            w = std::max(w, widest(
                                [&](const std::string& l2) {
                                    return Tr(UiText::Language, l2) + ": " + NativeLanguageName(l);
                                },
                                false));
        return BarItem{Tr(UiText::Language, s.lang) + ": " + NativeLanguageName(s.lang),
                       {ActionType::ToggleLanguageMenu},
                       w};
    };
    if (ex.languages.size() > 4) lang_items.push_back(language_menu_button());
    toggles.push_back({Tr(UiText::LargerText, s.lang),
                       {ActionType::ToggleLargeText},
                       widest(tr(UiText::LargerText), true),
                       ButtonLook::Plain,
                       true,
                       s.large_text});
    toggles.push_back({Tr(UiText::HighContrast, s.lang),
                       {ActionType::ToggleHighContrast},
                       widest(tr(UiText::HighContrast), true),
                       ButtonLook::Plain,
                       true,
                       s.high_contrast});

    const float avail = static_cast<float>(p.m.width) - 2 * p.m.margin;
    const float langs_w = GroupWidth(p, lang_items);
    const float tog_w = GroupWidth(p, toggles);
    const float group_gap = 3 * p.m.gap;
    BarPlan plan;
    if (nav_w_max + group_gap + langs_w + (langs_w > 0 ? group_gap : 0) + tog_w <= avail) {
        plan.rows.push_back({nav, lang_items, toggles});
        return plan;
    }
    // Two rows: languages above navigation and reading aids, or (on a
    // narrow screen) reading aids above navigation and languages.
    if (nav_w_max + group_gap + tog_w <= avail) {
        if (!lang_items.empty()) plan.rows.push_back({{}, lang_items, {}});
        plan.rows.push_back({nav, {}, toggles});
        return plan;
    }
    if (tog_w <= avail && nav_w_max + group_gap + langs_w <= avail) {
        plan.rows.push_back({{}, toggles, {}});
        plan.rows.push_back({nav, lang_items, {}});
        return plan;
    }
    // A narrow (portrait) screen. The languages get a row of their own, out
    // into the margins if need be (a visitor finds their language by its
    // name; the language menu's button only when even the screen is too
    // narrow), and Larger text and High contrast go behind one "Aa" button
    // beside the navigation: two rows, not four, and the panel above keeps
    // the room for its picture and text.
    if (lang_items.size() > 1 && langs_w > static_cast<float>(p.m.width) - 2 * p.m.gap) {
        lang_items = {language_menu_button()};
        lang_items.back().width = std::min(lang_items.back().width, avail);
    }
    BarItem aa{"Aa", {ActionType::ToggleReadingMenu}, MenuButtonWidth(p, "Aa")};
    aa.menu = true;
    aa.look = s.reading_menu ? ButtonLook::Selected : ButtonLook::Plain;
    if (nav_w_max + group_gap + aa.width <= avail) {
        if (!lang_items.empty()) plan.rows.push_back({{}, lang_items, {}});
        plan.rows.push_back({nav, {}, {aa}});
        plan.reading_menu = std::move(toggles);
        return plan;
    }
    // Narrower still: each group gets its own row(s).
    if (!lang_items.empty()) plan.rows.push_back({{}, lang_items, {}});
    if (tog_w <= avail) {
        plan.rows.push_back({{}, toggles, {}});
    } else {
        for (auto& t : toggles) {
            t.width = std::min(t.width, avail);
            plan.rows.push_back({{}, {t}, {}});
        }
    }
    plan.rows.push_back({nav, {}, {}});
    return plan;
}

float BarHeight(const Metrics& m, int rows) {
    return static_cast<float>(rows) * m.target_px + static_cast<float>(rows + 1) * m.gap;
}

void DrawItems(Painter& p, std::vector<BarItem>& items, float x, float y) {
    for (auto& it : items) {
        const Rect r{x, y, it.width, p.m.target_px};
        if (it.toggle)
            Toggle(p, r, it.label, it.on, it.action);
        else if (it.menu)
            MenuButton(p, r, it.label, it.look == ButtonLook::Selected, it.action);
        else
            Button(p, r, it.label, it.action, it.look);
        x += it.width + p.m.gap;
    }
}

void DrawBottomBar(Painter& p, BarPlan& plan) {
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    const float top = H - p.m.bar_h;
    p.dl->AddRectFilled(V(0, top), V(W, H), Col(p.th.surface));
    p.dl->AddLine(V(0, top), V(W, top), Col(p.th.outline, 0.6f), std::max(1.0f, p.m.scale));
    float y = top + p.m.gap;
    for (auto& row : plan.rows) {
        DrawItems(p, row.left, p.m.margin, y);
        const float left_end = p.m.margin + GroupWidth(p, row.left);
        const float right_w = GroupWidth(p, row.right);
        const float right_x = W - p.m.margin - right_w;
        const float cw = GroupWidth(p, row.centre);
        float cx = (W - cw) / 2;
        if (!row.left.empty())
            cx = std::clamp(cx, left_end + 2 * p.m.gap,
                            std::max(left_end + 2 * p.m.gap, right_x - 2 * p.m.gap - cw));
        DrawItems(p, row.centre, cx, y);
        DrawItems(p, row.right, right_x, y);
        y += p.m.target_px + p.m.gap;
    }
}

// The top bar's title size, and the least room its title is drawn in: its
// first word and an ellipsis ("Kho…" says nothing, so less is left out).
float TopTitlePx(const Metrics& m) {
    return m.title_px * 0.75f;
}
float TopTitleLeast(const Painter& p, const std::string& title) {
    const float hs = TopTitlePx(p.m);
    return TextWidth(p.f.title, hs, std::string_view(title).substr(0, title.find(' '))) +
           TextWidth(p.f.title, hs, "\u2026");
}

// Top bar: the exhibit's title and, on a panel (`panel`), the position in the
// exhibit and the arrows to the next and previous panels. The position says
// "Panel 3 of 15", or the bare "3 / 15" where the longest of those in any of
// the exhibit's languages would leave the title under about ten letters (a
// narrow screen): chosen once for the exhibit, so it does not change form as
// the visitor pages or changes language. A title whose first word does not
// fit is left out: "Kho…" says nothing.
void DrawTopBar(Painter& p, const std::string& heading, bool panel, float reserved = 0) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const float W = static_cast<float>(p.m.width);
    p.dl->AddRectFilled(V(0, 0), V(W, p.m.top_h), Col(p.th.background));
    p.dl->AddLine(V(p.m.margin, p.m.top_h - 1), V(W - p.m.margin, p.m.top_h - 1),
                  Col(p.th.outline, 0.5f), std::max(1.0f, p.m.scale));
    float right = W - p.m.margin - reserved;
    const float bh = std::min(p.m.target_px, p.m.top_h - p.m.gap);
    const float by = (p.m.top_h - bh) / 2;
    const float hs = TopTitlePx(p.m);
    if (panel) {
        const float bw = std::max(bh, p.m.target_px);
        const int count = static_cast<int>(ex.panels.size());
        ArrowButton(p, {right - bw, by, bw, bh}, +1, {ActionType::NextPanel}, s.panel + 1 < count);
        right -= bw + p.m.gap * 0.5f;
        ArrowButton(p, {right - bw, by, bw, bh}, -1, {ActionType::PrevPanel}, s.panel > 0);
        right -= bw + p.m.gap;
        float widest =
            TextWidth(p.f.small, p.m.small_px, TrFormat(UiText::PanelOf, s.lang, count, count));
        for (const std::string& l : ex.languages)
            widest = std::max(widest, TextWidth(p.f.small, p.m.small_px,
                                                TrFormat(UiText::PanelOf, l, count, count)));
        const std::string position =
            right - widest - p.m.gap * 2 - p.m.margin < hs * 5
                ? std::to_string(s.panel + 1) + " / " + std::to_string(count)
                : TrFormat(UiText::PanelOf, s.lang, s.panel + 1, count);
        const float tw = TextWidth(p.f.small, p.m.small_px, position);
        right -= tw;
        p.dl->AddText(p.f.small, p.m.small_px, V(right, (p.m.top_h - p.m.small_px * 1.3f) / 2),
                      Col(p.th.muted_text), position.c_str());
        right -= p.m.gap * 2;
    }
    if (right - p.m.margin < TopTitleLeast(p, heading)) return;
    DrawText(p, p.f.title, hs, p.m.margin, (p.m.top_h - hs * 1.3f) / 2, right - p.m.margin, heading,
             Col(p.th.text), 1, false, 1.3f);
}

// [SECTION] Attract mode -----------------------------------------------------

// A panel's language in attract mode (an index into the exhibit's languages).
const std::string& AttractLang(const Exhibit& ex, const State& s, int index) {
    return ex.languages.empty() ? s.lang : ex.languages[static_cast<size_t>(index)];
}

void DrawAttract(Painter& p) {
    const Exhibit& ex = *p.ctx.exhibit;
    const AttractView v = ComputeAttract(*p.ctx.state, ex, *p.ctx.settings, p.ctx.now_ms);
    const auto W = static_cast<float>(p.m.width);
    auto lang_of = [&](int index) -> const std::string& {
        return AttractLang(ex, *p.ctx.state, index);
    };
    const AttractAreas areas = LayoutAttract(p.m);
    const Rect img_area = areas.image;
    // The next panel decodes during this one's dwell, so no crossfade waits for it.
    if (const Panel* next = PanelAt(ex, v.to); next && p.ctx.images)
        if (const Cover c = CoverOf(*next, lang_of(v.to_lang)); c.image_id != 0)
            p.ctx.images->Prefetch(SizedKey(c.image_id, img_area));
    // Pictures crossfade; words do not overlap: the old ones leave in the
    // first half of the fade, the new ones arrive in the second.
    auto draw_panel = [&](int index, float image_alpha, float alpha, float progress,
                          const std::string& lang, int drift_slot) {
        const Panel* panel = PanelAt(ex, index);
        if (!panel || image_alpha <= 0.0f) return;
        float ty = areas.words_y;
        const Cover cover = CoverOf(*panel, lang);
        if (cover.image_id != 0) {
            // Barely noticeable: 1.5 % zoom over the panel's time, drifting
            // left or right by turns (the frame pacing keeps each step under a pixel).
            const PanWindow window = AttractPan(index, progress);
            bool pictured = false;
            const Rect r = DrawImage(p, SizedKey(cover.image_id, img_area), img_area, image_alpha,
                                     window, &pictured);
            if (pictured) p.out.pans.push_back({index, r, window});
            // The title follows the picture, not the edge of a tall screen.
            ty = std::min(ty, r.y + r.h + p.m.gap * 1.5f);
        } else {
            const Rect r = DrawTextCard(p, img_area, *panel, lang, image_alpha, false);
            ty = std::min(ty, r.y + r.h + p.m.gap * 1.5f);
        }
        // The picture's kind is said beside the date, never over the picture.
        std::string date = FormatDate(panel->date, lang);
        if (cover.image_id != 0 && cover.kind != ImageKind::Photo) {
            const ImageKind k = cover.kind;
            const std::string kind =
                Tr(k == ImageKind::Map ? UiText::Map : UiText::Illustration, lang);
            date = date.empty() ? kind : date + " \u00B7 " + kind;
        }
        // A line wider than the screen's margins allow (a narrow portrait
        // screen, larger text) is drawn smaller to fit.
        const float room = W - 2 * p.m.margin;
        float y = ty;
        if (!date.empty()) {
            float size = areas.date_px;
            float dw = TextWidth(p.f.small, size, date);
            if (dw > room) {
                size *= room / dw;
                dw = room;
            }
            p.dl->AddText(p.f.small, size, V((W - dw) / 2, y), Col(p.th.muted_text, alpha),
                          date.c_str());
            y += areas.date_h;
        }
        // A second line for a long title where the words have room above the
        // pill (a tall screen, a wide picture).
        const float line = std::round(areas.title_px * 1.3f);
        const int lines = areas.invite_top - p.m.gap * 0.5f - y >= 2 * line ? 2 : 1;
        DrawText(p, p.f.title, areas.title_px, p.m.margin, y, room, PanelTitle(ex, *panel, lang),
                 Col(p.th.text, alpha), lines, true, 1.3f);

        // The invitation, in this panel's language; it moves a little with
        // every panel so that nothing static burns into the screen.
        const std::string invite = Tr(UiText::TouchToExplore, lang);
        const float pad = areas.invite_pad;
        float size = areas.invite_px;
        float tw = TextWidth(p.f.body, size, invite);
        if (tw + pad * 3 > room) {
            size *= (room - pad * 3) / tw;
            tw = room - pad * 3;
        }
        const float drift = (static_cast<float>(drift_slot) - 3.0f) * p.m.gap * 1.6f;
        // The drift never takes the pill past the screen's margins.
        float x = (W - tw) / 2 + drift;
        const float lo = p.m.margin + pad * 1.5f, hi = W - p.m.margin - pad * 1.5f - tw;
        if (hi >= lo) x = std::clamp(x, lo, hi);
        // A smaller line keeps the pill's height and sits in its middle.
        const float iy = areas.invite_y + (areas.invite_px - size) * 0.7f;
        const ImVec2 a(x - pad * 1.5f, areas.invite_top),
            b(x + tw + pad * 1.5f, areas.invite_bottom);
        p.dl->AddRectFilled(a, b, Col(p.th.surface, 0.9f * alpha), areas.invite_px);
        p.dl->AddRect(a, b, Col(p.th.accent, alpha), areas.invite_px, 0,
                      std::max(1.5f, 2 * p.m.scale));
        p.dl->AddText(p.f.body, size, V(x, iy + size * 0.1f), Col(p.th.text, alpha),
                      invite.c_str());
    };
    // A dissolve: where the new picture, opaque, covers the old one exactly
    // (photographs of one aspect), the old one stays at full strength under
    // it, so the screen does not dip towards the background halfway, and a
    // renderer copies the old one instead of blending it.
    float from_strength = 1.0f - v.mix;
    if (v.mix > 0.0f) {
        const Panel* a = PanelAt(ex, v.from);
        const Panel* b = PanelAt(ex, v.to);
        const Cover ca = a ? CoverOf(*a, lang_of(v.from_lang)) : Cover{};
        const Cover cb = b ? CoverOf(*b, lang_of(v.to_lang)) : Cover{};
        TextureRef ta, tb;
        if (ca.image_id != 0 && cb.image_id != 0 &&
            ImageNow(p, SizedKey(ca.image_id, img_area), ta) == ImageStatus::Ready &&
            ImageNow(p, SizedKey(cb.image_id, img_area), tb) == ImageStatus::Ready && ta.opaque &&
            tb.opaque) {
            const Rect fa = FitIn(ta, img_area), fb = FitIn(tb, img_area);
            if (std::abs(fa.x - fb.x) < 0.5f && std::abs(fa.y - fb.y) < 0.5f &&
                std::abs(fa.w - fb.w) < 0.5f && std::abs(fa.h - fb.h) < 0.5f)
                from_strength = 1.0f;
        }
    }
    draw_panel(v.from, from_strength, std::max(0.0f, 1.0f - 2.0f * v.mix), v.from_progress,
               lang_of(v.from_lang), v.drift_slot);
    draw_panel(v.to, v.mix, std::max(0.0f, 2.0f * v.mix - 1.0f), v.to_progress, lang_of(v.to_lang),
               (v.drift_slot + 1) % 7);
}

} // namespace

std::vector<ImageKey> AttractImages(const Exhibit& ex, const State& s, const Settings& settings,
                                    int width, int height, float dpi, int64_t now_ms) {
    std::vector<ImageKey> keys;
    if (s.screen != Screen::Attract || ex.panels.empty()) return keys;
    const AttractView v = ComputeAttract(s, ex, settings, now_ms);
    const Rect area = LayoutAttract(ComputeMetrics(width, height, dpi, s.large_text)).image;
    // The one asked for ahead first, the one on screen last: the decode
    // worker takes the newest request first.
    for (const auto& [index, lang] : {std::pair{v.to, v.to_lang}, std::pair{v.from, v.from_lang}})
        if (const Panel* panel = PanelAt(ex, index))
            if (const Cover c = CoverOf(*panel, AttractLang(ex, s, lang)); c.image_id != 0) {
                const ImageKey key = SizedKey(c.image_id, area);
                if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
            }
    return keys;
}

namespace {

// [SECTION] Home ---------------------------------------------------------------

// The exhibit's content note (what it describes, who should visit with an
// adult), beside the switch on the first screen after a touch. It is never cut
// with an ellipsis: a long note is set smaller (down to 60 %) to fit the row.
// The content note's rule, drawn at the left of its rectangle, and the room
// that leaves its words.
float NoteRule(const Metrics& m) {
    return std::max(2.0f, 3 * m.scale);
}
float NoteTextWidth(const Metrics& m, const Rect& r) {
    return r.x + r.w - (r.x + NoteRule(m) + m.gap * 0.6f);
}

void DrawContentNote(Painter& p, const Rect& r) {
    const std::string note = NoteFor(*p.ctx.exhibit, p.ctx.state->lang);
    if (note.empty() || r.w <= p.m.gap * 2) return;
    const float rule = NoteRule(p.m);
    const float x = r.x + rule + p.m.gap * 0.6f, w = NoteTextWidth(p.m, r);
    float size = p.m.small_px;
    while (size > p.m.small_px * 0.6f && MeasureText(p.f.body, size, w, note, 1.3f) > r.h)
        size -= 1.0f;
    const float th = MeasureText(p.f.body, size, w, note, 1.3f);
    const float ty = r.y + std::max(0.0f, (r.h - th) / 2);
    p.dl->AddRectFilled(V(r.x, ty), V(r.x + rule, ty + std::min(th, r.h)), Col(p.th.accent));
    DrawText(p, p.f.body, size, x, ty, w, note, Col(p.th.text), 0, false, 1.3f);
}

// The home screen's switch (Panels, Timeline) and, where the content note is.
struct HomeHeader {
    Rect panels, timeline;
    Rect note;       // beside the switch, or on a row of its own under it
    float row_h = 0; // that row's height and the gap above it (0: beside)
    // The switch at the right of the top bar, the note on the row under it:
    // on a short screen, where a row for the switch would leave the tiles
    // under half the content area (800x480 with Larger text).
    bool in_top_bar = false;
};

// The content note stays beside the switch where it reads at four fifths of
// the caption size or more; on a narrower screen (a portrait 7-inch screen)
// it takes a row of its own under the switch, never cut off. On a short
// screen (a 7-inch one, most of all with Larger text), where the switch's row
// and the note's would leave the tiles under half the content area in any of
// the exhibit's languages, the switch moves up into the top bar beside the
// title, sized for the longest labels of those languages: decided for the
// exhibit, so nothing moves when the visitor changes language. Where the
// title would have no room beside it either, the note's row gives up room
// instead, down to a quarter of the content area.
HomeHeader LayoutHomeHeader(const Painter& p) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const Rect c = ContentArea(p.m);
    const float y = c.y + p.m.gap * 0.5f;
    const float bh = p.m.target_px - p.m.gap * 0.5f;
    const float switch_h = p.m.target_px + p.m.gap; // as LayoutTiles
    const Rect own_row{p.m.margin, y + bh + p.m.gap * 0.5f, c.w - 2 * p.m.margin, 0};
    auto text_h = [&](const Rect& r, float size, const std::string& note) {
        return MeasureText(p.f.body, size, NoteTextWidth(p.m, r), note, 1.3f);
    };
    // The switch's rectangles and where the note goes, in language `l`.
    auto layout = [&](const std::string& l) {
        const float wa = ButtonWidth(p, Tr(UiText::Panels, l));
        const float wb = ButtonWidth(p, Tr(UiText::Timeline, l));
        HomeHeader h;
        h.panels = {p.m.margin, y, wa, bh};
        h.timeline = {p.m.margin + wa + p.m.gap * 0.5f, y, wb, bh};
        const float nx = p.m.margin + wa + wb + p.m.gap * 2;
        h.note = {nx, y, c.x + c.w - p.m.margin - nx, bh};
        const std::string note = NoteFor(ex, l);
        if (note.empty()) return h;
        if (h.note.w > p.m.gap * 2 && text_h(h.note, p.m.small_px * 0.8f, note) <= h.note.h)
            return h;
        // A row of its own, at most a third of the content area (the note
        // shrinks to fit it, as beside the switch).
        h.note = own_row;
        h.note.h = std::min(text_h(h.note, p.m.small_px, note), std::round(c.h / 3));
        h.row_h = h.note.h + p.m.gap * 0.5f;
        return h;
    };
    HomeHeader h = layout(s.lang);
    std::vector<std::string> langs = ex.languages;
    if (std::find(langs.begin(), langs.end(), s.lang) == langs.end()) langs.push_back(s.lang);
    float row_most = 0, wa = 0, wb = 0, title_w = 0;
    for (const std::string& l : langs) {
        row_most = std::max(row_most, layout(l).row_h);
        wa = std::max(wa, ButtonWidth(p, Tr(UiText::Panels, l)));
        wb = std::max(wb, ButtonWidth(p, Tr(UiText::Timeline, l)));
        title_w = std::max(title_w, TopTitleLeast(p, TitleFor(ex, l)));
    }
    if (c.h - switch_h - row_most >= c.h * 0.5f) return h;
    const float right = static_cast<float>(p.m.width) - p.m.margin;
    const float left = right - wa - p.m.gap * 0.5f - wb;
    if (left - p.m.gap - p.m.margin < title_w) {
        // No room for the switch beside the title (a narrow portrait screen).
        if (h.row_h > 0) {
            h.note.h = std::min(h.note.h, std::round(c.h / 4));
            h.row_h = h.note.h + p.m.gap * 0.5f;
        }
        return h;
    }
    h.in_top_bar = true;
    const float tb = std::min(p.m.target_px, p.m.top_h - p.m.gap);
    const float ty = (p.m.top_h - tb) / 2;
    h.panels = {left, ty, wa, tb};
    h.timeline = {right - wb, ty, wb, tb};
    // The note's row, if any, right under the top bar.
    const std::string note = NoteFor(ex, s.lang);
    h.note = own_row;
    h.note.y = y;
    h.note.h = note.empty() ? 0 : std::min(text_h(h.note, p.m.small_px, note), std::round(c.h / 3));
    h.row_h = note.empty() ? 0 : h.note.h + p.m.gap * 0.5f;
    return h;
}

void DrawHomeSwitch(Painter& p, const HomeHeader& h) {
    const State& s = *p.ctx.state;
    Button(p, h.panels, Tr(UiText::Panels, s.lang), {ActionType::ShowTiles},
           s.home_view == HomeView::Tiles ? ButtonLook::Selected : ButtonLook::Plain);
    Button(p, h.timeline, Tr(UiText::Timeline, s.lang), {ActionType::ShowTimeline},
           s.home_view == HomeView::Timeline ? ButtonLook::Selected : ButtonLook::Plain);
    DrawContentNote(p, h.note);
}

void DrawTiles(Painter& p, const HomeHeader& h, float& home_max) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const int n = static_cast<int>(ex.panels.size());
    const TileGrid g = LayoutTiles(p.m, n, h.row_h, !h.in_top_bar);
    home_max = std::max(0.0f, g.content_h - g.area.h);
    if (p.interactive) p.out.scrolls.push_back({g.area, ScrollTarget::Home, home_max});
    p.dl->PushClipRect(V(g.area.x, g.area.y), V(g.area.x + g.area.w, g.area.y + g.area.h), true);
    const float scroll = std::min(s.home_scroll, home_max);
    const int first_row = static_cast<int>(scroll / (g.tile_h + p.m.gap));
    const int visible_rows = static_cast<int>(g.area.h / (g.tile_h + p.m.gap)) + 2;
    for (int row = first_row; row < first_row + visible_rows; ++row) {
        for (int col = 0; col < g.columns; ++col) {
            const int i = row * g.columns + col;
            if (i >= n) break;
            const Panel& panel = ex.panels[static_cast<size_t>(i)];
            const float x = g.area.x + static_cast<float>(col) * (g.tile_w + p.m.gap);
            const float y = g.area.y + static_cast<float>(row) * (g.tile_h + p.m.gap) - scroll;
            const Rect tile{x, y, g.tile_w, g.tile_h};
            const bool pressed = s.pressed == Action{ActionType::OpenPanel, i};
            p.dl->AddRectFilled(V(x, y), V(x + g.tile_w, y + g.tile_h),
                                Col(pressed ? p.th.outline : p.th.surface), 8 * p.m.scale);
            const Cover cover = CoverOf(panel, s.lang);
            if (cover.image_id != 0) {
                const Rect ir{x, y, g.tile_w, g.image_h};
                DrawImage(p,
                          {cover.image_id, true, static_cast<int>(std::ceil(ir.w)),
                           static_cast<int>(std::ceil(ir.h))},
                          ir, 1.0f);
            } else {
                DrawTextCard(p, {x, y, g.tile_w, g.image_h}, panel, s.lang, 1.0f, true);
            }
            float ty = y + g.image_h + p.m.gap * 0.5f;
            std::string date = FormatDate(panel.date, s.lang);
            // The picture's kind is said beside the date, never over the picture.
            if (cover.image_id != 0 && cover.kind != ImageKind::Photo) {
                const ImageKind k = cover.kind;
                const std::string kind =
                    Tr(k == ImageKind::Map ? UiText::Map : UiText::Illustration, s.lang);
                date = date.empty() ? kind : date + " \u00B7 " + kind;
            }
            const float inner = g.tile_w - p.m.gap;
            if (!date.empty()) {
                p.dl->AddText(p.f.small, p.m.small_px * 0.85f, V(x + p.m.gap * 0.5f, ty),
                              Col(p.th.muted_text), date.c_str());
            }
            ty += p.m.small_px * 1.1f;
            DrawText(p, p.f.small, p.m.small_px, x + p.m.gap * 0.5f, ty, inner,
                     PanelTitle(ex, panel, s.lang), Col(p.th.text), 1, false, 1.3f);
            // Only the visible part of a tile can be tapped.
            Rect hit = tile;
            const float top = std::max(tile.y, g.area.y),
                        bottom = std::min(tile.y + tile.h, g.area.y + g.area.h);
            hit.y = top;
            hit.h = bottom - top;
            if (hit.h > 0) AddHit(p, hit, {ActionType::OpenPanel, i});
        }
    }
    p.dl->PopClipRect();
}

void DrawTimeline(Painter& p, const HomeHeader& h, float& home_max) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const TileGrid g = LayoutTiles(p.m, 1, h.row_h, !h.in_top_bar);
    std::vector<int> order(ex.panels.size());
    std::iota(order.begin(), order.end(), 0);
    // Dated panels by date (exhibit order among equals), undated ones last.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const std::string& da = ex.panels[static_cast<size_t>(a)].date;
        const std::string& db = ex.panels[static_cast<size_t>(b)].date;
        if (da.empty() != db.empty()) return db.empty();
        return da < db;
    });
    const float row_h = std::max(p.m.target_px, p.m.body_px * 2.6f);
    home_max = std::max(0.0f, static_cast<float>(order.size()) * row_h - g.area.h);
    if (p.interactive) p.out.scrolls.push_back({g.area, ScrollTarget::Home, home_max});
    const float scroll = std::min(s.home_scroll, home_max);
    const float date_w = std::round(g.area.w * (p.m.portrait ? 0.34f : 0.24f));
    const float line_x = g.area.x + date_w + p.m.gap;
    p.dl->PushClipRect(V(g.area.x, g.area.y), V(g.area.x + g.area.w, g.area.y + g.area.h), true);
    p.dl->AddLine(V(line_x, g.area.y), V(line_x, g.area.y + g.area.h), Col(p.th.outline),
                  std::max(2.0f, 2 * p.m.scale));
    for (size_t k = 0; k < order.size(); ++k) {
        const float y = g.area.y + static_cast<float>(k) * row_h - scroll;
        if (y + row_h < g.area.y || y > g.area.y + g.area.h) continue;
        const int i = order[k];
        const Panel& panel = ex.panels[static_cast<size_t>(i)];
        const bool pressed = s.pressed == Action{ActionType::OpenPanel, i};
        if (pressed)
            p.dl->AddRectFilled(V(g.area.x, y), V(g.area.x + g.area.w, y + row_h - 4),
                                Col(p.th.surface));
        const std::string date =
            panel.date.empty() ? Tr(UiText::Undated, s.lang) : FormatDate(panel.date, s.lang);
        const float cy = y + row_h / 2;
        // A date wider than its column (Larger text on a small screen) takes
        // two lines, its year under its day and month, and only a line still
        // too wide is drawn smaller: never across the line and the title.
        const float dw = TextWidth(p.f.small, p.m.small_px, date);
        const size_t split = date.rfind(' ');
        std::vector<std::string> lines{date};
        if (dw > date_w && split != std::string::npos)
            lines = {date.substr(0, split), date.substr(split + 1)};
        const float lh = std::round(p.m.small_px * 1.2f);
        for (size_t k = 0; k < lines.size(); ++k) {
            const float w = TextWidth(p.f.small, p.m.small_px, lines[k]);
            const float ds = w <= date_w ? p.m.small_px : p.m.small_px * date_w / w;
            const float ty = lines.size() == 1 ? cy - ds * 0.65f
                                               : cy - lh + static_cast<float>(k) * lh - ds * 0.15f;
            p.dl->AddText(p.f.small, ds, V(line_x - p.m.gap - std::min(w, date_w), ty),
                          Col(p.th.muted_text), lines[k].c_str());
        }
        p.dl->AddCircleFilled(V(line_x, cy), 9 * p.m.scale, Col(p.th.accent), 20);
        p.dl->AddCircle(V(line_x, cy), 9 * p.m.scale, Col(p.th.text), 20,
                        std::max(1.0f, 1.5f * p.m.scale));
        DrawText(p, p.f.body, p.m.body_px, line_x + p.m.gap * 1.5f, cy - p.m.body_px * 0.7f,
                 g.area.x + g.area.w - line_x - p.m.gap * 2, PanelTitle(ex, panel, s.lang),
                 Col(p.th.text), 1, false, 1.3f);
        Rect hit{g.area.x, std::max(y, g.area.y), g.area.w, 0};
        hit.h = std::min(y + row_h, g.area.y + g.area.h) - hit.y;
        if (hit.h > 0) AddHit(p, hit, {ActionType::OpenPanel, i});
    }
    p.dl->PopClipRect();
}

void DrawHome(Painter& p, float& home_max) {
    const State& s = *p.ctx.state;
    const HomeHeader h = LayoutHomeHeader(p);
    DrawTopBar(p, TitleFor(*p.ctx.exhibit, s.lang), false,
               h.in_top_bar ? static_cast<float>(p.m.width) - p.m.margin - h.panels.x + p.m.gap
                            : 0.0f);
    DrawHomeSwitch(p, h);
    if (s.home_view == HomeView::Tiles)
        DrawTiles(p, h, home_max);
    else
        DrawTimeline(p, h, home_max);
}

// [SECTION] Panel and enlarged image -------------------------------------------

float DrawBody(Painter& p, const Rect& area, const Panel& panel, const PanelText* text,
               float scroll, bool draw, std::vector<float>* block_tops = nullptr) {
    const State& s = *p.ctx.state;
    float y = area.y - scroll;
    const float start = y;
    const std::string date = FormatDate(panel.date, s.lang);
    if (!date.empty()) {
        if (draw)
            p.dl->AddText(p.f.small, p.m.small_px, V(area.x, y), Col(p.th.muted_text),
                          date.c_str());
        y += p.m.small_px * 1.6f;
    }
    const std::string title = text ? text->title : panel.id;
    y += draw ? DrawText(p, p.f.title, p.m.title_px, area.x, y, area.w, title, Col(p.th.text), 0,
                         false, 1.2f)
              : MeasureText(p.f.title, p.m.title_px, area.w, title, 1.2f);
    y += p.m.gap;
    if (!text) return y - start;
    for (const TextBlock& b : ParseBody(text->body)) {
        if (block_tops) block_tops->push_back(y - start);
        switch (b.kind) {
        case BlockKind::Heading:
            y += p.m.body_px * 0.4f;
            y += draw ? DrawText(p, p.f.title, p.m.body_px * 1.15f, area.x, y, area.w, b.text,
                                 Col(p.th.text))
                      : MeasureText(p.f.title, p.m.body_px * 1.15f, area.w, b.text);
            break;
        case BlockKind::ListItem: {
            const float indent = p.m.body_px * 1.2f;
            if (draw)
                p.dl->AddCircleFilled(V(area.x + indent * 0.4f, y + p.m.body_px * 0.75f),
                                      p.m.body_px * 0.13f, Col(p.th.text), 12);
            y += draw ? DrawText(p, p.f.body, p.m.body_px, area.x + indent, y, area.w - indent,
                                 b.text, Col(p.th.text))
                      : MeasureText(p.f.body, p.m.body_px, area.w - indent, b.text);
            break;
        }
        case BlockKind::Paragraph:
            y += draw
                     ? DrawText(p, p.f.body, p.m.body_px, area.x, y, area.w, b.text, Col(p.th.text))
                     : MeasureText(p.f.body, p.m.body_px, area.w, b.text);
            y += p.m.body_px * 0.7f;
            break;
        }
    }
    return y - start + p.m.gap;
}

// The caption under a picture, led by the picture's kind ("Illustration",
// "Map") so that no label covers the picture itself. `max_lines` 0: whole.
// Returns the height it takes.
std::string CaptionLine(const std::string& caption, ImageKind kind, const std::string& lang) {
    if (kind == ImageKind::Photo) return caption;
    const std::string k = Tr(kind == ImageKind::Map ? UiText::Map : UiText::Illustration, lang);
    // A caption that already begins with its kind ("Illustration: ...") says it once.
    if (caption.rfind(k, 0) == 0) return caption;
    return caption.empty() ? k : k + " \u00B7 " + caption;
}

float CaptionWidth(const Painter& p, const Rect& r, int count) {
    if (count <= 1) return r.w;
    const std::string pos = TrFormat(UiText::ImageOf, p.ctx.state->lang, count, count);
    return r.w - TextWidth(p.f.small, p.m.small_px * 0.9f, pos) - p.m.gap;
}

float DrawCaption(Painter& p, const Rect& r, const std::string& caption, ImageKind kind, int index,
                  int count, int max_lines, float scroll = 0, bool draw = true) {
    const State& s = *p.ctx.state;
    const std::string line = CaptionLine(caption, kind, s.lang);
    const float w = CaptionWidth(p, r, count);
    const float size = p.m.small_px * 0.9f;
    if (!draw) return MeasureText(p.f.small, size, w, line, 1.35f);
    if (count > 1) {
        const std::string pos = TrFormat(UiText::ImageOf, s.lang, index + 1, count);
        const float pw = TextWidth(p.f.small, size, pos);
        p.dl->AddText(p.f.small, size, V(r.x + r.w - pw, r.y), Col(p.th.muted_text), pos.c_str());
    }
    return DrawText(p, p.f.small, size, r.x, r.y - scroll, w, line, Col(p.th.muted_text), max_lines,
                    false, 1.35f);
}

// [SECTION] Video and narration ---------------------------------------------------

// The play mark: a triangle; while playing, two bars (pause).
void PlayIcon(Painter& p, float cx, float cy, float size, bool playing, ImU32 col) {
    if (playing) {
        const float w = size * 0.28f, gap = size * 0.22f;
        p.dl->AddRectFilled(V(cx - gap - w, cy - size * 0.5f), V(cx - gap, cy + size * 0.5f), col);
        p.dl->AddRectFilled(V(cx + gap, cy - size * 0.5f), V(cx + gap + w, cy + size * 0.5f), col);
    } else {
        p.dl->AddTriangleFilled(V(cx - size * 0.38f, cy - size * 0.5f), V(cx + size * 0.5f, cy),
                                V(cx - size * 0.38f, cy + size * 0.5f), col);
    }
}

// A large bar of where playback is. While its media plays, a tap anywhere
// on it goes there (slices of the bar, each a hit region of its own: one
// finger's width is a few seconds of a long video); before, a tap starts it.
void ProgressBar(Painter& p, const Rect& r, float fraction, bool active, Action start) {
    const float track = std::max(6.0f, 10 * p.m.scale);
    const float cy = r.y + r.h / 2;
    const float x1 = r.x + r.w * std::clamp(fraction, 0.0f, 1.0f);
    p.dl->AddRectFilled(V(r.x, cy - track / 2), V(r.x + r.w, cy + track / 2), Col(p.th.surface),
                        track / 2);
    p.dl->AddRect(V(r.x, cy - track / 2), V(r.x + r.w, cy + track / 2), Col(p.th.outline),
                  track / 2, 0, std::max(1.0f, p.m.scale));
    if (x1 > r.x + 1)
        p.dl->AddRectFilled(V(r.x, cy - track / 2), V(x1, cy + track / 2), Col(p.th.accent),
                            track / 2);
    if (active) p.dl->AddCircleFilled(V(x1, cy), track * 1.3f, Col(p.th.text), 24);
    if (!active) {
        AddHit(p, r, start);
        return;
    }
    constexpr int kSlices = 40;
    for (int i = 0; i < kSlices; ++i) {
        const float w = r.w / kSlices;
        AddHit(p, {r.x + w * static_cast<float>(i), r.y, w, r.h},
               {ActionType::SeekMedia, (2 * i + 1) * 1000 / (2 * kSlices)});
    }
}

std::string TimeText(int64_t position_ms, int64_t duration_ms) {
    return FormatMediaTime(position_ms) + " / " + FormatMediaTime(duration_ms);
}

// Play/pause, the bar, the time and (beside a picture) Enlarge, in a row.
void MediaControls(Painter& p, const Rect& row, bool active, bool playing, int64_t position_ms,
                   int64_t duration_ms, Action toggle, bool enlarge) {
    const State& s = *p.ctx.state;
    const float h = row.h;
    Button(p, {row.x, row.y, h, h}, "", toggle);
    PlayIcon(p, row.x + h / 2, row.y + h / 2, h * 0.36f, playing, Col(p.th.text));
    // On a narrow row the bar keeps its room: Enlarge goes first (a tap on
    // the caption enlarges too), then the time.
    const float gap = p.m.gap * 0.6f;
    const std::string enlarge_label = Tr(UiText::Enlarge, s.lang);
    const float bw = ButtonWidth(p, enlarge_label);
    const std::string time = TimeText(active ? position_ms : 0, duration_ms);
    const float tw = TextWidth(p.f.small, p.m.small_px, TimeText(duration_ms, duration_ms));
    const float room = row.w - h - gap - p.m.target_px * 1.5f;
    const bool show_time = room >= tw + gap;
    const bool show_enlarge = enlarge && room >= tw + bw + 2 * gap;
    float right = row.x + row.w;
    if (show_enlarge) {
        right -= bw;
        Button(p, {right, row.y, bw, h}, enlarge_label, {ActionType::EnlargeImage});
        right -= gap;
    }
    if (show_time) {
        right -= tw;
        p.dl->AddText(p.f.small, p.m.small_px, V(right, row.y + (h - p.m.small_px * 1.3f) / 2),
                      Col(p.th.text), time.c_str());
        right -= gap;
    }
    const float bx = row.x + h + p.m.gap * 0.6f;
    if (right - bx > p.m.target_px)
        ProgressBar(p, {bx, row.y, right - bx, h},
                    duration_ms > 0 && active
                        ? static_cast<float>(position_ms) / static_cast<float>(duration_ms)
                        : 0.0f,
                    active, toggle);
}

// Subtitles in the kiosk's own fonts over the bottom of the picture, on a
// dark band (Larger text and High contrast apply like everywhere).
void DrawSubtitle(Painter& p, const Rect& picture, const std::string& text) {
    // Reading size, but never more than a tenth of a small picture's height.
    const float size = std::min(p.m.body_px, std::max(p.m.small_px, picture.h / 10));
    const float w = picture.w * 0.9f;
    const float th = MeasureText(p.f.body, size, w, text, 1.3f);
    const float pad = p.m.gap * 0.4f;
    const float y = picture.y + picture.h - th - 2 * pad - p.m.gap * 0.5f;
    float widest = 0;
    for (const auto& line : WrapLines(p.f.body, size, text, w))
        widest = std::max(widest, TextWidth(p.f.body, size, line));
    const float x = picture.x + (picture.w - widest) / 2;
    // Inside the picture, whatever the cue's length (the last lines show).
    p.dl->PushClipRect(V(picture.x, picture.y), V(picture.x + picture.w, picture.y + picture.h),
                       true);
    p.dl->AddRectFilled(V(x - pad * 1.5f, y - pad), V(x + widest + pad * 1.5f, y + th + pad),
                        Col(p.th.background, 0.85f), 6 * p.m.scale);
    DrawText(p, p.f.body, size, picture.x + (picture.w - w) / 2, y, w, text, Col(p.th.text), 0,
             true, 1.3f);
    p.dl->PopClipRect();
}

// A video of the panel at picture position `picture`, fitted into `r` with
// its controls under it: the poster until it plays, its frames while it
// does, its subtitles in the visitor's language. Returns the rect used.
// `enlarged`: the whole content area is the video's, and it always keeps its
// controls. `picture_out` receives the picture's own rect (where a swipe
// changes pictures; never the controls, where a drag must not).
Rect DrawVideo(Painter& p, const PanelVideo& v, int picture, const Rect& r, bool enlarged,
               Rect* picture_out) {
    const State& s = *p.ctx.state;
    const bool active = s.media.kind == MediaKind::Video && s.media.picture == picture &&
                        s.media.media_id == v.media_id;
    const bool playing = active && !s.media.paused;
    const float ctl_h = p.m.target_px;
    // Too little room for a picture and a row of controls (a short screen
    // with Larger text): the picture alone, a tap plays and pauses it, and
    // Enlarge (the caption) gives it the whole screen with its controls.
    const bool compact = !enlarged && r.h < ctl_h * 2.5f;
    const Rect pr = compact ? r : Rect{r.x, r.y, r.w, std::max(1.0f, r.h - ctl_h - p.m.gap * 0.5f)};
    const float aspect = v.width > 0 && v.height > 0
                             ? static_cast<float>(v.width) / static_cast<float>(v.height)
                             : 16.0f / 9.0f;
    float w = pr.w, h = pr.w / aspect;
    if (h > pr.h) {
        h = pr.h;
        w = pr.h * aspect;
    }
    const Rect fit{pr.x + (pr.w - w) / 2, pr.y + (pr.h - h) / 2, w, h};
    if (picture_out) *picture_out = fit;
    if (active && p.ctx.media.picture) {
        p.dl->AddRectFilled(V(fit.x, fit.y), V(fit.x + fit.w, fit.y + fit.h), IM_COL32_BLACK);
        p.dl->AddImage(p.ctx.media.picture, V(fit.x, fit.y), V(fit.x + fit.w, fit.y + fit.h));
        p.out.video = fit;
    } else if (v.poster_image_id != 0) {
        DrawImage(p, SizedKey(v.poster_image_id, fit), fit, 1.0f);
    } else {
        p.dl->AddRectFilled(V(fit.x, fit.y), V(fit.x + fit.w, fit.y + fit.h),
                            Col(p.th.placeholder));
    }
    if (!playing) {
        // The big play mark: what a visitor who never saw the kiosk taps.
        const float rad = std::max(p.m.target_px * 0.6f, std::min(fit.w, fit.h) * 0.11f);
        const float cx = fit.x + fit.w / 2, cy = fit.y + fit.h / 2;
        p.dl->AddCircleFilled(V(cx, cy), rad, Col(p.th.background, 0.75f), 48);
        p.dl->AddCircle(V(cx, cy), rad, Col(p.th.text), 48, std::max(2.0f, 3 * p.m.scale));
        PlayIcon(p, cx + rad * 0.08f, cy, rad * 0.9f, false, Col(p.th.text));
    }
    AddHit(p, GrowToMinimum(fit, p.m.target_px, pr), {ActionType::ToggleVideo, picture});
    // Subtitles need a picture at least a few lines tall; a smaller one is
    // watched enlarged.
    if (active && fit.h >= p.m.small_px * 5) {
        if (const auto it = v.cues.find(s.lang); it != v.cues.end())
            if (const SubtitleCue* cue = CueAt(it->second, p.ctx.media.position_ms))
                DrawSubtitle(p, fit, cue->text);
    }
    if (compact) return fit;
    const float row_w = std::min(r.w, std::max(fit.w, p.m.target_px * 9));
    const Rect row{r.x + (r.w - row_w) / 2, fit.y + fit.h + p.m.gap * 0.5f, row_w, ctl_h};
    MediaControls(p, row, active, playing, p.ctx.media.position_ms,
                  active && p.ctx.media.duration_ms > 0 ? p.ctx.media.duration_ms : v.duration_ms,
                  {ActionType::ToggleVideo, picture}, !enlarged);
    return {r.x, fit.y, r.w, row.y + row.h - fit.y};
}

// "Listen" and its progress under the panel text, with "Synthetic voice"
// when the exhibit says its narration is not a recorded voice.
void DrawNarration(Painter& p, const PanelNarration& n, const Rect& r) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const bool active = s.media.kind == MediaKind::Narration && s.media.media_id == n.media_id;
    const bool playing = active && !s.media.paused;
    const float h = p.m.target_px;
    const std::string label = Tr(playing ? UiText::Pause : UiText::Listen, s.lang);
    const float icon = h * 0.36f;
    const float bw = std::max(ButtonWidth(p, Tr(UiText::Listen, s.lang)),
                              ButtonWidth(p, Tr(UiText::Pause, s.lang))) +
                     icon + p.m.gap * 0.5f;
    const Action toggle{ActionType::ToggleNarration};
    Button(p, {r.x, r.y, bw, h}, "", toggle);
    PlayIcon(p, r.x + p.m.gap + icon / 2, r.y + h / 2, icon, playing, Col(p.th.text));
    const float lx = r.x + p.m.gap * 1.5f + icon;
    const float lw = bw - (lx - r.x);
    p.dl->AddText(p.f.small, p.m.small_px,
                  V(lx + (lw - TextWidth(p.f.small, p.m.small_px, label)) / 2,
                    r.y + (h - p.m.small_px * 1.3f) / 2),
                  Col(p.th.text), label.c_str());
    const int64_t duration =
        active && p.ctx.media.duration_ms > 0 ? p.ctx.media.duration_ms : n.duration_ms;
    const int64_t position = active ? p.ctx.media.position_ms : 0;
    const std::string time = TimeText(position, duration);
    // On a narrow column the bar goes first, then the time: Listen stays.
    const float tw = TextWidth(p.f.small, p.m.small_px, TimeText(duration, duration));
    const float gap = p.m.gap * 0.6f;
    const bool show_time = r.w - bw >= tw + gap;
    const float tx = show_time ? r.x + r.w - tw : r.x + r.w + gap;
    if (show_time)
        p.dl->AddText(p.f.small, p.m.small_px, V(tx, r.y + (h - p.m.small_px * 1.3f) / 2),
                      Col(p.th.text), time.c_str());
    const float bx = r.x + bw + gap, bend = tx - gap;
    if (bend - bx > p.m.target_px)
        ProgressBar(p, {bx, r.y, bend - bx, h},
                    duration > 0 ? static_cast<float>(position) / static_cast<float>(duration)
                                 : 0.0f,
                    active, toggle);
    if (ex.synthetic_narration) {
        const std::string note = Tr(UiText::SyntheticVoice, s.lang);
        DrawText(p, p.f.small, p.m.small_px * 0.85f, r.x, r.y + h + p.m.gap * 0.3f, r.w, note,
                 Col(p.th.muted_text), 1, false, 1.3f);
    }
}

// The height DrawNarration takes.
float NarrationHeight(const Painter& p) {
    return p.m.target_px + (p.ctx.exhibit->synthetic_narration
                                ? p.m.small_px * 0.85f * 1.3f + p.m.gap * 0.3f
                                : 0.0f);
}

// A video's caption line: its kind, "Video" and its length.
std::string VideoCaption(const PanelVideo& v, const std::string& lang) {
    return Tr(UiText::Video, lang) + " \u00B7 " + FormatMediaTime(v.duration_ms);
}

void DrawPanel(Painter& p, float& text_max) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const Panel* panel = PanelAt(ex, s.panel);
    if (!panel) return;
    DrawTopBar(p, TitleFor(ex, s.lang), true);
    const int count = PictureCount(*panel);
    const bool has_image = count > 0;
    PanelAreas a = LayoutPanel(p.m, has_image);
    if (has_image) {
        const int idx = std::clamp(s.image, 0, count - 1);
        const PanelImage* im = idx < static_cast<int>(panel->images.size())
                                   ? &panel->images[static_cast<size_t>(idx)]
                                   : nullptr;
        const PanelVideo* video = VideoAt(*panel, idx);
        // Three caption lines under the picture; two on a short screen,
        // where the picture needs the room (the enlarged view shows all).
        // One on a very short one (a portrait 7-inch screen with larger text).
        const int cap_lines = a.image.h < p.m.small_px * 7    ? 1
                              : a.image.h < p.m.small_px * 14 ? 2
                                                              : 3;
        const float cap_h =
            std::round(p.m.small_px * 0.9f * 1.35f) * static_cast<float>(cap_lines) +
            p.m.gap * 0.5f;
        float arrows_w = 0;
        if (count > 1) arrows_w = p.m.target_px + p.m.gap * 0.5f;
        const Rect ir{a.image.x + arrows_w, a.image.y, a.image.w - 2 * arrows_w, a.image.h - cap_h};
        Rect drawn, swipe = ir;
        if (im) {
            drawn = DrawImage(p, SizedKey(ImageIdFor(*im, s.lang), ir), ir, 1.0f);
            // A panorama is drawn as a thin strip; its tap target is never
            // smaller than a finger, whatever the picture's shape.
            AddHit(p, GrowToMinimum(drawn, p.m.target_px, ir), {ActionType::EnlargeImage});
        } else if (video) {
            drawn = DrawVideo(p, *video, idx, ir, false, &swipe);
        }
        if (p.interactive) p.out.swipes.push_back({swipe});
        if (count > 1) {
            const float by = ir.y + ir.h / 2 - p.m.target_px / 2;
            ArrowButton(p, {a.image.x, by, p.m.target_px, p.m.target_px}, -1,
                        {ActionType::PrevImage}, idx > 0);
            ArrowButton(p,
                        {a.image.x + a.image.w - p.m.target_px, by, p.m.target_px, p.m.target_px},
                        +1, {ActionType::NextImage}, idx + 1 < count);
        }
        // The caption sits right under the picture it describes, cut to three
        // lines here; a tap on it opens the enlarged view, where it is whole.
        // Under the arrows too: they sit beside the picture, not the caption.
        const Rect cr{a.image.x, drawn.y + drawn.h + p.m.gap * 0.5f, a.image.w, cap_h};
        const float ch =
            im ? DrawCaption(p, cr, CaptionFor(ex, *im, s.lang), im->kind, idx, count, cap_lines)
               : DrawCaption(p, cr, VideoCaption(*video, s.lang), video->kind, idx, count,
                             cap_lines);
        if (ch > 0)
            AddHit(p, {cr.x, cr.y, CaptionWidth(p, cr, count), ch}, {ActionType::EnlargeImage});
    }
    // Listen: under the text column, which gives up the room for it.
    if (const PanelNarration* narration = NarrationFor(*panel, s.lang)) {
        const float nh = NarrationHeight(p);
        DrawNarration(p, *narration, {a.text.x, a.text.y + a.text.h - nh, a.text.w, nh});
        a.text.h -= nh + p.m.gap;
    }
    const PanelText* text = TextFor(ex, *panel, s.lang);
    std::vector<float> tops;
    const float content_h = DrawBody(p, a.text, *panel, text, 0, false, &tops);
    text_max = std::max(0.0f, content_h - a.text.h);
    // Right after Larger text or a language change the reader's paragraph
    // comes back to the top (Step makes it the scroll on the next frame).
    float scroll = std::min(s.text_scroll, text_max);
    if (s.text_anchor >= 0)
        scroll = tops.empty()
                     ? 0.0f
                     : std::min(tops[std::min(static_cast<size_t>(s.text_anchor), tops.size() - 1)],
                                text_max);
    p.out.text_blocks = std::move(tops);
    p.out.text_blocks_large = s.large_text;
    p.out.text_blocks_lang = s.lang;
    p.dl->PushClipRect(V(a.text.x - 2, a.text.y), V(a.text.x + a.text.w + 2, a.text.y + a.text.h),
                       true);
    DrawBody(p, a.text, *panel, text, scroll, true);
    p.dl->PopClipRect();
    // Without a picture the text column stands in the middle; a drag in the
    // empty margins beside it scrolls it too.
    const Rect scroll_area =
        has_image ? a.text : Rect{0, a.text.y, static_cast<float>(p.m.width), a.text.h};
    if (p.interactive) p.out.scrolls.push_back({scroll_area, ScrollTarget::Text, text_max});
    if (text_max > 0) {
        // Where the reader is in a long text: a thin track beside the column,
        // and a soft fade at the edge where more text waits.
        const float track_x = a.text.x + a.text.w + p.m.gap * 0.6f;
        const float thumb_h = std::max(p.m.gap * 2, a.text.h * a.text.h / content_h);
        const float thumb_y = a.text.y + (a.text.h - thumb_h) * (scroll / text_max);
        p.dl->AddRectFilled(V(track_x, a.text.y), V(track_x + 4 * p.m.scale, a.text.y + a.text.h),
                            Col(p.th.surface), 2);
        p.dl->AddRectFilled(V(track_x - 1, thumb_y), V(track_x + 5 * p.m.scale, thumb_y + thumb_h),
                            Col(p.th.muted_text), 3);
        if (scroll < text_max - 1) {
            const float fh = p.m.body_px * 2.5f;
            p.dl->AddRectFilledMultiColor(V(a.text.x - 2, a.text.y + a.text.h - fh),
                                          V(a.text.x + a.text.w + 2, a.text.y + a.text.h),
                                          Col(p.th.background, 0), Col(p.th.background, 0),
                                          Col(p.th.background, 1), Col(p.th.background, 1));
        }
    }
}

void DrawEnlarged(Painter& p, float& text_max) {
    const State& s = *p.ctx.state;
    const Exhibit& ex = *p.ctx.exhibit;
    const Panel* panel = PanelAt(ex, s.panel);
    if (!panel || PictureCount(*panel) == 0) return;
    const int count = PictureCount(*panel);
    const int idx = std::clamp(s.image, 0, count - 1);
    const PanelVideo* video = VideoAt(*panel, idx);
    const float W = static_cast<float>(p.m.width);
    DrawTopBar(p, PanelTitle(ex, *panel, s.lang), false);
    // Close sits where the panel arrows were: top right, large.
    const std::string close = Tr(UiText::Close, s.lang);
    const float cw = ButtonWidth(p, close);
    const float bh = std::min(p.m.target_px, p.m.top_h - p.m.gap);
    p.dl->AddRectFilled(V(W - p.m.margin - cw - p.m.gap, 0), V(W, p.m.top_h - 2),
                        Col(p.th.background));
    Button(p, {W - p.m.margin - cw, (p.m.top_h - bh) / 2, cw, bh}, close, {ActionType::CloseImage});
    const Rect c = ContentArea(p.m);
    if (video) {
        // The video as large as the screen allows, its controls under it.
        const float cap = std::round(p.m.small_px * 0.9f * 1.35f) + p.m.gap;
        const Rect vr{p.m.margin, c.y + p.m.gap, c.w - 2 * p.m.margin, c.h - cap - 2 * p.m.gap};
        Rect swipe;
        const Rect drawn = DrawVideo(p, *video, idx, vr, true, &swipe);
        if (p.interactive) p.out.swipes.push_back({swipe});
        DrawCaption(p, {vr.x, drawn.y + drawn.h + p.m.gap * 0.5f, vr.w, cap},
                    VideoCaption(*video, s.lang), video->kind, idx, count, 1);
        text_max = 0;
        return;
    }
    const PanelImage& im = panel->images[static_cast<size_t>(idx)];
    // The caption is shown whole here: the picture gives up room for it, and
    // one longer than two-fifths of the screen scrolls under the picture.
    const float cap_w = c.w - 2 * p.m.margin;
    const Rect cap_probe{p.m.margin, 0, cap_w, 0};
    const float full_h =
        DrawCaption(p, cap_probe, CaptionFor(ex, im, s.lang), im.kind, idx, count, 0, 0, false);
    const float cap_h = std::min(full_h, std::round(c.h * 0.4f));
    const Rect ir{p.m.margin, c.y + p.m.gap, cap_w, c.h - cap_h - 2.5f * p.m.gap};
    const Rect drawn = DrawImage(p, SizedKey(ImageIdFor(im, s.lang), ir), ir, 1.0f);
    if (p.interactive) p.out.swipes.push_back({ir});
    const Rect cr{ir.x, drawn.y + drawn.h + p.m.gap * 0.5f, ir.w, cap_h};
    text_max = std::max(0.0f, full_h - cap_h);
    const float scroll = std::min(s.text_scroll, text_max);
    p.dl->PushClipRect(V(cr.x, cr.y), V(cr.x + cr.w, cr.y + cr.h + 2), true);
    DrawCaption(p, cr, CaptionFor(ex, im, s.lang), im.kind, idx, count, 0, scroll);
    p.dl->PopClipRect();
    if (text_max > 0) {
        if (p.interactive) p.out.scrolls.push_back({cr, ScrollTarget::Text, text_max});
        if (scroll < text_max - 1) {
            const float fh = p.m.small_px * 1.5f;
            p.dl->AddRectFilledMultiColor(V(cr.x, cr.y + cr.h - fh), V(cr.x + cr.w, cr.y + cr.h),
                                          Col(p.th.background, 0), Col(p.th.background, 0),
                                          Col(p.th.background, 1), Col(p.th.background, 1));
        }
    }
}

// [SECTION] Overlays -------------------------------------------------------------

void DrawStillThere(Painter& p) {
    const State& s = *p.ctx.state;
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    p.dl->AddRectFilled(V(0, 0), V(W, H), Col(p.th.background, 0.88f));
    const float cw = std::min(W - 2 * p.m.margin, p.m.body_px * 30);
    const std::string title = Tr(UiText::StillThere, s.lang);
    const int secs = StillThereSecondsLeft(s, *p.ctx.settings, p.ctx.now_ms);
    const std::string hint = TrFormat(UiText::StillThereHint, s.lang, secs, 0);
    const float th = MeasureText(p.f.title, p.m.title_px, cw - 2 * p.m.gap, title, 1.25f);
    const float hh = MeasureText(p.f.body, p.m.body_px, cw - 2 * p.m.gap, hint);
    const float ch = th + hh + p.m.target_px + 4 * p.m.gap;
    const float x = (W - cw) / 2, y = (H - ch) / 2;
    p.dl->AddRectFilled(V(x, y), V(x + cw, y + ch), Col(p.th.surface), 12 * p.m.scale);
    p.dl->AddRect(V(x, y), V(x + cw, y + ch), Col(p.th.outline), 12 * p.m.scale, 0, 2 * p.m.scale);
    float ty = y + p.m.gap;
    ty += DrawText(p, p.f.title, p.m.title_px, x + p.m.gap, ty, cw - 2 * p.m.gap, title,
                   Col(p.th.text), 0, true, 1.25f);
    ty += DrawText(p, p.f.body, p.m.body_px, x + p.m.gap, ty, cw - 2 * p.m.gap, hint,
                   Col(p.th.text), 0, true);
    // A countdown bar: the time left is shown by length, not only by number.
    const float left =
        static_cast<float>(std::max<int64_t>(
            0, s.still_there_since_ms + p.ctx.settings->still_there_ms - p.ctx.now_ms)) /
        static_cast<float>(std::max<int64_t>(1, p.ctx.settings->still_there_ms));
    p.dl->AddRectFilled(
        V(x + p.m.gap, ty + p.m.gap * 0.3f),
        V(x + p.m.gap + (cw - 2 * p.m.gap) * left, ty + p.m.gap * 0.3f + 6 * p.m.scale),
        Col(p.th.accent));
    const std::string cont = Tr(UiText::ContinueVisit, s.lang);
    const float bw = ButtonWidth(p, cont);
    Painter q = p;
    q.interactive = true;
    Button(q, {(W - bw) / 2, ty + p.m.gap * 1.2f, bw, p.m.target_px}, cont, {ActionType::Continue});
}

// The band a menu opens in, right above the bottom bar, with room for
// `rows` rows of buttons; returns its top. A tap on the band between its
// buttons closes the menu and reaches nothing under it.
float MenuBand(Painter& p, int rows) {
    const float W = static_cast<float>(p.m.width);
    const float bottom = static_cast<float>(p.m.height) - p.m.bar_h;
    const float h = static_cast<float>(rows) * (p.m.target_px + p.m.gap) + p.m.gap;
    p.dl->AddRectFilled(V(0, bottom - h), V(W, bottom), Col(p.th.surface));
    p.dl->AddLine(V(0, bottom - h), V(W, bottom - h), Col(p.th.outline), 2);
    AddHit(p, {0, bottom - h, W, h}, {ActionType::None});
    return bottom - h;
}

// Larger text and High contrast, one above the other over the bar's "Aa"
// button. The menu is drawn at the bar's size, as the bar is, so a toggle
// stays under the finger that pressed it.
void DrawReadingMenu(Painter& p, const std::vector<BarItem>& toggles) {
    const float W = static_cast<float>(p.m.width);
    float w = 0;
    for (const BarItem& t : toggles)
        w = std::max(w, t.width);
    w = std::min(w, W - 2 * p.m.margin);
    float y = MenuBand(p, static_cast<int>(toggles.size())) + p.m.gap;
    for (const BarItem& t : toggles) {
        Toggle(p, {W - p.m.margin - w, y, w, p.m.target_px}, t.label, t.on, t.action);
        y += p.m.target_px + p.m.gap;
    }
}

void DrawLanguageMenu(Painter& p) {
    const Exhibit& ex = *p.ctx.exhibit;
    const State& s = *p.ctx.state;
    const float W = static_cast<float>(p.m.width);
    float maxw = 0;
    for (const auto& l : ex.languages)
        maxw = std::max(maxw, ButtonWidth(p, NativeLanguageName(l)));
    const int cols = std::max(1, static_cast<int>((W - 2 * p.m.margin) / (maxw + p.m.gap)));
    const int rows = (static_cast<int>(ex.languages.size()) + cols - 1) / cols;
    const float top = MenuBand(p, rows);
    for (size_t i = 0; i < ex.languages.size(); ++i) {
        const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
        const Rect b{p.m.margin + static_cast<float>(c) * (maxw + p.m.gap),
                     top + p.m.gap + static_cast<float>(r) * (p.m.target_px + p.m.gap), maxw,
                     p.m.target_px};
        Button(p, b, NativeLanguageName(ex.languages[i]),
               {ActionType::SetLanguage, static_cast<int>(i)},
               ex.languages[i] == s.lang ? ButtonLook::Selected : ButtonLook::Plain);
    }
}

void DrawUnavailable(Painter& p) {
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    // Drifts slowly (a new place every minute) so nothing burns in.
    const int slot = static_cast<int>((p.ctx.now_ms / 60000) % 5);
    const float dy = (static_cast<float>(slot) - 2.0f) * p.m.gap * 2;
    float y = H * 0.32f + dy;
    for (const char* lang : {"en", "az", "ru"}) {
        y += DrawText(p, p.f.title, p.m.title_px * 0.8f, p.m.margin, y, W - 2 * p.m.margin,
                      Tr(UiText::ExhibitUnavailable, lang), Col(p.th.text), 0, true, 1.3f);
        y += DrawText(p, p.f.small, p.m.small_px, p.m.margin, y, W - 2 * p.m.margin,
                      Tr(UiText::ExhibitUnavailableHint, lang), Col(p.th.muted_text), 0, true);
        y += p.m.gap * 1.5f;
    }
}

// [SECTION] Staff ------------------------------------------------------------------
// In English only: staff are few and trained; visitors never see these screens.

void DrawPinPad(Painter& p) {
    const State& s = *p.ctx.state;
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    p.dl->AddRectFilled(V(0, 0), V(W, H), Col(p.th.background));
    const float key = std::max(p.m.target_px, 110 * p.m.scale);
    const float pad_w = key * 3 + p.m.gap * 2;
    const float x0 = (W - pad_w) / 2;
    float y = std::max(p.m.margin, (H - (key * 4 + p.m.gap * 3) - p.m.title_px * 3.5f) / 2);
    DrawText(p, p.f.title, p.m.title_px * 0.8f, 0, y, W, "Staff: enter the PIN", Col(p.th.text), 1,
             true, 1.3f);
    y += p.m.title_px * 1.2f;
    // One dot per digit: the PIN itself is never shown.
    const float dot_r = p.m.body_px * 0.25f;
    const float dots_w = static_cast<float>(s.pin_entry.size()) * dot_r * 3;
    for (size_t i = 0; i < s.pin_entry.size(); ++i)
        p.dl->AddCircleFilled(
            V((W - dots_w) / 2 + dot_r * 1.5f + static_cast<float>(i) * dot_r * 3, y + dot_r * 2),
            dot_r, Col(p.th.text), 16);
    y += dot_r * 5;
    if (!s.admin_message.empty()) {
        DrawText(p, p.f.small, p.m.small_px, 0, y, W, s.admin_message, Col(p.th.text), 2, true);
    }
    y += p.m.small_px * 2.2f;
    const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Delete", "0", "OK"};
    for (int i = 0; i < 12; ++i) {
        const Rect r{x0 + static_cast<float>(i % 3) * (key + p.m.gap),
                     y + static_cast<float>(i / 3) * (key + p.m.gap), key, key};
        Action a{ActionType::AdminDigit, i + 1};
        if (i == 9) a = {ActionType::AdminBackspace};
        if (i == 10) a = {ActionType::AdminDigit, 0};
        if (i == 11) a = {ActionType::AdminSubmit};
        Button(p, r, labels[i], a, i == 11 ? ButtonLook::Selected : ButtonLook::Plain);
    }
    const float cw = ButtonWidth(p, "Cancel");
    Button(p, {W - p.m.margin - cw, p.m.margin, cw, p.m.target_px}, "Cancel",
           {ActionType::AdminClose});
}

void DrawAdminPanel(Painter& p) {
    const State& s = *p.ctx.state;
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    p.dl->AddRectFilled(V(0, 0), V(W, H), Col(p.th.background));
    DrawText(p, p.f.title, p.m.title_px * 0.8f, p.m.margin, p.m.margin * 0.6f, W - 2 * p.m.margin,
             "Staff panel", Col(p.th.text), 1, false, 1.3f);
    const float close_w = ButtonWidth(p, "Close");
    Button(p, {W - p.m.margin - close_w, p.m.margin * 0.5f, close_w, p.m.target_px}, "Close",
           {ActionType::AdminClose});
    const float top = p.m.margin * 0.6f + p.m.title_px * 1.4f;
    const float col_w = p.m.portrait ? W - 2 * p.m.margin : (W - 3 * p.m.margin) * 0.55f;
    float y = top;
    const float label_w = col_w * 0.38f;
    if (p.ctx.admin) {
        for (const auto& [label, value] : p.ctx.admin->facts) {
            p.dl->AddText(p.f.small, p.m.small_px * 0.9f, V(p.m.margin, y), Col(p.th.muted_text),
                          label.c_str());
            y += DrawText(p, p.f.small, p.m.small_px * 0.9f, p.m.margin + label_w, y,
                          col_w - label_w, value, Col(p.th.text), 2, false, 1.3f);
            y += p.m.gap * 0.25f;
        }
    }
    // Actions: in the right column (landscape) or below (portrait).
    float ax = p.m.portrait ? p.m.margin : p.m.margin * 2 + col_w;
    float ay = p.m.portrait ? y + p.m.gap : top + p.m.gap;
    const float aw = p.m.portrait ? W - 2 * p.m.margin : W - ax - p.m.margin;
    if (!s.admin_message.empty()) {
        ay += DrawText(p, p.f.small, p.m.small_px, ax, ay, aw, s.admin_message, Col(p.th.text), 3) +
              p.m.gap * 0.5f;
    }
    auto action = [&](const std::string& label, Action a) {
        Button(p, {ax, ay, aw, p.m.target_px}, label, a);
        ay += p.m.target_px + p.m.gap * 0.6f;
    };
    action("Touch test pattern", {ActionType::AdminTestPattern});
    action("Screen off until opening time", {ActionType::AdminScreenOff});
    action("Restart the kiosk", {ActionType::AdminRestart});
    if (p.ctx.admin && !p.ctx.admin->previous_packages.empty()) {
        ay += p.m.gap * 0.5f;
        p.dl->AddText(p.f.small, p.m.small_px * 0.9f, V(ax, ay), Col(p.th.muted_text),
                      "Roll back to an earlier exhibit:");
        ay += p.m.small_px * 1.5f;
        for (size_t i = 0; i < p.ctx.admin->previous_packages.size() && i < 4; ++i)
            action("Roll back to " + p.ctx.admin->previous_packages[i],
                   {ActionType::AdminRollback, static_cast<int>(i)});
    }
    (void)s;
}

// A calibration grid: lines every ~12 mm target, crosses at the corners and
// the centre, and a ring where each touch landed, to check touch alignment.
void DrawTestPattern(Painter& p) {
    const State& s = *p.ctx.state;
    const float W = static_cast<float>(p.m.width), H = static_cast<float>(p.m.height);
    p.dl->AddRectFilled(V(0, 0), V(W, H), IM_COL32(0, 0, 0, 255));
    const float step = p.m.target_px;
    for (float x = 0; x <= W; x += step)
        p.dl->AddLine(V(x, 0), V(x, H), IM_COL32(90, 90, 90, 255), 1);
    for (float y = 0; y <= H; y += step)
        p.dl->AddLine(V(0, y), V(W, y), IM_COL32(90, 90, 90, 255), 1);
    const float c = step * 0.4f;
    for (auto [x, y] : {std::pair{c, c}, std::pair{W - c, c}, std::pair{c, H - c},
                        std::pair{W - c, H - c}, std::pair{W / 2, H / 2}}) {
        p.dl->AddLine(V(x - c, y), V(x + c, y), IM_COL32(255, 255, 255, 255), 2);
        p.dl->AddLine(V(x, y - c), V(x, y + c), IM_COL32(255, 255, 255, 255), 2);
    }
    for (const auto& [x, y] : s.test_points)
        p.dl->AddCircle(V(x, y), step * 0.25f, IM_COL32(255, 216, 74, 255), 24, 3);
    const std::string info = std::to_string(p.m.width) + " x " + std::to_string(p.m.height) +
                             " px, grid " + std::to_string(static_cast<int>(step)) + " px";
    p.dl->AddText(p.f.small, p.m.small_px, V(step * 1.2f, step * 1.2f),
                  IM_COL32(255, 255, 255, 255), info.c_str());
    const float cw = ButtonWidth(p, "Close");
    Button(p, {(W - cw) / 2, H - step * 2.2f, cw, p.m.target_px}, "Close",
           {ActionType::AdminCloseTestPattern});
}

} // namespace

// [SECTION] Frame ------------------------------------------------------------------

// The glyphs the atlas needs are the ones the package rules count (core/glyphs),
// each once: the atlas builder needs no copy of every text.
std::string AllText(const Exhibit& ex) {
    return GlyphsText(ex);
}

FrameResult DrawFrame(const DrawContext& ctx) {
    FrameResult result;
    FrameLayout& out = result.layout;
    float& text_max = result.text_max;
    float& home_max = result.home_max;
    const State& s = *ctx.state;
    const Theme& th = s.high_contrast ? HighContrastTheme() : NormalTheme();
    Painter p{ImGui::GetBackgroundDrawList(),
              th,
              ctx.fonts->For(s.large_text),
              ComputeMetrics(ctx.width, ctx.height, ctx.dpi, s.large_text),
              ctx,
              out};
    // No full-screen background quad: the renderer clears to this colour,
    // which costs a software rasteriser far less than blending a quad.
    result.background = th.background;
    text_max = s.text_scroll_max;
    home_max = s.home_scroll_max;

    if (s.screen == Screen::Unavailable || !ctx.exhibit || ctx.exhibit->panels.empty()) {
        DrawUnavailable(p);
    } else if (s.screen == Screen::Attract) {
        DrawAttract(p);
    } else {
        const Screen shown = s.screen == Screen::StillThere ? s.resume_screen : s.screen;
        p.interactive = s.screen != Screen::StillThere;
        // The bar keeps its normal size under Larger text: its labels are
        // short and already large, the reading text is what grows, and so
        // the toggle stays under the finger that pressed it (and a small
        // screen keeps room for the text).
        Painter bar_p{
            p.dl, th,  ctx.fonts->For(false), ComputeMetrics(ctx.width, ctx.height, ctx.dpi, false),
            ctx,  out, p.interactive};
        BarPlan bar = PlanBottomBar(bar_p);
        p.m.bar_h = BarHeight(bar_p.m, static_cast<int>(bar.rows.size()));
        bar_p.m.bar_h = p.m.bar_h;
        if (shown == Screen::Home)
            DrawHome(p, home_max);
        else if (s.image_enlarged)
            DrawEnlarged(p, text_max);
        else
            DrawPanel(p, text_max);
        DrawBottomBar(bar_p, bar);
        if (s.language_menu && p.interactive) DrawLanguageMenu(p);
        if (s.reading_menu && p.interactive && !bar.reading_menu.empty())
            DrawReadingMenu(bar_p, bar.reading_menu);
        if (s.screen == Screen::StillThere) DrawStillThere(p);
    }
    if (s.admin != AdminScreen::None) {
        out = {};
        Painter q{p.dl,
                  NormalTheme(),
                  ctx.fonts->For(false),
                  ComputeMetrics(ctx.width, ctx.height, ctx.dpi, false),
                  ctx,
                  out};
        result.background = NormalTheme().background;
        if (s.admin == AdminScreen::Pin)
            DrawPinPad(q);
        else if (s.admin == AdminScreen::Panel)
            DrawAdminPanel(q);
        else
            DrawTestPattern(q);
    }
    // The staff gesture's corners lie inside the margins, where no button is.
    const float corner = std::max(8.0f, p.m.margin * 0.8f);
    out.corner_hold = {0, 0, corner, corner};
    out.corner_tap = {static_cast<float>(ctx.width) - corner,
                      static_cast<float>(ctx.height) - corner, corner, corner};
    if (!ctx.status_line.empty()) {
        // The curator's answer about a USB stick: a band across the top, over
        // any screen, with a progress bar while the import runs.
        const float W = static_cast<float>(ctx.width);
        const float size = p.m.body_px;
        const float band_h = size * 1.6f + p.m.gap * (ctx.status_progress >= 0 ? 2.2f : 1.4f);
        p.dl->AddRectFilled(V(0, 0), V(W, band_h), Col(th.surface));
        p.dl->AddLine(V(0, band_h), V(W, band_h), Col(th.accent), std::max(2.0f, 3 * p.m.scale));
        DrawText(p, p.f.body, size, p.m.margin, p.m.gap * 0.6f, W - 2 * p.m.margin, ctx.status_line,
                 Col(th.text), 1, false, 1.3f);
        if (ctx.status_progress >= 0) {
            const float y = band_h - p.m.gap * 0.9f, w = W - 2 * p.m.margin;
            p.dl->AddRectFilled(V(p.m.margin, y), V(p.m.margin + w, y + 6 * p.m.scale),
                                Col(th.outline));
            p.dl->AddRectFilled(
                V(p.m.margin, y),
                V(p.m.margin + w * std::clamp(ctx.status_progress, 0.0f, 1.0f), y + 6 * p.m.scale),
                Col(th.accent));
        }
    }
    return result;
}

} // namespace kiosk
