// core/gesture: raw pointer events in, taps, drags and swipes out.

#include "core/gesture.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using kiosk::Gesture;
using kiosk::GestureConfig;
using kiosk::GestureRecognizer;
using kiosk::PointerEvent;

namespace {

using Type = Gesture::Type;

PointerEvent Down(double x, double y, int64_t t) {
    return {PointerEvent::Type::Down, x, y, t};
}
PointerEvent Move(double x, double y, int64_t t) {
    return {PointerEvent::Type::Move, x, y, t};
}
PointerEvent Up(double x, double y, int64_t t) {
    return {PointerEvent::Type::Up, x, y, t};
}

// Feeds every event and returns all gestures, in order.
std::vector<Gesture> FeedAll(GestureRecognizer& r, const std::vector<PointerEvent>& events) {
    std::vector<Gesture> out;
    for (const auto& e : events) {
        const auto g = r.Feed(e);
        out.insert(out.end(), g.begin(), g.end());
    }
    return out;
}

std::vector<Type> TypesOf(const std::vector<Gesture>& gestures) {
    std::vector<Type> types;
    for (const auto& g : gestures)
        types.push_back(g.type);
    return types;
}

const Gesture* Find(const std::vector<Gesture>& gestures, Type type) {
    for (const auto& g : gestures)
        if (g.type == type) return &g;
    return nullptr;
}

} // namespace

TEST_CASE("a short touch without travel is a press, a tap and a release", "[core][gesture]") {
    GestureRecognizer r; // 24 px slop, 800 ms
    const auto press = r.Feed(Down(300, 200, 1000));
    REQUIRE(press.size() == 1);
    CHECK(press[0].type == Type::Press);
    CHECK(press[0].x == 300);
    CHECK(press[0].y == 200);
    CHECK(r.IsPressed());

    CHECK(r.Feed(Move(310, 205, 1040)).empty()); // within the slop: nothing yet
    CHECK_FALSE(r.IsDragging());

    const auto end = r.Feed(Up(312, 207, 1100));
    REQUIRE(TypesOf(end) == std::vector<Type>{Type::Tap, Type::Release});
    CHECK(end[0].x == 300); // where the touch started
    CHECK(end[0].y == 200);
    CHECK(end[1].x == 312);
    CHECK(end[1].y == 207);
    CHECK_FALSE(r.IsPressed());
}

TEST_CASE("a touch held exactly tap_max_ms is still a tap", "[core][gesture]") {
    GestureRecognizer r;
    const auto g = FeedAll(r, {Down(50, 50, 0), Up(50, 50, 800)});
    CHECK(TypesOf(g) == std::vector<Type>{Type::Press, Type::Tap, Type::Release});
}

TEST_CASE("a long press gives no tap", "[core][gesture]") {
    GestureRecognizer r;
    const auto g = FeedAll(r, {Down(50, 50, 0), Move(52, 51, 400), Up(52, 51, 801)});
    CHECK(TypesOf(g) == std::vector<Type>{Type::Press, Type::Release});
}

TEST_CASE("the tap limits come from the configuration", "[core][gesture]") {
    GestureConfig config;
    config.tap_slop_px = 60;
    config.tap_max_ms = 200;
    GestureRecognizer r(config);
    CHECK(TypesOf(FeedAll(r, {Down(0, 0, 0), Move(40, 0, 50), Up(40, 0, 100)})) ==
          std::vector<Type>{Type::Press, Type::Tap, Type::Release});
    CHECK(TypesOf(FeedAll(r, {Down(0, 0, 1000), Up(0, 0, 1201)})) ==
          std::vector<Type>{Type::Press, Type::Release});
}

TEST_CASE("moving beyond the slop gives drag moves that add up to the whole travel",
          "[core][gesture]") {
    GestureRecognizer r;
    const std::vector<PointerEvent> events{
        Down(400, 800, 0),   Move(402, 790, 16),  Move(405, 770, 32),
        Move(409, 720, 48),  Move(412, 650, 64),  Move(415, 560, 80),
        Move(420, 500, 200), Move(421, 480, 400), Up(421, 480, 500),
    };
    const auto g = FeedAll(r, events);
    double dx = 0, dy = 0;
    int moves = 0;
    for (const auto& gesture : g) {
        if (gesture.type != Type::DragMove) continue;
        ++moves;
        dx += gesture.dx;
        dy += gesture.dy;
        CHECK(gesture.x == 400); // every move names where the touch began
        CHECK(gesture.y == 800);
    }
    CHECK(moves == 6); // the first move stays within the 24 px slop
    CHECK(dx == Approx(21));
    CHECK(dy == Approx(-320));
    CHECK(g.front().type == Type::Press);
    CHECK(g.back().type == Type::Release);
    CHECK(Find(g, Type::Tap) == nullptr);
}

