// A small exhibit built in code for the state-machine tests, and one-line
// makers for the gestures a frame can carry.
#pragma once

#include "core/gesture.h"
#include "core/model.h"
#include "core/state.h"

#include <string>
#include <vector>

namespace kiosk::test {

// Images per panel of CoreExhibit(): panels 0 and 3 have two, panel 2 none.
inline const std::vector<int>& CoreImagesPerPanel() {
    static const std::vector<int> images{2, 1, 0, 2, 1};
    return images;
}

// Five panels, languages en/az/ru (en first and default), a 9 s dwell and a
// 1.5 s crossfade in attract mode.
inline Exhibit CoreExhibit() {
    Exhibit ex;
    ex.id = "core-test";
    ex.version = 1;
    ex.languages = {"en", "az", "ru"};
    ex.default_language = "en";
    ex.fallback_language = "en";
    ex.title = {{"en", "Memorial"}, {"az", "Xatirə"}, {"ru", "Память"}};
    ex.dwell_ms = 9000;
    ex.transition_ms = 1500;
    const auto& images = CoreImagesPerPanel();
    for (size_t i = 0; i < images.size(); ++i) {
        Panel p;
        p.id = "panel-" + std::to_string(i);
        p.date = "1992-02-2" + std::to_string(i);
        p.texts["en"] = {"Panel " + std::to_string(i), "Body of panel " + std::to_string(i)};
        p.texts["az"] = {"Panel " + std::to_string(i) + " (az)", "Mətn"};
        for (int k = 0; k < images[i]; ++k) {
            PanelImage im;
            im.image_id = static_cast<int64_t>(i) * 10 + k + 1;
            im.width = 1600;
            im.height = 900;
            p.images.push_back(im);
        }
        ex.panels.push_back(p);
    }
    return ex;
}

inline Gesture CorePress(double x, double y) {
    Gesture g;
    g.type = Gesture::Type::Press;
    g.x = x;
    g.y = y;
    return g;
}

inline Gesture CoreTap(double x, double y) {
    Gesture g = CorePress(x, y);
    g.type = Gesture::Type::Tap;
    return g;
}

inline Gesture CoreRelease(double x, double y) {
    Gesture g = CorePress(x, y);
    g.type = Gesture::Type::Release;
    return g;
}

inline Gesture CoreDragMove(double dx, double dy) {
    Gesture g;
    g.type = Gesture::Type::DragMove;
    g.dx = dx;
    g.dy = dy;
    return g;
}

inline Gesture CoreDragEnd(double vx, double vy) {
    Gesture g;
    g.type = Gesture::Type::DragEnd;
    g.vx = vx;
    g.vy = vy;
    return g;
}

inline Gesture CoreSwipe(int dir) {
    Gesture g;
    g.type = Gesture::Type::Swipe;
    g.dir = dir;
    return g;
}

// A frame whose only hit region covers a whole 1920x1080 screen.
inline FrameLayout CoreFullScreenButton(const Action& action) {
    FrameLayout f;
    f.hits.push_back({Rect{0, 0, 1920, 1080}, action});
    return f;
}

} // namespace kiosk::test
