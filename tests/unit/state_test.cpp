// core/state: the kiosk's state machine, driven by a fake clock and frames of
// gestures against hit, scroll and swipe regions built in code.

#include "core/state.h"
#include "support/core_exhibit.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

using kiosk::Action;
using kiosk::ActionType;
using kiosk::ApplyAction;
using kiosk::AttractPan;
using kiosk::AttractView;
using kiosk::ComputeAttract;
using kiosk::Exhibit;
using kiosk::FrameLayout;
using kiosk::Gesture;
using kiosk::HomeView;
using kiosk::InitialState;
using kiosk::kMaxFadeStep;
using kiosk::kMaxPanStepPx;
using kiosk::NextFrameDelayMs;
using kiosk::PanMotionPx;
using kiosk::PanWindow;
using kiosk::Rect;
using kiosk::Screen;
using kiosk::ScrollRegion;
using kiosk::ScrollTarget;
using kiosk::Settings;
using kiosk::State;
using kiosk::Step;
using kiosk::StillThereSecondsLeft;
using kiosk::SwipeRegion;
using kiosk::test::CoreDragEnd;
using kiosk::test::CoreDragMove;
using kiosk::test::CoreExhibit;
using kiosk::test::CoreFullScreenButton;
using kiosk::test::CorePress;
using kiosk::test::CoreRelease;
using kiosk::test::CoreSwipe;
using kiosk::test::CoreTap;

namespace {

const FrameLayout kNothingDrawn{};

// A visit that began with a touch (press and release) at `t_ms`, on Home.
State StartedVisit(const Exhibit& ex, const Settings& settings, int64_t t_ms) {
    State s = InitialState(ex, settings, 0);
    Step(s, ex, settings, {CorePress(5, 5), CoreRelease(5, 5)}, kNothingDrawn, t_ms);
    return s;
}

// A short touch at (x, y): press, tap and release in one frame.
void TouchAt(State& s, const Exhibit& ex, const Settings& settings, const FrameLayout& layout,
             double x, double y, int64_t t_ms) {
    Step(s, ex, settings, {CorePress(x, y), CoreTap(x, y), CoreRelease(x, y)}, layout, t_ms);
}

void Apply(State& s, const Exhibit& ex, const Settings& settings, ActionType type, int index = 0) {
    ApplyAction(s, ex, settings, Action{type, index});
}

// The text column of a panel as the UI would register it.
FrameLayout TextColumn(float max_scroll) {
    FrameLayout f;
    f.scrolls.push_back(ScrollRegion{Rect{1100, 160, 760, 760}, ScrollTarget::Text, max_scroll});
    return f;
}

} // namespace

// [SECTION] Start and wake-up --------------------------------------------------

TEST_CASE("a fresh kiosk shows attract mode in the exhibit's default language", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const State s = InitialState(ex, settings, 1234);
    CHECK(s.screen == Screen::Attract);
    CHECK(s.lang == "en");
    CHECK(s.now_ms == 1234);
    CHECK(s.attract_since_ms == 1234);
    CHECK(s.panel == 0);
    CHECK(s.image == 0);
    CHECK(s.visits == 0);
    CHECK_FALSE(s.large_text);
    CHECK_FALSE(s.high_contrast);
}

TEST_CASE("a fresh kiosk starts with the larger text and high contrast its settings ask for",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    Settings settings;
    settings.large_text_default = true;
    settings.high_contrast_default = true;
    const State s = InitialState(ex, settings, 0);
    CHECK(s.large_text);
    CHECK(s.high_contrast);
}

TEST_CASE("an exhibit without panels starts on the unavailable screen", "[core][state]") {
    Exhibit ex = CoreExhibit();
    ex.panels.clear();
    const Settings settings;
    State s = InitialState(ex, settings, 0);
    CHECK(s.screen == Screen::Unavailable);
    Step(s, ex, settings, {CorePress(10, 10), CoreTap(10, 10), CoreRelease(10, 10)}, kNothingDrawn,
         500);
    CHECK(s.screen == Screen::Unavailable);
    CHECK(s.visits == 0);
}

TEST_CASE("the touch that wakes attract mode starts a visit on Home and activates nothing under it",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const FrameLayout everywhere = CoreFullScreenButton(Action{ActionType::OpenPanel, 2});
    State s = InitialState(ex, settings, 0);

    SECTION("press, tap and release in one frame") {
        TouchAt(s, ex, settings, everywhere, 960, 540, 5000);
    }
    SECTION("press, then tap and release in a later frame") {
        Step(s, ex, settings, {CorePress(960, 540)}, everywhere, 5000);
        CHECK(s.screen == Screen::Home);
        CHECK(s.swallow_touch);
        Step(s, ex, settings, {CoreTap(960, 540), CoreRelease(960, 540)}, everywhere, 5060);
    }
    CHECK(s.screen == Screen::Home);
    CHECK(s.panel == 0);
    CHECK(s.visits == 1);
    CHECK_FALSE(s.swallow_touch);
    CHECK(s.last_touch_ms >= 5000);
}

TEST_CASE("a tap after the waking touch activates the region under it", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const FrameLayout everywhere = CoreFullScreenButton(Action{ActionType::OpenPanel, 2});
    State s = InitialState(ex, settings, 0);
    TouchAt(s, ex, settings, everywhere, 960, 540, 5000);
    REQUIRE(s.screen == Screen::Home);

    Step(s, ex, settings, {CorePress(960, 540)}, everywhere, 6000);
    CHECK(s.pressed == Action{ActionType::OpenPanel, 2}); // highlighted while down
    Step(s, ex, settings, {CoreTap(960, 540), CoreRelease(960, 540)}, everywhere, 6060);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 2);
    CHECK(s.image == 0);
    CHECK(s.pressed.type == ActionType::None);
    CHECK(s.last_touch_ms == 6060);
}

