// Draws one frame of the kiosk from const state with ImGui's draw lists and
// returns where its buttons, scroll areas and swipe areas are, so the core
// can turn the next taps into actions. Nothing here changes the state.
#pragma once

#include "core/layout.h"
#include "core/model.h"
#include "core/state.h"
#include "core/theme.h"
#include "ui/fonts.h"
#include "ui/image_source.h"

#include <string>
#include <utility>
#include <vector>

namespace kiosk {

// What the staff panel shows; gathered by the app only while it is open.
struct AdminInfo {
    std::vector<std::pair<std::string, std::string>> facts; // label, value
    std::vector<std::string> previous_packages;             // roll-back targets, newest first
};

// What plays (state.media says what the visitor asked for): where it is,
// and the video's current picture once its frames come.
struct MediaShown {
    int64_t position_ms = 0;
    int64_t duration_ms = 0;
    ImTextureID picture = nullptr; // nullptr: the poster (loading, or narration)
    int picture_w = 0, picture_h = 0;
};

// One picture for the renderer's own picture path: a texture on an
// axis-aligned rectangle, at a strength, with nothing else in its shader (a
// software renderer then copies rows instead of shading pixels).
struct PictureDraw {
    ImTextureID texture = nullptr;
    ImVec2 p0, p1;   // screen rectangle
    ImVec2 uv0, uv1; // texture window
    float alpha = 1; // 1: drawn over what lies under it, unblended
};

// Takes pictures into a draw list in drawing order (the window's renderer
// provides it; see Window::pictures()).
class PictureSink {
  public:
    virtual ~PictureSink() = default;
    virtual void Add(ImDrawList* list, const PictureDraw& picture) = 0;
};

struct DrawContext {
    const Exhibit* exhibit = nullptr;
    const State* state = nullptr;
    const Settings* settings = nullptr;
    const Fonts* fonts = nullptr;
    ImageSource* images = nullptr;
    int width = 1920, height = 1080;
    float dpi = 96;
    int64_t now_ms = 0;
    std::string status_line;    // curator status (imports); empty when none
    float status_progress = -1; // 0..1 while an import runs, else -1
    const AdminInfo* admin = nullptr;
    MediaShown media;
    // An ImDrawList callback that turns blending off until the next
    // ImDrawCallback_ResetRenderState (the window's renderer provides it):
    // an opaque picture at full strength then costs a renderer no read of
    // what lies under it. nullptr: everything is blended.
    void (*blend_off)(const ImDrawList*, const ImDrawCmd*) = nullptr;
    // Draws textures marked TextureRef::picture; nullptr: none is so marked.
    PictureSink* pictures = nullptr;
};

struct FrameResult {
    FrameLayout layout; // where the next taps land
    float text_max = 0; // how far the panel text can scroll
    float home_max = 0; // how far the home screen can scroll
    Colour background;  // the renderer clears to it: cheaper than a full-screen quad
};

// Draws into ImGui's background draw list (between NewFrame and Render).
FrameResult DrawFrame(const DrawContext& ctx);

// The images attract mode draws at this state and time on a screen of this
// size, as it asks the texture cache for them: the next panel's (or the one
// fading in), then the one on screen, in the order to ask for them (the
// decode worker takes the newest request first). The start asks for the
// last one (the picture on screen) while its window is made, so it decodes
// meanwhile. Empty outside attract mode.
std::vector<ImageKey> AttractImages(const Exhibit& exhibit, const State& state,
                                    const Settings& settings, int width, int height, float dpi,
                                    int64_t now_ms);

// The text every screen of `exhibit` can show, for the font atlas.
std::string AllText(const Exhibit& exhibit);

} // namespace kiosk