TEST_CASE("the first drag move carries all travel since the touch began", "[core][gesture]") {
    GestureRecognizer r;
    r.Feed(Down(100, 100, 0));
    CHECK(r.Feed(Move(100, 110, 10)).empty());
    const auto first = r.Feed(Move(100, 140, 20));
    REQUIRE(first.size() == 1);
    CHECK(first[0].type == Type::DragMove);
    CHECK(first[0].dx == 0);
    CHECK(first[0].dy == 40);
    CHECK(r.IsDragging());
    const auto second = r.Feed(Move(100, 150, 30));
    REQUIRE(second.size() == 1);
    CHECK(second[0].dy == 10);
}

TEST_CASE("a fast move of the finger to the left is a swipe to the next item", "[core][gesture]") {
    GestureRecognizer r;
    const auto g =
        FeedAll(r, {Down(800, 500, 0), Move(700, 502, 20), Move(600, 505, 40), Up(600, 505, 50)});
    CHECK(TypesOf(g) == std::vector<Type>{Type::Press, Type::DragMove, Type::DragMove, Type::Swipe,
                                          Type::Release});
    const Gesture* swipe = Find(g, Type::Swipe);
    REQUIRE(swipe != nullptr);
    CHECK(swipe->dir == +1);
    CHECK(swipe->x == 800);
    CHECK(swipe->y == 500);
}

TEST_CASE("a fast move of the finger to the right is a swipe to the previous item",
          "[core][gesture]") {
    GestureRecognizer r;
    const auto g =
        FeedAll(r, {Down(600, 500, 0), Move(700, 498, 20), Move(800, 495, 40), Up(800, 495, 50)});
    const Gesture* swipe = Find(g, Type::Swipe);
    REQUIRE(swipe != nullptr);
    CHECK(swipe->dir == -1);
    CHECK(Find(g, Type::DragEnd) == nullptr);
}

TEST_CASE("a short but quick horizontal flick is a swipe", "[core][gesture]") {
    GestureRecognizer r; // 60 px is under swipe_min_px, 3000 px/s over swipe_min_speed
    const auto g = FeedAll(r, {Down(500, 500, 0), Move(530, 500, 10), Up(560, 500, 20)});
    const Gesture* swipe = Find(g, Type::Swipe);
    REQUIRE(swipe != nullptr);
    CHECK(swipe->dir == -1);
}

TEST_CASE("a short slow horizontal move is a drag, not a swipe", "[core][gesture]") {
    GestureRecognizer r; // 60 px in a second
    const auto g = FeedAll(r, {Down(500, 500, 0), Move(530, 500, 500), Up(560, 500, 1000)});
    CHECK(Find(g, Type::Swipe) == nullptr);
    const Gesture* end = Find(g, Type::DragEnd);
    REQUIRE(end != nullptr);
    CHECK(end->vx == Approx(60.0)); // 30 px in the last 500 ms
    CHECK(end->vy == Approx(0.0));
}

TEST_CASE("a mostly vertical drag ends with the finger's vertical speed", "[core][gesture]") {
    GestureRecognizer r;
    SECTION("finger moving up") {
        const auto g = FeedAll(
            r, {Down(500, 800, 0), Move(510, 700, 50), Move(520, 600, 100), Up(520, 600, 110)});
        CHECK(Find(g, Type::Swipe) == nullptr);
        const Gesture* end = Find(g, Type::DragEnd);
        REQUIRE(end != nullptr);
        CHECK(end->vy < 0);
        // Over the last ~100 ms: from (510, 700) at 50 ms to (520, 600) at 110 ms.
        CHECK(end->vy == Approx(-100.0 / 0.060));
        CHECK(end->vx == Approx(10.0 / 0.060));
        CHECK(end->x == 500);
        CHECK(end->y == 800);
    }
    SECTION("finger moving down") {
        const auto g = FeedAll(
            r, {Down(500, 200, 0), Move(495, 300, 50), Move(490, 400, 100), Up(490, 400, 110)});
        const Gesture* end = Find(g, Type::DragEnd);
        REQUIRE(end != nullptr);
        CHECK(end->vy == Approx(100.0 / 0.060));
    }
}

