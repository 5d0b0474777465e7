// ui/screens: how a picture is handed to the renderer. A photograph (opaque)
// at full strength is drawn between the renderer's blend-off callback and
// ImGui's render-state reset; a picture with transparency, or one fading,
// is blended. A texture marked for the renderer's picture path (B, G, R, A)
// goes only to DrawContext::pictures, with its rectangle, texture window and
// strength. Drawn on the CPU into ImGui's draw lists; no window or GL.

#include "core/layout.h"
#include "core/state.h"
#include "ui/fonts.h"
#include "ui/image_source.h"
#include "ui/screens.h"

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

void BlendOff(const ImDrawList*, const ImDrawCmd*) {}

// Every picture is ready at once, as a texture whose id is its image id.
struct ReadyImages : kiosk::ImageSource {
    bool opaque = true;
    bool picture = false;
    bool second_portrait = false; // image 101 stands (1000 x 1500)
    kiosk::ImageStatus Get(const kiosk::ImageKey& key, kiosk::TextureRef& out) override {
        out.id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(key.id));
        const bool portrait = second_portrait && key.id == 101;
        out.width = portrait ? 1000 : 1500;
        out.height = portrait ? 1500 : 1000;
        out.opaque = opaque;
        out.picture = picture;
        return kiosk::ImageStatus::Ready;
    }
    void Prefetch(const kiosk::ImageKey&) override {}
};

// What a renderer's picture path was handed.
struct RecordingSink : kiosk::PictureSink {
    std::vector<kiosk::PictureDraw> drawn;
    void Add(ImDrawList* list, const kiosk::PictureDraw& picture) override {
        drawn.push_back(picture);
        list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    }
};

kiosk::Exhibit TwoPhotos() {
    kiosk::Exhibit ex;
    ex.id = "test";
    ex.languages = {"en"};
    ex.default_language = "en";
    ex.title["en"] = "Test";
    for (int i = 0; i < 2; ++i) {
        kiosk::Panel p;
        p.id = "p" + std::to_string(i);
        p.texts["en"] = {"Panel " + std::to_string(i), "Text."};
        kiosk::PanelImage img;
        img.image_id = 100 + i;
        p.images.push_back(img);
        ex.panels.push_back(p);
    }
    return ex;
}

// What one attract frame draws from: the exhibit, its state and settings,
// the fonts and the images, at `now_ms` (the renderer's callbacks are set by
// the caller).
kiosk::DrawContext AttractContext(const kiosk::Exhibit& ex, const kiosk::State& state,
                                  const kiosk::Settings& settings, kiosk::Fonts& fonts,
                                  kiosk::ImageSource& images, int64_t now_ms) {
    kiosk::DrawContext dc;
    dc.exhibit = &ex;
    dc.state = &state;
    dc.settings = &settings;
    dc.fonts = &fonts;
    dc.images = &images;
    dc.now_ms = now_ms;
    dc.blend_off = &BlendOff;
    return dc;
}

struct Drawn {
    std::vector<intptr_t> unblended; // pictures drawn after the blend-off callback, in order
    bool blend_off_before_picture = false;
    bool reset_after_picture = false;
    int pictures = 0;
};

