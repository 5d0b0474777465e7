// core/visit_tracker: visits as the real state machine (Step) makes them, on a
// fake clock. A Kiosk here is the app's loop in miniature: every Step is
// followed by Observe, and the visits it returns are kept.

#include "core/visit_tracker.h"
#include "support/core_exhibit.h"

#include <catch2/catch.hpp>

#include <optional>
#include <vector>

using kiosk::Action;
using kiosk::ActionType;
using kiosk::Exhibit;
using kiosk::FrameLayout;
using kiosk::Gesture;
using kiosk::InitialState;
using kiosk::Screen;
using kiosk::Settings;
using kiosk::State;
using kiosk::Visit;
using kiosk::VisitTracker;
using kiosk::test::CoreExhibit;
using kiosk::test::CoreFullScreenButton;
using kiosk::test::CorePress;
using kiosk::test::CoreRelease;
using kiosk::test::CoreTap;

namespace {

constexpr int64_t kS = 1000;
// Default settings: 90 s idle, then 20 s of "Still there?".
constexpr int64_t kIdleAndCountdown = 110 * kS;

struct Kiosk {
    Exhibit ex = CoreExhibit();
    Settings settings;
    State s = InitialState(ex, settings, 0);
    VisitTracker tracker;
    std::vector<Visit> visits;
    int64_t wall_offset_ms = 0;

    void StepAt(int64_t t_ms, const std::vector<Gesture>& gestures, const FrameLayout& layout) {
        const State before = s;
        kiosk::Step(s, ex, settings, gestures, layout, t_ms);
        if (auto v = tracker.Observe(before, s, ex, wall_offset_ms)) visits.push_back(*v);
    }
    // Time passes with nobody touching.
    void Wait(int64_t t_ms) { StepAt(t_ms, {}, {}); }
    // A short touch where nothing is drawn (wakes the kiosk, or keeps it awake).
    void Touch(int64_t t_ms) { StepAt(t_ms, {CorePress(5, 5), CoreRelease(5, 5)}, {}); }
    // A visitor reading: a touch every minute from `from_ms` to `to_ms` (both included).
    void KeepTouching(int64_t from_ms, int64_t to_ms) {
        for (int64_t t = from_ms; t < to_ms; t += 60 * 1000)
            Touch(t);
        Touch(to_ms);
    }
    // A tap on a button doing `type`.
    void Tap(int64_t t_ms, ActionType type, int index = 0) {
        StepAt(t_ms, {CorePress(5, 5), CoreTap(5, 5), CoreRelease(5, 5)},
               CoreFullScreenButton(Action{type, index}));
    }
};

} // namespace

// [SECTION] Where visits begin and end ----------------------------------------

TEST_CASE("a visit starts at the touch that wakes attract mode and is recorded at the idle reset",
          "[stats][tracker]") {
    Kiosk k;
    k.Wait(5 * kS);
    CHECK_FALSE(k.tracker.InVisit());
    k.Touch(10 * kS);
    CHECK(k.tracker.InVisit());
    k.Touch(40 * kS);
    k.Wait(40 * kS + kIdleAndCountdown - 1); // "Still there?" is counting down
    CHECK(k.visits.empty());
    k.Wait(40 * kS + kIdleAndCountdown);
    CHECK(k.s.screen == Screen::Attract);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].start_ms == 10 * kS);
    // First touch to last touch: the idle wait and the countdown are not the visit.
    CHECK(k.visits[0].duration_ms == 30 * kS);
    CHECK(k.visits[0].language == "en");
    CHECK(k.visits[0].panels.empty());
}

TEST_CASE("two visits separated by an idle reset are two records with their own lengths",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(10 * kS);
    k.Touch(20 * kS);
    k.Wait(400 * kS);
    k.Touch(500 * kS);
    k.Touch(530 * kS);
    k.Touch(560 * kS);
    k.Wait(2000 * kS);
    REQUIRE(k.visits.size() == 2);
    CHECK(k.visits[0].start_ms == 10 * kS);
    CHECK(k.visits[0].duration_ms == 10 * kS);
    CHECK(k.visits[1].start_ms == 500 * kS);
    CHECK(k.visits[1].duration_ms == 60 * kS);
    CHECK(k.s.visits == 2);
}

