// Draws one frame of the kiosk from const state with ImGui's draw lists and
// returns where its buttons, scroll areas and swipe areas are, so the core
// can turn the next taps into actions. Nothing here changes the state.
#pragma once

#include "core/layout.h"
#include "core/model.h"
#include "core/state.h"
#include "ui/fonts.h"
#include "ui/image_source.h"

namespace kiosk {

struct DrawContext {
    const Exhibit* exhibit = nullptr;
    const State* state = nullptr;
    const Settings* settings = nullptr;
    const Fonts* fonts = nullptr;
    ImageSource* images = nullptr;
    int width = 1920, height = 1080;
    float dpi = 96;
    int64_t now_ms = 0;
    std::string status_line; // curator status (imports); empty when none
};

// Draws into ImGui's background draw list (between NewFrame and Render).
// Returns the frame's hit, scroll and swipe regions. Also reports the scroll
// limits it measured (text and home) through `text_max` / `home_max`.
FrameLayout DrawFrame(const DrawContext& ctx, float& text_max, float& home_max);

// The text every screen of `exhibit` can show, for the font atlas.
std::string AllText(const Exhibit& exhibit);

} // namespace kiosk