// Draws one attract-mode frame at `now_ms` and reads the background list.
// `sink`: the renderer's picture path, which takes the textures marked for it.
Drawn DrawAttract(bool opaque, int64_t now_ms, RecordingSink* sink = nullptr, bool picture = false,
                  bool second_portrait = false) {
    static const kiosk::FontFaces faces =
        kiosk::FindSystemFonts({"/usr/share/fonts/truetype/noto"});
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini left in the working folder
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60;
    const kiosk::Exhibit ex = TwoPhotos();
    const kiosk::Settings settings;
    kiosk::Fonts fonts =
        kiosk::BuildFonts(*io.Fonts, faces, kiosk::ComputeMetrics(1920, 1080, 96, false),
                          kiosk::ComputeMetrics(1920, 1080, 96, true), kiosk::AllText(ex), false);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    const kiosk::State state = kiosk::InitialState(ex, settings, 0);
    REQUIRE(state.screen == kiosk::Screen::Attract);
    ReadyImages images;
    images.opaque = opaque;
    images.picture = picture || sink != nullptr;
    images.second_portrait = second_portrait;
    kiosk::DrawContext dc = AttractContext(ex, state, settings, fonts, images, now_ms);
    dc.pictures = sink;
    ImGui::NewFrame();
    kiosk::DrawFrame(dc);
    ImGui::Render();
    Drawn d;
    const ImDrawList& list = *ImGui::GetBackgroundDrawList();
    bool off = false;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        if (cmd.UserCallback == &BlendOff) {
            off = true;
            continue;
        }
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
            off = false;
            continue;
        }
        const auto id = reinterpret_cast<intptr_t>(cmd.TextureId);
        if (id == 100 || id == 101) {
            ++d.pictures;
            d.blend_off_before_picture = d.blend_off_before_picture || off;
            if (off) d.unblended.push_back(id);
            // The command after the picture must reset what the callback changed.
            const ImDrawCmd* next = &cmd + 1;
            d.reset_after_picture = next < list.CmdBuffer.Data + list.CmdBuffer.Size &&
                                    next->UserCallback == ImDrawCallback_ResetRenderState;
        }
    }
    ImGui::DestroyContext(ctx);
    return d;
}

} // namespace

TEST_CASE("an opaque photograph at full strength is drawn without blending, then the state is "
          "reset") {
    const Drawn d = DrawAttract(true, 1000); // the first panel's dwell
    CHECK(d.pictures == 1);
    CHECK(d.blend_off_before_picture);
    CHECK(d.reset_after_picture);
}

TEST_CASE("a picture with transparency is always blended") {
    const Drawn d = DrawAttract(false, 1000);
    CHECK(d.pictures == 1);
    CHECK_FALSE(d.blend_off_before_picture);
}

TEST_CASE("a dissolve draws the old photograph unblended under the new one, which is blended") {
    // Attract mode's first crossfade: both panels' pictures, neither at full strength.
    const kiosk::Exhibit ex = TwoPhotos();
    const kiosk::Settings settings;
    const kiosk::State state = kiosk::InitialState(ex, settings, 0);
    int64_t mid_fade = 0;
    for (int64_t t = 0; t < 600'000 && mid_fade == 0; t += 50) {
        const kiosk::AttractView v = kiosk::ComputeAttract(state, ex, settings, t);
        if (v.mix > 0.4f && v.mix < 0.6f) mid_fade = t;
    }
    REQUIRE(mid_fade > 0);
    const Drawn d = DrawAttract(true, mid_fade);
    CHECK(d.pictures == 2);
    // Both 3:2, so the new one covers the old one exactly: the old one stays
    // at full strength (no dip towards the background halfway), the new one mixes.
    CHECK(d.unblended == std::vector<intptr_t>{100});
    // With transparency nothing is covered: both are blended.
    const Drawn see_through = DrawAttract(false, mid_fade);
    CHECK(see_through.pictures == 2);
    CHECK(see_through.unblended.empty());
}

namespace {

int64_t MidFade(const kiosk::Exhibit& ex, const kiosk::State& state, float& mix) {
    const kiosk::Settings settings;
    for (int64_t t = 0; t < 600'000; t += 50) {
        const kiosk::AttractView v = kiosk::ComputeAttract(state, ex, settings, t);
        mix = v.mix;
        if (v.mix > 0.4f && v.mix < 0.6f) return t;
    }
    return 0;
}

// Attract mode halfway through its first crossfade of two opaque pictures
// (the second standing when `second_portrait`), drawn to the picture path.
RecordingSink MidFadePictures(bool second_portrait, float& mix) {
    const kiosk::Exhibit ex = TwoPhotos();
    const kiosk::State state = kiosk::InitialState(ex, kiosk::Settings{}, 0);
    const int64_t t = MidFade(ex, state, mix);
    REQUIRE(t > 0);
    RecordingSink sink;
    DrawAttract(true, t, &sink, false, second_portrait);
    REQUIRE(sink.drawn.size() == 2);
    return sink;
}

} // namespace