TEST_CASE("a tap activates the last drawn region that contains it", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    FrameLayout layout;
    layout.hits.push_back({Rect{0, 0, 1920, 1080}, Action{ActionType::OpenPanel, 1}});
    layout.hits.push_back({Rect{100, 100, 200, 200}, Action{ActionType::OpenPanel, 4}});
    TouchAt(s, ex, settings, layout, 150, 150, 2000);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 4);
}

// [SECTION] Idle timeout and "Still there?" -------------------------------------

TEST_CASE("Still there? appears exactly when the idle timeout has passed without a touch",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings; // 90 s idle, 20 s countdown
    State s = StartedVisit(ex, settings, 10'000);
    REQUIRE(s.screen == Screen::Home);

    Step(s, ex, settings, {}, kNothingDrawn, 10'000 + 89'999);
    CHECK(s.screen == Screen::Home);
    Step(s, ex, settings, {}, kNothingDrawn, 10'000 + 90'000);
    CHECK(s.screen == Screen::StillThere);
    CHECK(s.resume_screen == Screen::Home);
    CHECK(s.still_there_since_ms == 100'000);
}

TEST_CASE("a touch whose release never comes ends after ten still minutes and attract mode returns",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings; // 90 s idle, 20 s countdown
    State s = StartedVisit(ex, settings, 10'000);
    REQUIRE(s.screen == Screen::Home);
    // A finger comes down on a tile in the scrolling grid; its release is
    // lost (a touchscreen controller dropping an event).
    FrameLayout layout;
    layout.hits.push_back({Rect{100, 100, 200, 200}, Action{ActionType::OpenPanel, 1}});
    layout.scrolls.push_back(ScrollRegion{Rect{0, 0, 1920, 1080}, ScrollTarget::Home, 500});
    Step(s, ex, settings, {CorePress(150, 150)}, layout, 20'000);
    REQUIRE(s.pressed.type == ActionType::OpenPanel);
    REQUIRE(s.active_scroll == ScrollTarget::Home);
    // A finger resting on the screen keeps the visit (a reader's line marker)...
    Step(s, ex, settings, {}, layout, 20'000 + 599'999);
    CHECK(s.screen == Screen::Home);
    CHECK(s.pressed.type == ActionType::OpenPanel);
    // ...for ten minutes; then the touch ends without opening anything and,
    // the idle timeout long past, the next visitor meets attract mode.
    Step(s, ex, settings, {}, layout, 20'000 + 600'000);
    CHECK(s.pressed.type == ActionType::None);
    CHECK(s.active_scroll == ScrollTarget::None);
    CHECK(s.screen == Screen::Attract);
}

TEST_CASE("the visit ends still_there_ms after Still there? and the next visitor starts afresh",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    Settings settings;
    settings.large_text_default = false;
    settings.high_contrast_default = true;
    State s = StartedVisit(ex, settings, 10'000);
    REQUIRE(s.high_contrast);

    // The visitor changes everything a visit can change.
    Apply(s, ex, settings, ActionType::ShowTimeline);
    s.home_scroll_max = 600;
    s.home_scroll = 200;
    Apply(s, ex, settings, ActionType::SetLanguage, 2);
    Apply(s, ex, settings, ActionType::ToggleLargeText);
    Apply(s, ex, settings, ActionType::ToggleHighContrast);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    Apply(s, ex, settings, ActionType::NextImage);
    Apply(s, ex, settings, ActionType::EnlargeImage);
    s.text_scroll_max = 800;
    s.text_scroll = 300;
    REQUIRE(s.lang == "ru");
    REQUIRE(s.large_text);
    REQUIRE_FALSE(s.high_contrast);
    REQUIRE(s.image == 1);

    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);
    CHECK(s.resume_screen == Screen::Panel);
    Step(s, ex, settings, {}, kNothingDrawn, 119'999);
    CHECK(s.screen == Screen::StillThere);
    Step(s, ex, settings, {}, kNothingDrawn, 120'000);
    CHECK(s.screen == Screen::Attract);
    CHECK(s.attract_since_ms == 120'000);
    CHECK(s.lang == "en");
    CHECK_FALSE(s.large_text);
    CHECK(s.high_contrast);
    CHECK(s.text_scroll == 0.0f);
    CHECK(s.text_scroll_max == 0.0f);
    CHECK(s.home_scroll == 0.0f);
    CHECK(s.home_view == HomeView::Tiles);
    CHECK(s.panel == 0);
    CHECK(s.image == 0);
    CHECK_FALSE(s.image_enlarged);

    TouchAt(s, ex, settings, kNothingDrawn, 10, 10, 130'000);
    CHECK(s.screen == Screen::Home);
    CHECK(s.visits == 2);
}

TEST_CASE(
    "a touch during Still there? returns to the screen the visitor left and activates nothing",
    "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);

    const FrameLayout everywhere = CoreFullScreenButton(Action{ActionType::OpenPanel, 1});
    TouchAt(s, ex, settings, everywhere, 960, 540, 105'000);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 3);
    CHECK(s.visits == 1);
}

TEST_CASE("a touch during Still there? starts the idle timeout again", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);
    TouchAt(s, ex, settings, kNothingDrawn, 10, 10, 105'000);
    REQUIRE(s.screen == Screen::Home);

    Step(s, ex, settings, {}, kNothingDrawn, 105'000 + 89'999);
    CHECK(s.screen == Screen::Home);
    Step(s, ex, settings, {}, kNothingDrawn, 105'000 + 90'000);
    CHECK(s.screen == Screen::StillThere);
}

TEST_CASE("a finger resting on scrolling text keeps the visit from timing out", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 500;
    Step(s, ex, settings, {CorePress(1400, 500)}, TextColumn(500), 20'000);
    REQUIRE(s.active_scroll == ScrollTarget::Text);

    Step(s, ex, settings, {}, TextColumn(500), 20'000 + 200'000);
    CHECK(s.screen == Screen::Panel);
    Step(s, ex, settings, {CoreRelease(1400, 500)}, TextColumn(500), 220'000);
    Step(s, ex, settings, {}, TextColumn(500), 220'000 + 89'999);
    CHECK(s.screen == Screen::Panel);
    Step(s, ex, settings, {}, TextColumn(500), 220'000 + 90'000);
    CHECK(s.screen == Screen::StillThere);
}

TEST_CASE("an hour-long clock jump ends the visit at the exact deadline", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Apply(s, ex, settings, ActionType::OpenPanel, 4);
    Apply(s, ex, settings, ActionType::SetLanguage, 1);
    const int64_t last_touch = s.last_touch_ms;
    REQUIRE(last_touch == 10'000);

    Step(s, ex, settings, {}, kNothingDrawn, last_touch + 3'600'000);
    CHECK(s.screen == Screen::Attract);
    CHECK(s.attract_since_ms ==
          last_touch + settings.idle_timeout_ms + settings.still_there_ms); // 120 s
    CHECK(s.lang == "en");
    CHECK(s.panel == 0);
    CHECK(s.now_ms == last_touch + 3'600'000);
}

TEST_CASE("a touch after a long silence starts a new visit in the default language",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Apply(s, ex, settings, ActionType::SetLanguage, 1);
    Apply(s, ex, settings, ActionType::OpenPanel, 4);

    const FrameLayout everywhere = CoreFullScreenButton(Action{ActionType::OpenPanel, 1});
    TouchAt(s, ex, settings, everywhere, 960, 540, 10'000 + 3'600'000);
    CHECK(s.screen == Screen::Home);
    CHECK(s.visits == 2);
    CHECK(s.lang == "en");
    CHECK(s.panel == 0);
}

TEST_CASE("the Still there? countdown shows the seconds left, rounded up", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings; // 20 s countdown
    State s = StartedVisit(ex, settings, 10'000);
    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);
    CHECK(StillThereSecondsLeft(s, settings, 100'000) == 20);
    CHECK(StillThereSecondsLeft(s, settings, 100'999) == 20);
    CHECK(StillThereSecondsLeft(s, settings, 101'000) == 19);
    CHECK(StillThereSecondsLeft(s, settings, 110'500) == 10);
    CHECK(StillThereSecondsLeft(s, settings, 119'001) == 1);
    CHECK(StillThereSecondsLeft(s, settings, 120'000) == 0);
    CHECK(StillThereSecondsLeft(s, settings, 150'000) == 0);
}

// [SECTION] Buttons (ApplyAction) ------------------------------------------------

TEST_CASE("Back closes an enlarged image before it leaves the panel", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    Apply(s, ex, settings, ActionType::EnlargeImage);
    REQUIRE(s.image_enlarged);

    Apply(s, ex, settings, ActionType::Back);
    CHECK_FALSE(s.image_enlarged);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 0);

    Apply(s, ex, settings, ActionType::Back);
    CHECK(s.screen == Screen::Home);
}

TEST_CASE("Back on a panel returns Home", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    REQUIRE(s.screen == Screen::Panel);
    Apply(s, ex, settings, ActionType::Back);
    CHECK(s.screen == Screen::Home);
}

TEST_CASE("a panel without images cannot be enlarged", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    Apply(s, ex, settings, ActionType::EnlargeImage);
    CHECK_FALSE(s.image_enlarged);
}

TEST_CASE("choosing a language changes the text's language and scrolls it back to the top",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 400;
    s.text_scroll = 150;
    Apply(s, ex, settings, ActionType::ToggleLanguageMenu);
    REQUIRE(s.language_menu);

    Apply(s, ex, settings, ActionType::SetLanguage, 1);
    CHECK(s.lang == "az");
    CHECK(s.text_scroll == 0.0f);
    CHECK_FALSE(s.language_menu);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 1);

    Apply(s, ex, settings, ActionType::SetLanguage, 2);
    CHECK(s.lang == "ru");
}

TEST_CASE("a language outside the exhibit's list is ignored", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::SetLanguage, 1);
    Apply(s, ex, settings, ActionType::SetLanguage, 3);
    CHECK(s.lang == "az");
    Apply(s, ex, settings, ActionType::SetLanguage, -1);
    CHECK(s.lang == "az");
}

TEST_CASE("next image walks through a panel's images and then on to the next panel",
          "[core][state]") {
    const Exhibit ex = CoreExhibit(); // images per panel: 2, 1, 0, 2, 1
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);

    const std::vector<std::pair<int, int>> expected{{0, 1}, {1, 0}, {2, 0}, {3, 0},
                                                    {3, 1}, {4, 0}, {4, 0}};
    for (const auto& [panel, image] : expected) {
        Apply(s, ex, settings, ActionType::NextImage);
        INFO("expected panel " << panel << " image " << image);
        CHECK(s.screen == Screen::Panel);
        CHECK(s.panel == panel);
        CHECK(s.image == image);
    }
}

TEST_CASE("previous image walks back and opens the previous panel at its last image",
          "[core][state]") {
    const Exhibit ex = CoreExhibit(); // images per panel: 2, 1, 0, 2, 1
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 4);

    const std::vector<std::pair<int, int>> expected{{3, 1}, {3, 0}, {2, 0}, {1, 0},
                                                    {0, 1}, {0, 0}, {0, 0}};
    for (const auto& [panel, image] : expected) {
        Apply(s, ex, settings, ActionType::PrevImage);
        INFO("expected panel " << panel << " image " << image);
        CHECK(s.screen == Screen::Panel);
        CHECK(s.panel == panel);
        CHECK(s.image == image);
    }
}

TEST_CASE("opening another panel resets its text scroll", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 900;
    s.text_scroll = 450;
    Apply(s, ex, settings, ActionType::NextImage); // panel 1 has one image: on to panel 2
    CHECK(s.panel == 2);
    CHECK(s.text_scroll == 0.0f);
    CHECK(s.text_scroll_max == 0.0f);
}

TEST_CASE("while an image is enlarged, next and previous stay within the panel", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    Apply(s, ex, settings, ActionType::EnlargeImage);

    Apply(s, ex, settings, ActionType::NextImage);
    CHECK(s.image == 1);
    Apply(s, ex, settings, ActionType::NextImage);
    CHECK(s.panel == 3);
    CHECK(s.image == 1);
    CHECK(s.image_enlarged);

    Apply(s, ex, settings, ActionType::PrevImage);
    Apply(s, ex, settings, ActionType::PrevImage);
    CHECK(s.panel == 3);
    CHECK(s.image == 0);
    CHECK(s.image_enlarged);
}

TEST_CASE("next panel stops at the last panel and previous panel at the first", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    Apply(s, ex, settings, ActionType::NextImage);
    REQUIRE(s.image == 1);

    Apply(s, ex, settings, ActionType::NextPanel);
    CHECK(s.panel == 4);
    CHECK(s.image == 0);
    Apply(s, ex, settings, ActionType::NextPanel);
    CHECK(s.panel == 4);
    CHECK(s.screen == Screen::Panel);

    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    Apply(s, ex, settings, ActionType::PrevPanel);
    CHECK(s.panel == 0);
    Apply(s, ex, settings, ActionType::PrevPanel);
    CHECK(s.panel == 0);
}

TEST_CASE("an out-of-range panel index opens the nearest panel", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 99);
    CHECK(s.panel == 4);
    Apply(s, ex, settings, ActionType::OpenPanel, -3);
    CHECK(s.panel == 0);
}

TEST_CASE("the larger-text and high-contrast buttons each toggle their setting", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    s.text_scroll_max = 300;
    s.text_scroll = 120;

    Apply(s, ex, settings, ActionType::ToggleLargeText);
    CHECK(s.large_text);
    CHECK_FALSE(s.high_contrast);
    CHECK(s.text_scroll == 0.0f); // the text reflows: back to its top
    Apply(s, ex, settings, ActionType::ToggleHighContrast);
    CHECK(s.large_text);
    CHECK(s.high_contrast);
    Apply(s, ex, settings, ActionType::ToggleLargeText);
    Apply(s, ex, settings, ActionType::ToggleHighContrast);
    CHECK_FALSE(s.large_text);
    CHECK_FALSE(s.high_contrast);
}

TEST_CASE("the timeline button shows the timeline from its top and tiles bring the tiles back",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    s.home_scroll_max = 500;
    s.home_scroll = 240;
    Apply(s, ex, settings, ActionType::ShowTimeline);
    CHECK(s.home_view == HomeView::Timeline);
    CHECK(s.home_scroll == 0.0f);
    s.home_scroll = 100;
    Apply(s, ex, settings, ActionType::ShowTiles);
    CHECK(s.home_view == HomeView::Tiles);
    CHECK(s.home_scroll == 0.0f);
}

TEST_CASE("Home leaves a panel and closes its enlarged image", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    Apply(s, ex, settings, ActionType::EnlargeImage);
    Apply(s, ex, settings, ActionType::Home);
    CHECK(s.screen == Screen::Home);
    CHECK_FALSE(s.image_enlarged);
}

TEST_CASE("Continue on Still there? returns to the screen the visitor left", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);
    Apply(s, ex, settings, ActionType::Continue);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 1);
}

TEST_CASE("a tap on no button closes the language menu", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::ToggleLanguageMenu);
    REQUIRE(s.language_menu);
    TouchAt(s, ex, settings, kNothingDrawn, 700, 700, 2000);
    CHECK_FALSE(s.language_menu);
    CHECK(s.screen == Screen::Home);
}

TEST_CASE("the reading menu stays open while Larger text and High contrast are toggled and "
          "closes at any other tap",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    REQUIRE(s.reading_menu);
    Apply(s, ex, settings, ActionType::ToggleLargeText);
    CHECK(s.large_text);
    CHECK(s.reading_menu);
    Apply(s, ex, settings, ActionType::ToggleHighContrast);
    CHECK(s.high_contrast);
    CHECK(s.reading_menu);
    // Its button closes it again; the aids stay on.
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    CHECK_FALSE(s.reading_menu);
    CHECK(s.large_text);
    CHECK(s.high_contrast);
    // A tap on no button closes it, and so does any other button.
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    TouchAt(s, ex, settings, kNothingDrawn, 700, 700, 2000);
    CHECK_FALSE(s.reading_menu);
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    Apply(s, ex, settings, ActionType::NextPanel);
    CHECK_FALSE(s.reading_menu);
    CHECK(s.panel == 2);
    // One menu at a time: the language menu closes it, and it closes the
    // language menu.
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    Apply(s, ex, settings, ActionType::ToggleLanguageMenu);
    CHECK(s.language_menu);
    CHECK_FALSE(s.reading_menu);
    Apply(s, ex, settings, ActionType::ToggleReadingMenu);
    CHECK(s.reading_menu);
    CHECK_FALSE(s.language_menu);
    // The next visitor finds it closed.
    ResetToAttract(s, ex, settings, 5000);
    CHECK_FALSE(s.reading_menu);
}

TEST_CASE("a visitor back from Still there? finds the screen they left without the menu they "
          "had opened",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings; // 90 s idle, 20 s countdown
    for (const ActionType menu : {ActionType::ToggleReadingMenu, ActionType::ToggleLanguageMenu}) {
        State s = StartedVisit(ex, settings, 1000);
        Apply(s, ex, settings, ActionType::OpenPanel, 1);
        Apply(s, ex, settings, menu);
        REQUIRE((s.reading_menu || s.language_menu));
        const int64_t idle = s.last_touch_ms + settings.idle_timeout_ms;
        Step(s, ex, settings, {}, kNothingDrawn, idle);
        REQUIRE(s.screen == Screen::StillThere);
        Apply(s, ex, settings, ActionType::Continue);
        CHECK(s.screen == Screen::Panel);
        CHECK_FALSE(s.reading_menu);
        CHECK_FALSE(s.language_menu);
    }
}

// [SECTION] Scrolling and swiping -------------------------------------------------

TEST_CASE("dragging the text scrolls it against the finger within its limits", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 500; // what the UI measured last frame
    const FrameLayout layout = TextColumn(500);

    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2000);
    REQUIRE(s.active_scroll == ScrollTarget::Text);
    Step(s, ex, settings, {CoreDragMove(0, -120)}, layout, 2016); // finger moves up
    CHECK(s.text_scroll == Approx(120));
    Step(s, ex, settings, {CoreDragMove(0, 50)}, layout, 2032);
    CHECK(s.text_scroll == Approx(70));
    Step(s, ex, settings, {CoreDragMove(0, -1000)}, layout, 2048);
    CHECK(s.text_scroll == Approx(500));
    Step(s, ex, settings, {CoreDragMove(0, 2000)}, layout, 2064);
    CHECK(s.text_scroll == Approx(0));
    CHECK(s.home_scroll == 0.0f);
}

TEST_CASE("dragging outside the text column does not scroll the text", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 500;
    const FrameLayout layout = TextColumn(500);
    Step(s, ex, settings, {CorePress(300, 600)}, layout, 2000);
    CHECK(s.active_scroll == ScrollTarget::None);
    Step(s, ex, settings, {CoreDragMove(0, -120)}, layout, 2016);
    CHECK(s.text_scroll == 0.0f);
}

TEST_CASE("a flung text keeps moving, slows down and stops", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings; // tau 0.35 s
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 2000;
    const FrameLayout layout = TextColumn(2000);

    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2000);
    Step(s, ex, settings, {CoreDragMove(0, -100)}, layout, 2016);
    Step(s, ex, settings, {CoreDragEnd(0, -1500), CoreRelease(1400, 500)}, layout, 2032);
    CHECK(s.text_velocity == Approx(1500));
    CHECK(s.text_scroll == Approx(100));
    CHECK(NextFrameDelayMs(s, ex, settings, 2032) <= 16);

    float last_scroll = s.text_scroll;
    float last_velocity = s.text_velocity;
    int64_t t = 2032;
    for (; t < 2032 + 5000 && s.text_velocity != 0.0f; t += 16) {
        Step(s, ex, settings, {}, layout, t + 16);
        CHECK(s.text_scroll > last_scroll);
        CHECK(s.text_velocity < last_velocity);
        last_scroll = s.text_scroll;
        last_velocity = s.text_velocity;
    }
    CHECK(s.text_velocity == 0.0f);
    CHECK(t - 2032 < 2500); // ln(1500/8) tau is under two seconds
    // v0 * tau travelled, less the little left below the stop speed.
    CHECK(s.text_scroll == Approx(100 + 1500 * 0.35).margin(4));
    CHECK(s.text_scroll <= 2000);
    CHECK(s.screen == Screen::Panel);
    CHECK(NextFrameDelayMs(s, ex, settings, t) > 1000);
}

TEST_CASE("a flung text stops at its end and never scrolls past it", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 300;
    const FrameLayout layout = TextColumn(300);

    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2000);
    Step(s, ex, settings, {CoreDragMove(0, -250)}, layout, 2016);
    Step(s, ex, settings, {CoreDragEnd(0, -3000), CoreRelease(1400, 350)}, layout, 2032);
    REQUIRE(s.text_velocity > 0.0f);
    for (int64_t t = 2048; t <= 4000; t += 16) {
        Step(s, ex, settings, {}, layout, t);
        CHECK(s.text_scroll <= 300.0f);
        CHECK(s.text_scroll >= 0.0f);
    }
    CHECK(s.text_scroll == Approx(300));
    CHECK(s.text_velocity == 0.0f);
}

TEST_CASE("a flung text coasting towards its top stops at zero", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 1000;
    const FrameLayout layout = TextColumn(1000);
    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2000);
    Step(s, ex, settings, {CoreDragMove(0, -60)}, layout, 2016);
    Step(s, ex, settings, {CoreDragEnd(0, 4000), CoreRelease(1400, 640)}, layout, 2032);
    REQUIRE(s.text_velocity < 0.0f);
    for (int64_t t = 2048; t <= 4000; t += 16) {
        Step(s, ex, settings, {}, layout, t);
        CHECK(s.text_scroll >= 0.0f);
    }
    CHECK(s.text_scroll == 0.0f);
    CHECK(s.text_velocity == 0.0f);
}

TEST_CASE("a finger on a coasting text stops it", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 2);
    s.text_scroll_max = 2000;
    const FrameLayout layout = TextColumn(2000);
    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2000);
    Step(s, ex, settings, {CoreDragMove(0, -100)}, layout, 2016);
    Step(s, ex, settings, {CoreDragEnd(0, -1500), CoreRelease(1400, 500)}, layout, 2032);
    Step(s, ex, settings, {}, layout, 2100);
    REQUIRE(s.text_velocity > 0.0f);
    Step(s, ex, settings, {CorePress(1400, 600)}, layout, 2116);
    CHECK(s.text_velocity == 0.0f);
    const float held = s.text_scroll;
    Step(s, ex, settings, {}, layout, 2500);
    CHECK(s.text_scroll == held);
}

TEST_CASE("a drag that starts on a button never activates it", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    FrameLayout layout;
    layout.hits.push_back({Rect{1600, 960, 300, 110}, Action{ActionType::NextPanel, 0}});

    Step(s, ex, settings, {CorePress(1700, 1000)}, layout, 2000);
    CHECK(s.pressed == Action{ActionType::NextPanel, 0});
    Step(s, ex, settings, {CoreDragMove(0, -40)}, layout, 2030);
    CHECK(s.pressed.type == ActionType::None);
    Step(s, ex, settings, {CoreDragMove(0, -40)}, layout, 2060);
    Step(s, ex, settings, {CoreDragEnd(0, -1300), CoreRelease(1700, 920)}, layout, 2090);
    CHECK(s.pressed.type == ActionType::None);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 0);
}

TEST_CASE("a horizontal swipe in the image area of a panel changes the image", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    FrameLayout layout;
    layout.swipes.push_back(SwipeRegion{Rect{48, 160, 1021, 760}});

    Step(s, ex, settings, {CorePress(500, 400), CoreSwipe(+1), CoreRelease(300, 400)}, layout,
         2000);
    CHECK(s.panel == 0);
    CHECK(s.image == 1);
    Step(s, ex, settings, {CorePress(500, 400), CoreSwipe(+1), CoreRelease(300, 400)}, layout,
         3000);
    CHECK(s.panel == 1);
    CHECK(s.image == 0);
    Step(s, ex, settings, {CorePress(500, 400), CoreSwipe(-1), CoreRelease(700, 400)}, layout,
         4000);
    CHECK(s.panel == 0);
    CHECK(s.image == 1);
}

TEST_CASE("a horizontal swipe outside the image area changes nothing", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    FrameLayout layout;
    layout.swipes.push_back(SwipeRegion{Rect{48, 160, 1021, 760}});

    Step(s, ex, settings, {CorePress(1500, 400), CoreSwipe(+1), CoreRelease(1300, 400)}, layout,
         2000);
    CHECK(s.panel == 0);
    CHECK(s.image == 0);
}

TEST_CASE("a swipe on an enlarged image changes the image wherever it starts", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 3);
    Apply(s, ex, settings, ActionType::EnlargeImage);
    Step(s, ex, settings, {CorePress(1500, 400), CoreSwipe(+1), CoreRelease(1300, 400)},
         kNothingDrawn, 2000);
    CHECK(s.panel == 3);
    CHECK(s.image == 1);
}

TEST_CASE("a swipe on Home opens no panel", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    FrameLayout layout;
    layout.swipes.push_back(SwipeRegion{Rect{0, 0, 1920, 1080}});
    Step(s, ex, settings, {CorePress(500, 400), CoreSwipe(+1), CoreRelease(300, 400)}, layout,
         2000);
    CHECK(s.screen == Screen::Home);
}

// [SECTION] Attract mode ------------------------------------------------------------

TEST_CASE("attract mode moves on to the next panel every dwell_ms and wraps after the last",
          "[core][attract]") {
    const Exhibit ex = CoreExhibit(); // 5 panels, 9 s dwell
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    const std::vector<std::pair<int, int>> slots{{0, 1}, {1, 2}, {2, 3}, {3, 4},
                                                 {4, 0}, {0, 1}, {1, 2}};
    for (size_t k = 0; k < slots.size(); ++k) {
        const int64_t start = 1000 + static_cast<int64_t>(k) * 9000;
        for (const int64_t within : {int64_t{0}, int64_t{4000}, int64_t{8999}}) {
            const AttractView v = ComputeAttract(s, ex, settings, start + within);
            INFO("slot " << k << " at " << within << " ms");
            CHECK(v.from == slots[k].first);
            CHECK(v.to == slots[k].second);
        }
    }
}

TEST_CASE("the attract crossfade runs through the last transition_ms of each slot",
          "[core][attract]") {
    const Exhibit ex = CoreExhibit(); // 9 s dwell, 1.5 s crossfade
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    const int64_t slot = 1000 + 2 * 9000; // any slot behaves the same

    for (const int64_t within :
         {int64_t{0}, int64_t{1}, int64_t{3000}, int64_t{7000}, int64_t{7499}, int64_t{7500}}) {
        INFO("at " << within << " ms into the slot");
        CHECK(ComputeAttract(s, ex, settings, slot + within).mix == 0.0f);
    }
    CHECK(ComputeAttract(s, ex, settings, slot + 8250).mix == Approx(0.5f));
    CHECK(ComputeAttract(s, ex, settings, slot + 8999).mix == Approx(1.0f).margin(0.001));
    float last = 0;
    for (int64_t within = 7600; within < 9000; within += 100) {
        const float mix = ComputeAttract(s, ex, settings, slot + within).mix;
        CHECK(mix > last);
        CHECK(mix <= 1.0f);
        last = mix;
    }
    // The next slot starts with the panel that faded in, fully shown.
    const AttractView next = ComputeAttract(s, ex, settings, slot + 9000);
    CHECK(next.from == 3);
    CHECK(next.mix == 0.0f);
}

TEST_CASE("a panel's slow pan continues without a jump from fading in to being shown",
          "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    const int64_t slot = 1000 + 9000;
    const AttractView end = ComputeAttract(s, ex, settings, slot + 8999);
    const AttractView next = ComputeAttract(s, ex, settings, slot + 9000);
    REQUIRE(end.to == next.from);
    CHECK(end.to_progress == Approx(next.from_progress).margin(0.001));
    CHECK(end.from_progress == Approx(1.0f).margin(0.001));
    CHECK(next.from_progress > 0.0f);
    CHECK(end.drift_slot != next.drift_slot); // static text moves with each panel
}

TEST_CASE("each attract panel speaks the next of the exhibit's languages", "[core][attract]") {
    const Exhibit ex = CoreExhibit(); // en, az, ru over 5 panels
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    // Slot k shows panel k % 5 in language k % 3, and fades in the next one in
    // the next language, so a panel meets every language in turn.
    for (int64_t k = 0; k < 16; ++k) {
        const int64_t start = 1000 + k * 9000;
        for (const int64_t within : {int64_t{0}, int64_t{4500}, int64_t{8999}}) {
            const AttractView v = ComputeAttract(s, ex, settings, start + within);
            INFO("slot " << k << " at " << within << " ms");
            CHECK(v.from_lang == static_cast<int>(k % 3));
            CHECK(v.to_lang == static_cast<int>((k + 1) % 3));
        }
    }
    CHECK(ComputeAttract(s, ex, settings, 1000 + 5 * 9000).from == 0);
    CHECK(ComputeAttract(s, ex, settings, 1000 + 5 * 9000).from_lang == 2); // panel 0 in ru
}

TEST_CASE("an exhibit in one language shows every attract panel in it", "[core][attract]") {
    Exhibit ex = CoreExhibit();
    ex.languages = {"az"};
    ex.default_language = "az";
    const Settings settings;
    const State s = InitialState(ex, settings, 0);
    for (int64_t t = 0; t < 60'000; t += 1500) {
        const AttractView v = ComputeAttract(s, ex, settings, t);
        CHECK(v.from_lang == 0);
        CHECK(v.to_lang == 0);
    }
}

TEST_CASE("attract mode starts again from the first panel after every visit", "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Step(s, ex, settings, {}, kNothingDrawn, 500'000);
    REQUIRE(s.screen == Screen::Attract);
    const AttractView v = ComputeAttract(s, ex, settings, s.attract_since_ms);
    CHECK(v.from == 0);
    CHECK(v.to == 1);
    CHECK(v.from_lang == 0);
}

// [SECTION] Frame pacing ------------------------------------------------------------

namespace {

// What the UI reports after drawing attract mode: the panel's picture,
// letterboxed like a 3:2 photograph on a 1920x1080 screen.
FrameLayout PanningPicture(int panel) {
    FrameLayout layout;
    layout.pans.push_back({panel, {368, 27, 1185, 790}, {}});
    return layout;
}

// Runs attract mode's frame pacing the way the loop does, from `from_ms` to
// `to_ms`: each frame at the time the previous one asked for.
std::vector<int64_t> AttractFrames(const State& s, const Exhibit& ex, const Settings& settings,
                                   int64_t from_ms, int64_t to_ms) {
    std::vector<int64_t> frames{from_ms};
    while (frames.back() < to_ms) {
        const int64_t t = frames.back();
        const int64_t delay = NextFrameDelayMs(
            s, ex, settings, t, PanningPicture(ComputeAttract(s, ex, settings, t).from));
        REQUIRE(delay > 0);
        frames.push_back(t + delay);
    }
    return frames;
}

} // namespace

TEST_CASE("attract mode's pan shows the whole picture at first and zooms in 1.5 %",
          "[core][attract]") {
    const PanWindow first = AttractPan(0, 0.0f);
    CHECK(first.u0 == 0.0f);
    CHECK(first.v0 == 0.0f);
    CHECK(first.size == 1.0f);
    const PanWindow last = AttractPan(0, 1.0f);
    CHECK(last.size == Approx(1.0f / 1.015f));
    // Even panels drift one way, odd ones the other.
    CHECK(AttractPan(0, 1.0f).u0 > AttractPan(0, 0.5f).u0);
    CHECK(AttractPan(1, 1.0f).u0 < AttractPan(1, 0.5f).u0);
}

TEST_CASE("a pan's motion is the largest shift of any point of the picture, in pixels",
          "[core][attract]") {
    const Rect r{0, 0, 1000, 500};
    CHECK(PanMotionPx({0.1f, 0.1f, 0.8f}, {0.1f, 0.1f, 0.8f}, r) == 0.0f);
    // The window moves right by a thousandth of the texture: every point moves
    // left by 1000 / 0.8 thousandths of the drawn width.
    CHECK(PanMotionPx({0.1f, 0.1f, 0.8f}, {0.101f, 0.1f, 0.8f}, r) == Approx(1.25f).margin(1e-3));
    // Zooming moves the edges most: here the far edge by 1000 * (1 / 0.99 - 1) px.
    CHECK(PanMotionPx({0.0f, 0.0f, 1.0f}, {0.0f, 0.0f, 0.99f}, r) ==
          Approx(1000.0f / 0.99f - 1000.0f).margin(1e-2));
}

TEST_CASE("attract mode draws a frame whenever the pan has moved the picture by under a pixel",
          "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    const std::vector<int64_t> frames = AttractFrames(s, ex, settings, 1000, 1000 + 3 * 9000);
    int dwell_frames = 0;
    for (size_t i = 1; i < frames.size(); ++i) {
        const AttractView a = ComputeAttract(s, ex, settings, frames[i - 1]);
        const AttractView b = ComputeAttract(s, ex, settings, frames[i]);
        INFO("frames at " << frames[i - 1] << " and " << frames[i] << " ms");
        const Rect r = PanningPicture(0).pans[0].rect;
        if (a.from == b.from) {
            CHECK(PanMotionPx(AttractPan(a.from, a.from_progress),
                              AttractPan(b.from, b.from_progress), r) < kMaxPanStepPx);
            if (a.mix == 0.0f && b.mix == 0.0f) ++dwell_frames;
        } else {
            CHECK(b.from == a.to);
            CHECK(PanMotionPx(AttractPan(a.to, a.to_progress), AttractPan(b.from, b.from_progress),
                              r) < kMaxPanStepPx);
        }
    }
    // And no more often than that: a few frames a second while a panel dwells
    // (7.5 s of the 9 s), where fixed 15 fps would draw 112 a panel.
    CHECK(dwell_frames > 3 * 7);
    CHECK(dwell_frames < 3 * 7 * 6);
}

TEST_CASE("a crossfade draws a frame for each visible step of the mix, fewer than 15 fps",
          "[core][attract]") {
    const Exhibit ex = CoreExhibit(); // dwell 9 s, fade 1.5 s from 7.5 s
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    const std::vector<int64_t> frames = AttractFrames(s, ex, settings, 1000, 1000 + 9000 + 500);
    int fade_frames = 0;
    for (size_t i = 1; i < frames.size(); ++i) {
        const AttractView a = ComputeAttract(s, ex, settings, frames[i - 1]);
        const AttractView b = ComputeAttract(s, ex, settings, frames[i]);
        INFO("frames at " << frames[i - 1] << " and " << frames[i] << " ms");
        const float step = a.from == b.from ? b.mix - a.mix : b.mix + (1.0f - a.mix);
        CHECK(step < kMaxFadeStep);
        if (b.mix > 0.0f) ++fade_frames;
    }
    // 1 / kMaxFadeStep steps at the least; 15 fps would be 23 frames.
    CHECK(fade_frames >= 16);
    CHECK(fade_frames < 23);
    // The fade's first visible step is drawn, not the fade's start.
    CHECK(std::find(frames.begin(), frames.end(), int64_t{1000 + 7500}) == frames.end());
}

TEST_CASE("attract mode without a panning picture sleeps until the crossfade", "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    const State s = InitialState(ex, settings, 1000);
    // Text cards (or a picture still loading): nothing moves during the dwell.
    CHECK(NextFrameDelayMs(s, ex, settings, 1000 + 1000, kNothingDrawn) >= 2000);
    CHECK(NextFrameDelayMs(s, ex, settings, 1000 + 7000, kNothingDrawn) > 400);
    CHECK(NextFrameDelayMs(s, ex, settings, 1000 + 8250, kNothingDrawn) <= 70);
}

TEST_CASE("a static Home screen sleeps until the idle deadline", "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    CHECK(NextFrameDelayMs(s, ex, settings, 10'100) <= 70); // fading in from attract mode
    Step(s, ex, settings, {}, kNothingDrawn, 15'000);
    CHECK(NextFrameDelayMs(s, ex, settings, 15'000) == 85'000);
    Step(s, ex, settings, {}, kNothingDrawn, 99'000);
    CHECK(NextFrameDelayMs(s, ex, settings, 99'000) == 1'000);
}

TEST_CASE("Still there? wakes when its countdown's number changes", "[core][attract]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 10'000);
    Step(s, ex, settings, {}, kNothingDrawn, 100'000);
    REQUIRE(s.screen == Screen::StillThere);
    CHECK(NextFrameDelayMs(s, ex, settings, 100'400) == 600);
    CHECK(NextFrameDelayMs(s, ex, settings, 101'000) == 1000);
}

// [SECTION] Reading position over text size and language changes ---------------

namespace {

FrameLayout Paragraphs(std::vector<float> tops, bool large, const std::string& lang) {
    FrameLayout f = TextColumn(2000);
    f.text_blocks = std::move(tops);
    f.text_blocks_large = large;
    f.text_blocks_lang = lang;
    return f;
}

} // namespace

TEST_CASE("larger text keeps the reader at the paragraph they were reading", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 1000;
    s.text_scroll = 520; // in the third paragraph, which starts at 500
    const FrameLayout before = Paragraphs({0, 200, 500, 800}, false, "en");
    ApplyAction(s, ex, settings, Action{ActionType::ToggleLargeText, 0}, before);
    CHECK(s.large_text);
    CHECK(s.text_anchor == 2);

    // The next frame laid the text out larger: the third paragraph now starts at 750.
    s.text_scroll_max = 1500;
    Step(s, ex, settings, {}, Paragraphs({0, 300, 750, 1200}, true, "en"), 1100);
    CHECK(s.text_scroll == Approx(750));
    CHECK(s.text_anchor == -1);

    // And back to normal text: the same paragraph again.
    ApplyAction(s, ex, settings, Action{ActionType::ToggleLargeText, 0},
                Paragraphs({0, 300, 750, 1200}, true, "en"));
    s.text_scroll_max = 1000;
    Step(s, ex, settings, {}, Paragraphs({0, 200, 500, 800}, false, "en"), 1200);
    CHECK(s.text_scroll == Approx(500));
}

TEST_CASE("a language change keeps the reader at the same paragraph in the other language",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 1000;
    s.text_scroll = 810; // the fourth paragraph
    ApplyAction(s, ex, settings, Action{ActionType::SetLanguage, 2},
                Paragraphs({0, 200, 500, 800}, false, "en"));
    CHECK(s.lang == "ru");
    // A frame still laid out in English does not move the text...
    Step(s, ex, settings, {}, Paragraphs({0, 200, 500, 800}, false, "en"), 1050);
    CHECK(s.text_anchor == 3);
    // ...the Russian one does.
    s.text_scroll_max = 1200;
    Step(s, ex, settings, {}, Paragraphs({0, 260, 610, 990}, false, "ru"), 1100);
    CHECK(s.text_scroll == Approx(990));
    CHECK(s.text_anchor == -1);
}

TEST_CASE("the kept paragraph never scrolls past the end of the text", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 1000;
    s.text_scroll = 900;
    ApplyAction(s, ex, settings, Action{ActionType::ToggleLargeText, 0},
                Paragraphs({0, 200, 500, 800}, false, "en"));
    s.text_scroll_max = 1100; // the last paragraph starts at 1200, but the text ends sooner
    Step(s, ex, settings, {}, Paragraphs({0, 300, 750, 1200}, true, "en"), 1100);
    CHECK(s.text_scroll == Approx(1100));
}

TEST_CASE("an enlarged image's caption scrolls on its own and the text's place is kept",
          "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 0);
    s.text_scroll_max = 800;
    s.text_scroll = 300;
    Apply(s, ex, settings, ActionType::EnlargeImage);
    CHECK(s.text_scroll == 0.0f); // now the caption's scroll
    s.text_scroll = 40;
    Apply(s, ex, settings, ActionType::CloseImage);
    CHECK_FALSE(s.image_enlarged);
    CHECK(s.text_scroll == Approx(300));
}

TEST_CASE("a reader still at the title stays at the top after a language change", "[core][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = StartedVisit(ex, settings, 1000);
    Apply(s, ex, settings, ActionType::OpenPanel, 1);
    s.text_scroll_max = 1000;
    s.text_scroll = 0; // the first paragraph starts under the title, at 150
    ApplyAction(s, ex, settings, Action{ActionType::SetLanguage, 1},
                Paragraphs({150, 400, 700}, false, "en"));
    CHECK(s.text_anchor == -1);
    Step(s, ex, settings, {}, Paragraphs({170, 450, 760}, false, "az"), 1100);
    CHECK(s.text_scroll == 0.0f);
}