TEST_CASE("a drag that comes to rest before the finger lifts ends without speed",
          "[core][gesture]") {
    GestureRecognizer r;
    const auto g =
        FeedAll(r, {Down(500, 800, 0), Move(500, 600, 50), Move(500, 600, 400), Up(500, 600, 800)});
    const Gesture* end = Find(g, Type::DragEnd);
    REQUIRE(end != nullptr);
    CHECK(end->vy == Approx(0.0));
}

TEST_CASE("a diagonal move is a drag, not a swipe", "[core][gesture]") {
    GestureRecognizer r; // |dx| must be more than twice |dy| for a swipe
    const auto g =
        FeedAll(r, {Down(800, 800, 0), Move(700, 740, 20), Move(600, 680, 40), Up(600, 680, 50)});
    CHECK(Find(g, Type::Swipe) == nullptr);
    CHECK(Find(g, Type::DragEnd) != nullptr);
}

TEST_CASE("an up or a move without a down is ignored", "[core][gesture]") {
    GestureRecognizer r;
    CHECK(r.Feed(Up(100, 100, 10)).empty());
    CHECK(r.Feed(Move(200, 100, 20)).empty());
    CHECK_FALSE(r.IsPressed());
    // A second up after a complete touch is ignored as well.
    CHECK(TypesOf(FeedAll(r, {Down(10, 10, 100), Up(10, 10, 150)})).size() == 3);
    CHECK(r.Feed(Up(10, 10, 160)).empty());
}

TEST_CASE("a cancelled touch gives nothing when the finger lifts", "[core][gesture]") {
    GestureRecognizer r;
    r.Feed(Down(10, 10, 0));
    r.Feed(Move(100, 10, 20));
    r.Cancel();
    CHECK_FALSE(r.IsPressed());
    CHECK_FALSE(r.IsDragging());
    CHECK(r.Feed(Up(200, 10, 40)).empty());
}

TEST_CASE("each new touch starts afresh after a drag", "[core][gesture]") {
    GestureRecognizer r;
    FeedAll(r, {Down(0, 0, 0), Move(0, 200, 50), Up(0, 200, 100)});
    const auto g = FeedAll(r, {Down(500, 500, 1000), Up(502, 501, 1050)});
    CHECK(TypesOf(g) == std::vector<Type>{Type::Press, Type::Tap, Type::Release});
    CHECK(g[1].x == 500);
}

// A slow frame (a board compiling a shader, an emulated guest) holds the
// window system's events back until the next read: the finger may have
// lifted at any time during it.

TEST_CASE("a tap whose release waited behind a slow frame is still a tap", "[core][gesture]") {
    GestureRecognizer r;
    PointerEvent up = Up(50, 50, 2600); // read after a frame of 1.6 s...
    up.earliest_ms = 1010;              // ...that began just after the press was read
    CHECK(TypesOf(FeedAll(r, {Down(50, 50, 1000), up})) ==
          std::vector<Type>{Type::Press, Type::Tap, Type::Release});
}

TEST_CASE("a press seen held over frames is no tap however late its release is read",
          "[core][gesture]") {
    GestureRecognizer r;
    PointerEvent up = Up(50, 50, 2600);
    up.earliest_ms = 1900; // still down when the frame before was read
    CHECK(TypesOf(FeedAll(r, {Down(50, 50, 1000), up})) ==
          std::vector<Type>{Type::Press, Type::Release});
}

TEST_CASE("a button event read at once after a frame may have come at any time during it",
          "[core][gesture]") {
    kiosk::PointerStream stream;
    stream.Seed(40, 30);
    stream.BeginRead(1000, 990);  // the press was waiting when the read began...
    stream.Button(true, 1000);    // ...so it came after the read before (990)
    stream.BeginRead(2600, 1001); // a frame from 1001 to 2600
    stream.Button(false, 2601);   // the release was waiting in the queue
    const auto events = stream.Take();
    REQUIRE(events.size() == 2);
    CHECK(events[0].earliest_ms == 990);
    CHECK(events[1].t_ms == 2601);
    CHECK(events[1].earliest_ms == 1001);
}

TEST_CASE("a release that woke the wait happened as it was read", "[core][gesture]") {
    kiosk::PointerStream stream;
    stream.Seed(40, 30);
    stream.BeginRead(1000, 990);
    stream.Button(true, 1000);
    // The frames after the press ended at 1100; the kiosk then waited until
    // the finger, resting for three seconds, lifted.
    stream.BeginRead(1100, 1100);
    stream.Button(false, 4100);
    const auto events = stream.Take();
    REQUIRE(events.size() == 2);
    CHECK(events[1].earliest_ms >= 4100);
    GestureRecognizer r;
    CHECK(TypesOf(FeedAll(r, events)) == std::vector<Type>{Type::Press, Type::Release});
}