TEST_CASE("a picture marked for the renderer's picture path goes only there, at full strength") {
    RecordingSink sink;
    const Drawn d = DrawAttract(true, 1000, &sink);
    // Not also as an ImGui image: llvmpipe 22.3 draws a B, G, R, A texture
    // wrong with ImGui's shader (a ramp of the texture coordinates).
    CHECK(d.pictures == 0);
    REQUIRE(sink.drawn.size() == 1);
    const kiosk::PictureDraw& p = sink.drawn[0];
    CHECK(reinterpret_cast<intptr_t>(p.texture) == 100);
    CHECK(p.alpha == 1.0f);
    // Inside the screen, in the picture's own aspect (1500 x 1000).
    CHECK(p.p0.x >= 0);
    CHECK(p.p0.y >= 0);
    CHECK(p.p1.x <= 1920);
    CHECK(p.p1.y <= 1080);
    CHECK((p.p1.x - p.p0.x) / (p.p1.y - p.p0.y) == Approx(1.5f).epsilon(0.002));
    // The slow pan's texture window: a square of the zoom's size inside the texture.
    CHECK(p.uv0.x >= 0);
    CHECK(p.uv1.x <= 1);
    CHECK(p.uv1.x - p.uv0.x == Approx(p.uv1.y - p.uv0.y));
    CHECK(p.uv1.x - p.uv0.x < 1.0f);
}

TEST_CASE("a picture marked for the picture path waits while the renderer has none") {
    // Without the path (the app makes it before its first frame) ImGui's
    // shader must not draw a B, G, R, A texture: the picture shows as loading.
    const Drawn d = DrawAttract(true, 1000, nullptr, true);
    CHECK(d.pictures == 0);
}

TEST_CASE("a dissolve hands the old picture at full strength and the new one at its mix to the "
          "picture path") {
    float mix = 0;
    const RecordingSink sink = MidFadePictures(false, mix);
    CHECK(reinterpret_cast<intptr_t>(sink.drawn[0].texture) == 100); // the old one first
    CHECK(reinterpret_cast<intptr_t>(sink.drawn[1].texture) == 101);
    CHECK(sink.drawn[0].alpha == 1.0f);
    // 8-bit strengths, as ImGui's vertex colour carried them.
    CHECK(sink.drawn[1].alpha == Approx(mix).margin(1.0 / 255));
    CHECK(sink.drawn[1].alpha * 255 == Approx(std::round(sink.drawn[1].alpha * 255)));
    CHECK(sink.drawn[0].p0.x == sink.drawn[1].p0.x); // the same rectangle
    CHECK(sink.drawn[0].p1.y == sink.drawn[1].p1.y);
}

TEST_CASE("pictures of different shapes crossfade each at its own strength") {
    // A portrait picture after a landscape one does not cover it: the old one
    // fades out as the new one fades in, so nothing is left behind.
    float mix = 0;
    const RecordingSink sink = MidFadePictures(true, mix);
    CHECK(sink.drawn[0].alpha == Approx(1.0f - mix).margin(1.0 / 255));
    CHECK(sink.drawn[1].alpha == Approx(mix).margin(1.0 / 255));
}

namespace {

// Every key attract mode asks for (drawn or asked ahead), all ready at once.
struct RecordingImages : ReadyImages {
    std::vector<kiosk::ImageKey> asked;
    kiosk::ImageKey first_drawn; // the first key a frame drew (Get)
    kiosk::ImageStatus Get(const kiosk::ImageKey& key, kiosk::TextureRef& out) override {
        if (first_drawn.id == 0) first_drawn = key;
        if (std::find(asked.begin(), asked.end(), key) == asked.end()) asked.push_back(key);
        return ReadyImages::Get(key, out);
    }
    void Prefetch(const kiosk::ImageKey& key) override {
        if (std::find(asked.begin(), asked.end(), key) == asked.end()) asked.push_back(key);
    }
};

// A screen: its size, dpi and whether it shows larger text.
struct ScreenSize {
    int w, h;
    float dpi;
    bool large;
};

// Attract frames on one screen: an ImGui context and its fonts, made once.
struct AttractFrames {
    const kiosk::Exhibit& ex;
    int width, height;
    float dpi;
    ImGuiContext* ctx = nullptr;
    kiosk::Fonts fonts;
    AttractFrames(const kiosk::Exhibit& exhibit, int w, int h, float d, bool large)
        : ex(exhibit), width(w), height(h), dpi(d) {
        static const kiosk::FontFaces faces =
            kiosk::FindSystemFonts({"/usr/share/fonts/truetype/noto"});
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
        io.DeltaTime = 1.0f / 60;
        fonts = kiosk::BuildFonts(*io.Fonts, faces, kiosk::ComputeMetrics(w, h, d, false),
                                  kiosk::ComputeMetrics(w, h, d, true), kiosk::AllText(ex), large);
        unsigned char* px = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
    }
    ~AttractFrames() { ImGui::DestroyContext(ctx); }
    AttractFrames(const AttractFrames&) = delete;
    AttractFrames& operator=(const AttractFrames&) = delete;