TEST_CASE("a touch long after the last one ends the old visit and starts a new one in one step",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(10 * kS);
    k.Touch(15 * kS);
    // No step in between: the reset and the next visitor's touch come in the same Step.
    k.Touch(900 * kS);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].start_ms == 10 * kS);
    CHECK(k.visits[0].duration_ms == 5 * kS);
    CHECK(k.tracker.InVisit());
    const auto second = k.tracker.Flush();
    REQUIRE(second);
    CHECK(second->start_ms == 900 * kS);
    CHECK(second->duration_ms == 0);
}

TEST_CASE("a visitor who answers Still there? goes on with the same visit", "[stats][tracker]") {
    Kiosk k;
    k.Touch(10 * kS);
    k.Wait(101 * kS); // idle since 10 s: "Still there?" from 100 s
    CHECK(k.s.screen == Screen::StillThere);
    k.Touch(105 * kS); // "yes"
    CHECK(k.s.screen == Screen::Home);
    k.Wait(105 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].duration_ms == 95 * kS);
}

TEST_CASE("a visit woken by one touch and then left is recorded with length zero",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(10 * kS);
    k.Wait(10 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].duration_ms == 0);
    CHECK(k.visits[0].language == "en");
}

TEST_CASE("Flush ends the visit in progress at its last touch, and only once", "[stats][tracker]") {
    Kiosk k;
    CHECK_FALSE(k.tracker.Flush());
    k.Touch(10 * kS);
    k.Tap(20 * kS, ActionType::OpenPanel, 1);
    k.Wait(50 * kS); // shutdown comes 30 s after the last touch
    const auto v = k.tracker.Flush();
    REQUIRE(v);
    CHECK(v->duration_ms == 10 * kS);
    REQUIRE(v->panels.size() == 1);
    CHECK(v->panels[0].dwell_ms == 0);
    CHECK_FALSE(k.tracker.InVisit());
    CHECK_FALSE(k.tracker.Flush());
}

TEST_CASE("a fresh state from a reload between visits neither merges nor loses visits",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(10 * kS);
    k.Touch(20 * kS);
    k.Wait(20 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    // The app swaps the exhibit in attract mode: the visit counter starts again at 0.
    k.s = InitialState(k.ex, k.settings, 200 * kS);
    k.Touch(300 * kS);
    k.Touch(320 * kS);
    k.Wait(320 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 2);
    CHECK(k.visits[1].start_ms == 300 * kS);
    CHECK(k.visits[1].duration_ms == 20 * kS);
}

TEST_CASE("the wall-clock offset dates the visit and its panel views", "[stats][tracker]") {
    Kiosk k;
    k.wall_offset_ms = 1'700'000'000'000;
    k.Touch(10 * kS);
    k.Tap(12 * kS, ActionType::OpenPanel, 0);
    k.Touch(20 * kS);
    k.Wait(20 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].start_ms == 1'700'000'000'000 + 10 * kS);
    CHECK(k.visits[0].duration_ms == 10 * kS);
    REQUIRE(k.visits[0].panels.size() == 1);
    CHECK(k.visits[0].panels[0].opened_ms == 1'700'000'000'000 + 12 * kS);
}

