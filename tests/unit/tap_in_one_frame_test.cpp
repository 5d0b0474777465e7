// A tap whose press and release are read in one frame (a slow frame, or a
// usb-tablet that moves, presses and releases in one batch) travels the
// kiosk's whole input path below the window: the window's callbacks
// (PointerStream), the GestureRecognizer and Step.

#include "core/gesture.h"
#include "core/state.h"
#include "support/core_exhibit.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using kiosk::Action;
using kiosk::ActionType;
using kiosk::Exhibit;
using kiosk::FrameLayout;
using kiosk::Gesture;
using kiosk::GestureRecognizer;
using kiosk::HitRegion;
using kiosk::InitialState;
using kiosk::PointerEvent;
using kiosk::PointerStream;
using kiosk::Rect;
using kiosk::Screen;
using kiosk::Settings;
using kiosk::State;
using kiosk::Step;
using kiosk::test::CoreExhibit;

namespace {

// What an absolute tablet sends for one tap: the cursor jumps to the finger,
// then the button goes down and up, all before the kiosk reads the batch.
void TabletTap(PointerStream& stream, double x, double y, int64_t t_ms) {
    stream.Cursor(x, y, t_ms);
    stream.Button(true, t_ms);
    stream.Button(false, t_ms);
}

// One App::Tick's worth of the path: the batch, its gestures, one Step.
void Frame(PointerStream& stream, GestureRecognizer& gestures, State& s, const Exhibit& ex,
           const Settings& settings, const FrameLayout& last, int64_t now_ms) {
    std::vector<Gesture> batch;
    for (const PointerEvent& e : stream.Take())
        for (const Gesture& g : gestures.Feed(e))
            batch.push_back(g);
    Step(s, ex, settings, batch, last, now_ms);
}

// Home as the UI would register it: two tiles far from each other.
FrameLayout HomeTiles() {
    FrameLayout f;
    f.hits.push_back(HitRegion{Rect{100, 100, 400, 300}, Action{ActionType::OpenPanel, 1}});
    f.hits.push_back(HitRegion{Rect{1300, 600, 400, 300}, Action{ActionType::OpenPanel, 3}});
    return f;
}

} // namespace

TEST_CASE("a tablet tap read in one frame wakes attract mode, and the next one opens a panel",
          "[core][gesture][state]") {
    const Exhibit ex = CoreExhibit();
    const Settings settings;
    State s = InitialState(ex, settings, 0);
    PointerStream stream;
    GestureRecognizer gestures;
    stream.Seed(5, 5); // the pointer rests in a corner since the last visitor

    TabletTap(stream, 960, 540, 10'000);
    Frame(stream, gestures, s, ex, settings, FrameLayout{}, 10'000);
    REQUIRE(s.screen == Screen::Home);
    CHECK(s.visits == 1);
    CHECK_FALSE(s.swallow_touch);
    CHECK_FALSE(gestures.IsPressed());

    // Home is drawn, then the next tap lands on the second tile, far from
    // where the cursor was.
    TabletTap(stream, 1500, 700, 12'000);
    Frame(stream, gestures, s, ex, settings, HomeTiles(), 12'000);
    CHECK(s.screen == Screen::Panel);
    CHECK(s.panel == 3);
    CHECK(s.pressed.type == ActionType::None);
}

TEST_CASE("each press is placed where the cursor was when it happened, not when it is read",
          "[core][gesture]") {
    PointerStream stream;
    stream.Seed(5, 5);
    // Two taps in one slow frame: by the time the batch is read the pointer
    // rests at the second one, where a query of the cursor would put both.
    TabletTap(stream, 300, 250, 1000);
    TabletTap(stream, 1500, 700, 1100);
    const std::vector<PointerEvent> events = stream.Take();
    REQUIRE(events.size() == 4);
    CHECK(events[0].type == PointerEvent::Type::Down);
    CHECK(events[0].x == 300);
    CHECK(events[0].y == 250);
    CHECK(events[1].type == PointerEvent::Type::Up);
    CHECK(events[1].x == 300);
    CHECK(events[2].type == PointerEvent::Type::Down);
    CHECK(events[2].x == 1500);
    CHECK(events[2].y == 700);
    CHECK(events[3].type == PointerEvent::Type::Up);
    CHECK(events[3].t_ms == 1100);
    CHECK(stream.Take().empty());

    GestureRecognizer gestures;
    std::vector<Gesture> taps;
    for (const PointerEvent& e : events)
        for (const Gesture& g : gestures.Feed(e))
            if (g.type == Gesture::Type::Tap) taps.push_back(g);
    REQUIRE(taps.size() == 2);
    CHECK(taps[0].x == 300);
    CHECK(taps[1].x == 1500);
}

TEST_CASE("the cursor moving while no finger touches makes no pointer events", "[core][gesture]") {
    PointerStream stream;
    stream.Cursor(10, 10, 0);
    stream.Cursor(20, 20, 5);
    CHECK(stream.Take().empty());
    stream.Button(true, 10);
    stream.Cursor(30, 20, 15);
    stream.Button(false, 20);
    const std::vector<PointerEvent> events = stream.Take();
    REQUIRE(events.size() == 3);
    CHECK(events[0].x == 20);
    CHECK(events[1].type == PointerEvent::Type::Move);
    CHECK(events[1].x == 30);
    CHECK(events[2].type == PointerEvent::Type::Up);
    CHECK(events[2].x == 30);
}