    // The keys one attract frame at `now_ms` asks the image source for.
    RecordingImages Asked(const kiosk::State& state, int64_t now_ms) {
        RecordingImages images;
        Draw(state, now_ms, images);
        return images;
    }

    // How far the vertices of one attract frame at `now_ms` reach.
    ImVec4 Reach(const kiosk::State& state, int64_t now_ms) {
        ReadyImages images;
        Draw(state, now_ms, images);
        ImVec4 r(1e9f, 1e9f, -1e9f, -1e9f);
        for (const ImDrawVert& v : ImGui::GetBackgroundDrawList()->VtxBuffer) {
            r.x = std::min(r.x, v.pos.x);
            r.y = std::min(r.y, v.pos.y);
            r.z = std::max(r.z, v.pos.x);
            r.w = std::max(r.w, v.pos.y);
        }
        return r;
    }

    // One frame at `now_ms` (attract mode's unless `state` says otherwise),
    // its pictures from `images`.
    kiosk::FrameResult Draw(const kiosk::State& state, int64_t now_ms, kiosk::ImageSource& images) {
        const kiosk::Settings settings;
        kiosk::DrawContext dc = AttractContext(ex, state, settings, fonts, images, now_ms);
        dc.width = width;
        dc.height = height;
        dc.dpi = dpi;
        ImGui::NewFrame();
        const kiosk::FrameResult result = kiosk::DrawFrame(dc);
        ImGui::Render();
        return result;
    }

    // The home screen: the top of its scrolling tiles (or timeline), and how
    // far down what is drawn above them reaches (the top bar, the switch and
    // the content note: everything before the first command clipped to the
    // scrolling area).
    std::pair<float, float> HomeHeader(const kiosk::State& state) {
        ReadyImages images;
        const kiosk::FrameResult frame = Draw(state, 0, images);
        const auto scroll = std::find_if(
            frame.layout.scrolls.begin(), frame.layout.scrolls.end(),
            [](const kiosk::ScrollRegion& r) { return r.target == kiosk::ScrollTarget::Home; });
        REQUIRE(scroll != frame.layout.scrolls.end());
        const kiosk::Rect area = scroll->rect;
        const ImDrawList& list = *ImGui::GetBackgroundDrawList();
        float bottom = 0;
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) continue;
            if (cmd.ClipRect.y == area.y && cmd.ClipRect.w == area.y + area.h) break;
            for (unsigned e = cmd.IdxOffset; e < cmd.IdxOffset + cmd.ElemCount; ++e)
                bottom = std::max(
                    bottom, list.VtxBuffer[static_cast<int>(list.IdxBuffer[static_cast<int>(e)] +
                                                            cmd.VtxOffset)]
                                .pos.y);
        }
        return {area.y, bottom};
    }
};