TEST_CASE("a staff session opened with the hidden gesture is not counted as a visit",
          "[stats][tracker]") {
    Kiosk k;
    FrameLayout corners;
    corners.corner_hold = kiosk::Rect{0, 0, 60, 60};
    corners.corner_tap = kiosk::Rect{1860, 1020, 60, 60};
    // Hold the top-left corner (this wakes the kiosk like any touch), lift, tap bottom-right.
    k.StepAt(1 * kS, {CorePress(10, 10)}, corners);
    k.StepAt(7 * kS, {CoreRelease(10, 10)}, corners);
    k.StepAt(8 * kS, {CorePress(1900, 1050)}, corners);
    k.StepAt(8 * kS + 100, {CoreRelease(1900, 1050)}, corners);
    REQUIRE(k.s.admin == kiosk::AdminScreen::Pin);
    k.Tap(20 * kS, ActionType::AdminClose);
    CHECK(k.s.screen == Screen::Attract);
    CHECK(k.visits.empty());
    CHECK_FALSE(k.tracker.InVisit());
    // The next visitor is counted again.
    k.Touch(100 * kS);
    k.Touch(130 * kS);
    k.Wait(130 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    CHECK(k.visits[0].start_ms == 100 * kS);
}

TEST_CASE("a staff session left alone closes without a visit", "[stats][tracker]") {
    Kiosk k;
    FrameLayout corners;
    corners.corner_hold = kiosk::Rect{0, 0, 60, 60};
    corners.corner_tap = kiosk::Rect{1860, 1020, 60, 60};
    k.StepAt(1 * kS, {CorePress(10, 10)}, corners);
    k.StepAt(7 * kS, {CoreRelease(10, 10)}, corners);
    k.StepAt(8 * kS, {CorePress(1900, 1050), CoreRelease(1900, 1050)}, corners);
    REQUIRE(k.s.admin != kiosk::AdminScreen::None);
    k.Wait(500 * kS);
    CHECK(k.s.screen == Screen::Attract);
    CHECK(k.visits.empty());
    CHECK_FALSE(k.tracker.Flush());
}

// [SECTION] Panels and images ---------------------------------------------------

TEST_CASE("a panel's dwell runs from opening it to leaving it, and a second opening is a second "
          "view",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(0);
    k.Tap(10 * kS, ActionType::OpenPanel, 1);
    k.Tap(40 * kS, ActionType::Home);
    k.Tap(50 * kS, ActionType::OpenPanel, 3);
    k.Tap(60 * kS, ActionType::NextImage);
    k.Tap(70 * kS, ActionType::NextPanel); // to panel 4
    k.Tap(80 * kS, ActionType::Back);      // home
    k.Tap(90 * kS, ActionType::OpenPanel, 1);
    k.Touch(95 * kS);
    k.Wait(95 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    const auto& p = k.visits[0].panels;
    REQUIRE(p.size() == 4);
    CHECK(p[0].panel_id == "panel-1");
    CHECK(p[0].opened_ms == 10 * kS);
    CHECK(p[0].dwell_ms == 30 * kS);
    CHECK(p[1].panel_id == "panel-3");
    CHECK(p[1].dwell_ms == 20 * kS);
    CHECK(p[2].panel_id == "panel-4");
    CHECK(p[2].dwell_ms == 10 * kS);
    CHECK(p[3].panel_id == "panel-1");
    // The visit ends on this panel: its dwell stops at the last touch, not at the reset.
    CHECK(p[3].dwell_ms == 5 * kS);
    CHECK(k.visits[0].duration_ms == 95 * kS);
}

TEST_CASE("Still there? over a panel keeps the same panel view", "[stats][tracker]") {
    Kiosk k;
    k.Touch(0);
    k.Tap(10 * kS, ActionType::OpenPanel, 0);
    k.Touch(20 * kS);
    k.Wait(111 * kS); // "Still there?" since 110 s
    CHECK(k.s.screen == Screen::StillThere);
    k.Touch(115 * kS); // back to the panel
    CHECK(k.s.screen == Screen::Panel);
    k.Tap(125 * kS, ActionType::Home);
    k.Wait(125 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    REQUIRE(k.visits[0].panels.size() == 1);
    CHECK(k.visits[0].panels[0].dwell_ms == 115 * kS);
}

TEST_CASE("images viewed counts the distinct images shown, the first one included",
          "[stats][tracker]") {
    Kiosk k;
    k.Touch(0);
    k.Tap(1 * kS, ActionType::OpenPanel, 0); // two images
    k.Tap(2 * kS, ActionType::NextImage);
    k.Tap(3 * kS, ActionType::PrevImage);
    k.Tap(4 * kS, ActionType::NextImage);
    k.Tap(5 * kS, ActionType::EnlargeImage);
    k.Tap(6 * kS, ActionType::OpenPanel, 2); // no images (a button on the panel's bar)
    k.Tap(7 * kS, ActionType::OpenPanel, 1); // one image
    k.Tap(8 * kS, ActionType::Home);
    k.Tap(9 * kS, ActionType::OpenPanel, 4);
    k.Tap(10 * kS, ActionType::PrevImage); // back past the first image: panel 3 at its last image
    k.Wait(10 * kS + kIdleAndCountdown);
    REQUIRE(k.visits.size() == 1);
    const auto& p = k.visits[0].panels;
    REQUIRE(p.size() == 5);
    CHECK(p[0].images_viewed == 2);
    CHECK(p[1].panel_id == "panel-2");
    CHECK(p[1].images_viewed == 0);
    CHECK(p[2].images_viewed == 1);
    CHECK(p[3].panel_id == "panel-4");
    CHECK(p[4].panel_id == "panel-3");
    CHECK(p[4].images_viewed == 1);
}

// [SECTION] Language -------------------------------------------------------------

TEST_CASE("a visit's language is the one it spent the most time in", "[stats][tracker]") {
    SECTION("a switch to Azerbaijani after two seconds makes an Azerbaijani visit") {
        Kiosk k;
        k.Touch(0);
        k.Tap(2 * kS, ActionType::SetLanguage, 1); // az
        k.KeepTouching(10 * kS, 300 * kS);
        k.Wait(300 * kS + kIdleAndCountdown);
        REQUIRE(k.visits.size() == 1);
        CHECK(k.visits[0].language == "az");
    }
    SECTION("a switch to Russian at the very end leaves an English visit") {
        Kiosk k;
        k.KeepTouching(0, 200 * kS);
        k.Tap(200 * kS, ActionType::SetLanguage, 2); // ru
        k.Touch(210 * kS);
        k.Wait(210 * kS + kIdleAndCountdown);
        REQUIRE(k.visits.size() == 1);
        CHECK(k.visits[0].language == "en");
    }
    SECTION("on a tie the language chosen last wins") {
        Kiosk k;
        k.Touch(0);
        k.Tap(10 * kS, ActionType::SetLanguage, 2); // ru
        k.Touch(20 * kS);
        k.Wait(20 * kS + kIdleAndCountdown);
        REQUIRE(k.visits.size() == 1);
        CHECK(k.visits[0].language == "ru");
    }
    SECTION("time in a language is summed over every stretch in it") {
        Kiosk k;
        k.Touch(0);
        k.Tap(10 * kS, ActionType::SetLanguage, 2); // ru 10..40
        k.Tap(40 * kS, ActionType::SetLanguage, 0); // en 0..10 and 40..50: 20 s
        k.Tap(50 * kS, ActionType::SetLanguage, 1); // az 50..75
        k.Tap(75 * kS, ActionType::SetLanguage, 0); // en 75..90: 35 s in all
        k.Touch(90 * kS);
        k.Wait(90 * kS + kIdleAndCountdown);
        REQUIRE(k.visits.size() == 1);
        CHECK(k.visits[0].language == "en");
    }
    SECTION("the next visit starts again in the default language") {
        Kiosk k;
        k.Touch(0);
        k.Tap(1 * kS, ActionType::SetLanguage, 2);
        k.Touch(30 * kS);
        k.Wait(30 * kS + kIdleAndCountdown);
        k.Touch(1000 * kS);
        k.Touch(1010 * kS);
        k.Wait(1010 * kS + kIdleAndCountdown);
        REQUIRE(k.visits.size() == 2);
        CHECK(k.visits[0].language == "ru");
        CHECK(k.visits[1].language == "en");
    }
}