// Four panels, one a map, with titles and dates as long as curators write
// them, in English, Azerbaijani and Russian (attract mode shows panel k in
// language k % 3, so over twelve panels every panel comes in every language).
kiosk::Exhibit LongWords() {
    kiosk::Exhibit ex;
    ex.id = "long";
    ex.languages = {"en", "az", "ru"};
    ex.default_language = "en";
    ex.title = {{"en", "Long"}, {"az", "Uzun"}, {"ru", "Длинный"}};
    const char* titles[][3] = {
        {"The night of 25 to 26 February 1992 in the town of Khojaly",
         "Xocalı şəhərində 25-dən 26 fevrala keçən gecə, 1992-ci il",
         "Ночь с 25 на 26 февраля 1992 года в городе Ходжалы"},
        {"Those who were taken hostage and those who never came back",
         "Girov götürülənlər və bir daha geri qayıtmayanlar",
         "Те, кого взяли в заложники, и те, кто не вернулся"},
        {"Remembering the civilians of Khojaly", "Xocalının dinc sakinlərini xatırlayırıq",
         "Память о мирных жителях Ходжалы"},
        {"Sources, testimonies and the documents this exhibit is built on",
         "Bu sərginin əsaslandığı mənbələr, şahid ifadələri və sənədlər",
         "Источники, свидетельства и документы, на которых построена выставка"},
    };
    for (int i = 0; i < 4; ++i) {
        kiosk::Panel p;
        p.id = "p" + std::to_string(i);
        p.date = "1992-02-26";
        for (int l = 0; l < 3; ++l)
            p.texts[ex.languages[static_cast<size_t>(l)]] = {titles[i][l], "Text."};
        kiosk::PanelImage img;
        img.image_id = 100 + i;
        img.kind = i == 1 ? kiosk::ImageKind::Map : kiosk::ImageKind::Photo;
        p.images.push_back(img);
        ex.panels.push_back(p);
    }
    return ex;
}

} // namespace

TEST_CASE("the start asks for the pictures attract mode then draws and asks ahead for") {
    const kiosk::Exhibit ex = TwoPhotos();
    const kiosk::Settings settings;
    for (const ScreenSize sc :
         {ScreenSize{1920, 1080, 96, false}, ScreenSize{800, 480, 132, false},
          ScreenSize{1080, 1920, 96, false}, ScreenSize{1280, 800, 96, true}}) {
        kiosk::State state = kiosk::InitialState(ex, settings, 0);
        state.large_text = sc.large;
        REQUIRE(state.screen == kiosk::Screen::Attract);
        AttractFrames frames(ex, sc.w, sc.h, sc.dpi, sc.large);
        bool faded = false;
        // Through the first panel's dwell and into the crossfade to the second.
        for (int64_t now = 0; now < 30000; now += 250) {
            const kiosk::AttractView v = kiosk::ComputeAttract(state, ex, settings, now);
            faded = faded || v.mix > 0;
            const RecordingImages frame = frames.Asked(state, now);
            std::vector<kiosk::ImageKey> asked = frame.asked;
            std::vector<kiosk::ImageKey> predicted =
                kiosk::AttractImages(ex, state, settings, sc.w, sc.h, sc.dpi, now);
            // The picture on screen is asked for last: the decode worker
            // takes the newest request first.
            REQUIRE(!predicted.empty());
            CHECK(predicted.back() == frame.first_drawn);
            std::sort(asked.begin(), asked.end());
            std::sort(predicted.begin(), predicted.end());
            INFO(sc.w << "x" << sc.h << " at " << now << " ms");
            REQUIRE(!asked.empty());
            REQUIRE(predicted == asked);
        }
        CHECK(faded); // a crossfade was among the moments compared
    }
    // Outside attract mode nothing is asked for ahead.
    kiosk::State home = kiosk::InitialState(ex, settings, 0);
    home.screen = kiosk::Screen::Home;
    CHECK(kiosk::AttractImages(ex, home, settings, 1920, 1080, 96, 0).empty());
}

TEST_CASE("nothing attract mode draws crosses the screen's edges on small and narrow screens with "
          "larger text in every language") {
    const kiosk::Exhibit ex = LongWords();
    for (const ScreenSize sc : {ScreenSize{480, 800, 132, true}, ScreenSize{480, 800, 132, false},
                                ScreenSize{800, 480, 132, true}, ScreenSize{600, 1024, 170, true},
                                ScreenSize{1080, 1920, 96, true}}) {
        kiosk::Settings settings;
        settings.large_text_default = sc.large;
        const kiosk::State state = kiosk::InitialState(ex, settings, 0);
        REQUIRE(state.screen == kiosk::Screen::Attract);
        REQUIRE(state.large_text == sc.large);
        AttractFrames frames(ex, sc.w, sc.h, sc.dpi, sc.large);
        // Every panel in every language, the crossfades between them and
        // every sideways place of the invitation.
        std::set<std::pair<int, int>> shown; // (panel, language)
        std::set<int> slots;
        for (int64_t now = 0; now < 600000 && (shown.size() < 12 || slots.size() < 7); now += 500) {
            const kiosk::AttractView v = kiosk::ComputeAttract(state, ex, settings, now);
            shown.insert({v.from, v.from_lang});
            slots.insert(v.drift_slot);
            const ImVec4 r = frames.Reach(state, now);
            INFO(sc.w << "x" << sc.h << " at " << sc.dpi << " dpi, larger text " << sc.large
                      << ", at " << now << " ms: drawn from (" << r.x << ", " << r.y << ") to ("
                      << r.z << ", " << r.w << ")");
            CHECK(r.x >= 0);
            CHECK(r.y >= 0);
            CHECK(r.z <= static_cast<float>(sc.w));
            CHECK(r.w <= static_cast<float>(sc.h));
        }
        CHECK(shown.size() == 12);
        CHECK(slots.size() == 7);
    }
}

TEST_CASE("the home screen's content note is read whole above the tiles and the timeline on "
          "narrow and wide screens in every language") {
    kiosk::Exhibit ex = LongWords();
    ex.note = {{"en", "This exhibit describes the killing of civilians, among them children. "
                      "Children should visit it with an adult."},
               {"az", "Bu sərgidə dinc sakinlərin, o cümlədən uşaqların qətlə yetirilməsindən "
                      "bəhs olunur. Uşaqlar sərgiyə böyüklərlə birlikdə baxmalıdır."},
               {"ru", "Выставка рассказывает об убийстве мирных жителей, в том числе детей. "
                      "Детям следует смотреть её вместе со взрослыми."}};
    for (const ScreenSize sc : {ScreenSize{480, 800, 132, false}, ScreenSize{480, 800, 132, true},
                                ScreenSize{800, 480, 132, false}, ScreenSize{800, 480, 132, true},
                                ScreenSize{1024, 600, 170, true}, ScreenSize{1920, 1080, 96, false},
                                ScreenSize{1080, 1920, 96, true}}) {
        AttractFrames frames(ex, sc.w, sc.h, sc.dpi, sc.large);
        const kiosk::Metrics m = kiosk::ComputeMetrics(sc.w, sc.h, sc.dpi, sc.large);
        std::optional<std::vector<kiosk::Rect>> top_bar_switch;
        std::set<bool> in_top_bar;
        for (const std::string lang : {"en", "az", "ru"}) {
            for (const auto view : {kiosk::HomeView::Tiles, kiosk::HomeView::Timeline}) {
                const kiosk::Settings settings;
                kiosk::State state = kiosk::InitialState(ex, settings, 0);
                state.screen = kiosk::Screen::Home;
                state.home_view = view;
                state.lang = lang;
                state.large_text = sc.large;
                const auto [top, header] = frames.HomeHeader(state);
                INFO(sc.w << "x" << sc.h << " at " << sc.dpi << " dpi, larger text " << sc.large
                          << ", " << lang << ", timeline " << (view == kiosk::HomeView::Timeline)
                          << ": the header reaches " << header << ", the scrolling area starts at "
                          << top);
                CHECK(header <= top + 0.5f);
                // The tiles or the timeline keep at least half the room
                // between the bars (on a short screen the switch moves up
                // into the top bar for it), and the switch is whole on the
                // screen and under no other button.
                ReadyImages images;
                const kiosk::FrameResult frame = frames.Draw(state, 0, images);
                float bar_top = static_cast<float>(sc.h), area_h = 0;
                std::vector<kiosk::Rect> switch_rects, others;
                for (const kiosk::HitRegion& hit : frame.layout.hits) {
                    const auto t = hit.action.type;
                    if (t == kiosk::ActionType::Home || t == kiosk::ActionType::SetLanguage ||
                        t == kiosk::ActionType::ToggleLargeText ||
                        t == kiosk::ActionType::ToggleHighContrast ||
                        t == kiosk::ActionType::ToggleReadingMenu ||
                        t == kiosk::ActionType::ToggleLanguageMenu)
                        bar_top = std::min(bar_top, hit.rect.y);
                    if (t == kiosk::ActionType::ShowTiles || t == kiosk::ActionType::ShowTimeline)
                        switch_rects.push_back(hit.rect);
                    else if (t != kiosk::ActionType::OpenPanel)
                        others.push_back(hit.rect);
                }
                for (const kiosk::ScrollRegion& r : frame.layout.scrolls)
                    if (r.target == kiosk::ScrollTarget::Home) area_h = r.rect.h;
                // The bar's upper row, where the toggles or the languages are,
                // is a gap under the bar's edge.
                bar_top -= kiosk::ComputeMetrics(sc.w, sc.h, sc.dpi, false).gap;
                INFO("the scrolling area is " << area_h << " px of the " << bar_top - m.top_h
                                              << " between the bars");
                CHECK(area_h >= (bar_top - m.top_h) * 0.5f);
                REQUIRE(switch_rects.size() == 2);
                for (const kiosk::Rect& r : switch_rects) {
                    CHECK(r.x >= 0);
                    CHECK(r.x + r.w <= static_cast<float>(sc.w));
                    CHECK(r.y >= 0);
                    for (const kiosk::Rect& o : others)
                        CHECK_FALSE((r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h &&
                                     o.y < r.y + r.h));
                }
                // In the top bar the switch is the exhibit's: the same place
                // and size in every language and view.
                if (switch_rects[0].y < m.top_h) {
                    if (!top_bar_switch) top_bar_switch = switch_rects;
                    for (size_t i = 0; i < 2; ++i) {
                        CHECK(switch_rects[i].x == (*top_bar_switch)[i].x);
                        CHECK(switch_rects[i].w == (*top_bar_switch)[i].w);
                    }
                }
                in_top_bar.insert(switch_rects[0].y < m.top_h);
            }
        }
        // Decided for the exhibit: never in the top bar in one language and
        // under it in another.
        CHECK(in_top_bar.size() == 1);
    }
}

TEST_CASE("on a narrow portrait screen the bar takes two rows and Larger text and High contrast "
          "open from its Aa button above it in every language") {
    // Twelve panels: the home screen's tiles reach under the menu.
    kiosk::Exhibit ex = LongWords();
    const std::vector<kiosk::Panel> four = ex.panels;
    for (int k = 1; k < 3; ++k)
        for (kiosk::Panel panel : four) {
            panel.id += "-" + std::to_string(k);
            ex.panels.push_back(panel);
        }
    auto count = [](const kiosk::FrameResult& f, kiosk::ActionType type) {
        return std::count_if(f.layout.hits.begin(), f.layout.hits.end(),
                             [&](const kiosk::HitRegion& h) { return h.action.type == type; });
    };
    auto toggles_of = [](const kiosk::FrameResult& f) {
        std::vector<kiosk::Rect> rects;
        for (const kiosk::HitRegion& h : f.layout.hits)
            if (h.action.type == kiosk::ActionType::ToggleLargeText ||
                h.action.type == kiosk::ActionType::ToggleHighContrast)
                rects.push_back(h.rect);
        return rects;
    };
    auto overlap = [](const kiosk::Rect& a, const kiosk::Rect& b) {
        return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    };
    for (const ScreenSize sc : {ScreenSize{480, 800, 132, false}, ScreenSize{480, 800, 132, true},
                                ScreenSize{480, 800, 96, false}, ScreenSize{600, 1024, 170, true},
                                ScreenSize{1920, 1080, 96, false}, ScreenSize{800, 480, 132, false},
                                ScreenSize{1080, 1920, 96, true}}) {
        AttractFrames frames(ex, sc.w, sc.h, sc.dpi, sc.large);
        // The bar is drawn at the normal size whatever the text size.
        const kiosk::Metrics m = kiosk::ComputeMetrics(sc.w, sc.h, sc.dpi, false);
        const bool narrow = sc.w < 700;
        for (const std::string lang : {"en", "az", "ru"}) {
            const kiosk::Settings settings;
            kiosk::State state = kiosk::InitialState(ex, settings, 0);
            state.screen = kiosk::Screen::Panel;
            state.panel = 1;
            state.lang = lang;
            state.large_text = sc.large;
            ReadyImages images;
            INFO(sc.w << "x" << sc.h << " at " << sc.dpi << " dpi, larger text " << sc.large << ", "
                      << lang);
            const kiosk::FrameResult closed = frames.Draw(state, 0, images);
            if (!narrow) {
                // Wide enough: both toggles are in the bar itself.
                CHECK(count(closed, kiosk::ActionType::ToggleReadingMenu) == 0);
                CHECK(count(closed, kiosk::ActionType::ToggleLargeText) == 1);
                CHECK(count(closed, kiosk::ActionType::ToggleHighContrast) == 1);
                continue;
            }
            CHECK(count(closed, kiosk::ActionType::ToggleLargeText) == 0);
            CHECK(count(closed, kiosk::ActionType::ToggleHighContrast) == 0);
            REQUIRE(count(closed, kiosk::ActionType::ToggleReadingMenu) == 1);
            // Two rows: every bar button lies in the lowest two rows' room,
            // inside the screen, and each language has its own button.
            const float bar_top = static_cast<float>(sc.h) - 2 * m.target_px - 3 * m.gap;
            std::vector<kiosk::Rect> bar;
            for (const kiosk::HitRegion& h : closed.layout.hits) {
                const auto t = h.action.type;
                if (t != kiosk::ActionType::SetLanguage && t != kiosk::ActionType::Back &&
                    t != kiosk::ActionType::Home && t != kiosk::ActionType::ToggleReadingMenu)
                    continue;
                CHECK(h.rect.y >= bar_top - 0.5f);
                CHECK(h.rect.x >= 0);
                CHECK(h.rect.x + h.rect.w <= static_cast<float>(sc.w));
                CHECK(h.rect.y + h.rect.h <= static_cast<float>(sc.h));
                bar.push_back(h.rect);
            }
            CHECK(count(closed, kiosk::ActionType::SetLanguage) == 3);
            CHECK(bar.size() == 6);
            // Open: the two toggles stand above the bar, apart from each
            // other, at least a finger's size, and inside the screen.
            state.reading_menu = true;
            const std::vector<kiosk::Rect> toggles = toggles_of(frames.Draw(state, 0, images));
            REQUIRE(toggles.size() == 2);
            CHECK_FALSE(overlap(toggles[0], toggles[1]));
            for (const kiosk::Rect& t : toggles) {
                CHECK(t.x >= 0);
                CHECK(t.x + t.w <= static_cast<float>(sc.w));
                CHECK(t.y + t.h <= bar_top + 0.5f);
                CHECK(t.h >= m.target_px);
                for (const kiosk::Rect& b : bar)
                    CHECK_FALSE(overlap(t, b));
            }
            // Drawn at the bar's size: Larger text does not move the toggles
            // from under the finger that pressed it.
            state.large_text = !sc.large;
            const std::vector<kiosk::Rect> moved = toggles_of(frames.Draw(state, 0, images));
            REQUIRE(moved.size() == 2);
            for (size_t i = 0; i < 2; ++i) {
                CHECK(moved[i].x == toggles[i].x);
                CHECK(moved[i].y == toggles[i].y);
                CHECK(moved[i].w == toggles[i].w);
            }
            // Over the home screen's tiles, a tap between the toggles reaches
            // no tile under the menu: the last region there is the menu's own.
            state.large_text = sc.large;
            state.screen = kiosk::Screen::Home;
            const kiosk::FrameResult home = frames.Draw(state, 0, images);
            const float x = toggles[0].x + 1;
            const float between = (toggles[0].y + toggles[0].h + toggles[1].y) / 2;
            kiosk::Action last{kiosk::ActionType::OpenPanel, -1};
            bool tile_under = false, band = false;
            for (const kiosk::HitRegion& h : home.layout.hits) {
                if (!h.rect.Contains(x, between)) continue;
                tile_under = tile_under || h.action.type == kiosk::ActionType::OpenPanel;
                band = band || h.action.type == kiosk::ActionType::None;
                last = h.action;
            }
            std::string regions;
            for (const kiosk::HitRegion& h : home.layout.hits)
                regions += " " + std::to_string(static_cast<int>(h.action.type)) + "@" +
                           std::to_string(static_cast<int>(h.rect.y)) + "+" +
                           std::to_string(static_cast<int>(h.rect.h));
            INFO("at (" << x << ", " << between << "):" << regions);
            REQUIRE(tile_under);
            CHECK(band);
            CHECK(last.type == kiosk::ActionType::None);
        }
    }
}
