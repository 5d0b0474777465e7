// core/script: the scripted headless mode's timed lines, parsed and expanded
// into pointer events.

#include "core/error.h"
#include "core/script.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using Catch::Matchers::Contains;
using kiosk::ParseScript;
using kiosk::PointerEvent;
using kiosk::ScriptStep;

namespace {

// The ConfigError ParseScript throws for `text`, or "no error".
std::string ScriptError(std::string_view text) {
    try {
        ParseScript(text);
    } catch (const kiosk::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

bool IsPointer(const ScriptStep& s, PointerEvent::Type type) {
    return s.type == ScriptStep::Type::Pointer && s.pointer.type == type;
}

} // namespace

TEST_CASE("a tap becomes a finger down at its time and up 60 ms later", "[core][script]") {
    const auto steps = ParseScript("1.5 tap 100 200\n");
    REQUIRE(steps.size() == 2);
    CHECK(IsPointer(steps[0], PointerEvent::Type::Down));
    CHECK(steps[0].t_ms == 1500);
    CHECK(steps[0].pointer.t_ms == 1500);
    CHECK(steps[0].pointer.x == 100);
    CHECK(steps[0].pointer.y == 200);
    CHECK(IsPointer(steps[1], PointerEvent::Type::Up));
    CHECK(steps[1].t_ms == 1560);
    CHECK(steps[1].pointer.t_ms == 1560);
    CHECK(steps[1].pointer.x == 100);
    CHECK(steps[1].pointer.y == 200);
    CHECK(steps[0].line == 1);
    CHECK(steps[1].line == 1);
}

TEST_CASE("a drag becomes a down, moves along the line, and an up at the target",
          "[core][script]") {
    const auto steps = ParseScript("2 drag 100 500 100 100 0.5\n");
    REQUIRE(steps.size() >= 4);
    CHECK(IsPointer(steps.front(), PointerEvent::Type::Down));
    CHECK(steps.front().t_ms == 2000);
    CHECK(steps.front().pointer.x == 100);
    CHECK(steps.front().pointer.y == 500);

    const ScriptStep& last_move = steps[steps.size() - 2];
    CHECK(IsPointer(last_move, PointerEvent::Type::Move));
    CHECK(last_move.t_ms == 2500);
    CHECK(last_move.pointer.x == 100);
    CHECK(last_move.pointer.y == 100);

    const ScriptStep& up = steps.back();
    CHECK(IsPointer(up, PointerEvent::Type::Up));
    CHECK(up.t_ms == 2500);
    CHECK(up.pointer.x == 100);
    CHECK(up.pointer.y == 100);

    // Samples every 16 ms in between (16..496 ms), moving steadily towards the target.
    CHECK(steps.size() == 1 + 31 + 1 + 1);
    for (size_t i = 1; i + 1 < steps.size(); ++i) {
        INFO("step " << i);
        CHECK(IsPointer(steps[i], PointerEvent::Type::Move));
        CHECK(steps[i].pointer.t_ms == steps[i].t_ms);
        CHECK(steps[i].t_ms > steps[i - 1].t_ms);
        CHECK(steps[i].pointer.x == 100);
        CHECK(steps[i].pointer.y < steps[i - 1].pointer.y);
        CHECK(steps[i].pointer.y >= 100);
    }
    CHECK(steps[1].t_ms == 2016);
    CHECK(steps[1].pointer.y == Approx(500 - 400 * 16.0 / 500.0));
}

TEST_CASE("key, shot, expect and quit lines keep their names", "[core][script]") {
    const auto steps = ParseScript("3 key Escape\n"
                                   "4 shot home-1.png\n"
                                   "5 expect still-there\n"
                                   "6 quit\n");
    REQUIRE(steps.size() == 4);
    CHECK(steps[0].type == ScriptStep::Type::Key);
    CHECK(steps[0].name == "Escape");
    CHECK(steps[0].t_ms == 3000);
    CHECK(steps[1].type == ScriptStep::Type::Shot);
    CHECK(steps[1].name == "home-1.png");
    CHECK(steps[1].t_ms == 4000);
    CHECK(steps[2].type == ScriptStep::Type::Expect);
    CHECK(steps[2].name == "still-there");
    CHECK(steps[2].t_ms == 5000);
    CHECK(steps[3].type == ScriptStep::Type::Quit);
    CHECK(steps[3].t_ms == 6000);
    CHECK(steps[3].line == 4);
}

TEST_CASE("every screen name can be expected", "[core][script]") {
    for (const char* state : {"attract", "home", "panel", "still-there", "unavailable"}) {
        const auto steps = ParseScript(std::string("1 expect ") + state);
        REQUIRE(steps.size() == 1);
        CHECK(steps[0].name == state);
    }
}

TEST_CASE("comments and blank lines are ignored but still counted", "[core][script]") {
    const auto steps = ParseScript("# A tour of the exhibit\n"
                                   "\n"
                                   "   \t  \n"
                                   "0.25 tap 10 20   # wake the kiosk\n"
                                   "#1 quit\n"
                                   "2 shot home\n");
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].t_ms == 250);
    CHECK(steps[0].line == 4);
    CHECK(steps[2].type == ScriptStep::Type::Shot);
    CHECK(steps[2].name == "home");
    CHECK(steps[2].line == 6);
    CHECK(ParseScript("# nothing but a comment\n\n").empty());
    CHECK(ParseScript("").empty());
}

TEST_CASE("a script without a final newline reads its last line", "[core][script]") {
    const auto steps = ParseScript("1 quit");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].type == ScriptStep::Type::Quit);
}

TEST_CASE("an unknown command is an error naming its line", "[core][script]") {
    const std::string msg = ScriptError("1 tap 1 1\n2 jump 3 4\n");
    CHECK_THAT(msg, Contains("script line 2"));
    CHECK_THAT(msg, Contains("jump"));
}

TEST_CASE("a missing number is an error naming its line", "[core][script]") {
    CHECK_THAT(ScriptError("1 tap 100\n"), Contains("script line 1") && Contains("missing Y"));
    CHECK_THAT(ScriptError("1 quit\n\n3 drag 1 2 3 4\n"),
               Contains("script line 3") && Contains("SECONDS"));
    CHECK_THAT(ScriptError("1 quit\n2\n"), Contains("script line 2"));
    CHECK_THAT(ScriptError("1 shot\n"), Contains("script line 1"));
}

TEST_CASE("a word where a number belongs is an error naming its line", "[core][script]") {
    CHECK_THAT(ScriptError("1 tap abc 100\n"),
               Contains("script line 1") && Contains("must be a number") && Contains("abc"));
    CHECK_THAT(ScriptError("1 quit\n2 tap 10px 100\n"),
               Contains("script line 2") && Contains("10px"));
    CHECK_THAT(ScriptError("soon tap 1 1\n"), Contains("script line 1"));
    CHECK_THAT(ScriptError("1 tap nan 1\n"), Contains("script line 1"));
    CHECK_THAT(ScriptError("1 tap inf 1\n"), Contains("script line 1"));
    CHECK_THAT(ScriptError("1 tap 1e999 1\n"), Contains("script line 1"));
}

TEST_CASE("expecting an unknown state is an error naming its line", "[core][script]") {
    const std::string msg = ScriptError("1 tap 5 5\n2 expect lobby\n");
    CHECK_THAT(msg, Contains("script line 2"));
    CHECK_THAT(msg, Contains("lobby"));
}

TEST_CASE("time going backwards is an error naming its line", "[core][script]") {
    CHECK_THAT(ScriptError("2 tap 1 1\n1 tap 1 1\n"), Contains("script line 2"));
    CHECK_THAT(ScriptError("-1 quit\n"), Contains("script line 1"));
    // Equal times are fine.
    CHECK(ParseScript("1 shot a\n1 shot b\n").size() == 2);
}

TEST_CASE("trailing words after a command are an error naming its line", "[core][script]") {
    CHECK_THAT(ScriptError("1 quit now\n"), Contains("script line 1") && Contains("now"));
    CHECK_THAT(ScriptError("1 tap 1 2\n2 tap 1 2 3\n"), Contains("script line 2"));
    CHECK_THAT(ScriptError("1 expect home please\n"), Contains("script line 1"));
}

TEST_CASE("a drag must last more than 0 and at most 60 seconds", "[core][script]") {
    CHECK_THAT(ScriptError("1 drag 0 0 10 10 0\n"), Contains("script line 1"));
    CHECK_THAT(ScriptError("1 drag 0 0 10 10 61\n"), Contains("script line 1"));
    CHECK(ParseScript("1 drag 0 0 10 10 60\n").back().t_ms == 61'000);
}

TEST_CASE("a shot name may not leave the output folder", "[core][script]") {
    CHECK_THAT(ScriptError("1 shot ../../etc/passwd\n"), Contains("script line 1"));
    CHECK_THAT(ScriptError("1 shot a/b\n"), Contains("script line 1"));
}

TEST_CASE("steps are ordered by time even when a drag overlaps later lines", "[core][script]") {
    const auto steps = ParseScript("0 drag 0 0 100 0 1\n"
                                   "0.5 shot mid\n"
                                   "0.5 key space\n");
    for (size_t i = 1; i < steps.size(); ++i) {
        INFO("step " << i);
        CHECK(steps[i].t_ms >= steps[i - 1].t_ms);
    }
    size_t shot = steps.size();
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].type == ScriptStep::Type::Shot) shot = i;
    REQUIRE(shot > 0);
    REQUIRE(shot + 1 < steps.size());
    CHECK(steps[shot].t_ms == 500);
    CHECK(steps[shot - 1].t_ms == 496);
    CHECK(steps[shot + 1].type == ScriptStep::Type::Key); // lines at one time keep their order
    CHECK(steps[shot + 2].t_ms == 512);
    CHECK(IsPointer(steps.back(), PointerEvent::Type::Up));
    CHECK(steps.back().t_ms == 1000);
}

TEST_CASE("a line at the same time as a tap's down comes between its down and up",
          "[core][script]") {
    const auto steps = ParseScript("1 tap 10 10\n1 shot now\n");
    REQUIRE(steps.size() == 3);
    CHECK(IsPointer(steps[0], PointerEvent::Type::Down));
    CHECK(steps[1].type == ScriptStep::Type::Shot);
    CHECK(IsPointer(steps[2], PointerEvent::Type::Up));
}

TEST_CASE("a touch that starts before the previous one ended is an error with its line",
          "[core][script]") {
    try {
        kiosk::ParseScript("0 tap 1 1\n0.01 tap 2 2\n");
        FAIL("expected a ConfigError");
    } catch (const kiosk::ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "script line 2: this touch starts before the previous tap or drag has ended");
    }
}

TEST_CASE("a time too large for the clock is an error, not a wrap-around", "[core][script]") {
    try {
        kiosk::ParseScript("1e17 quit\n");
        FAIL("expected a ConfigError");
    } catch (const kiosk::ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "script line 1: the time is too large (at most 10,000,000 seconds)");
    }
}

TEST_CASE("a script of thousands of long drags is refused with its line, its memory bounded") {
    std::string text;
    for (int i = 0; i < 3000; ++i)
        text += std::to_string(i * 61) + " drag 100 100 900 900 60\n";
    try {
        kiosk::ParseScript(text);
        FAIL("a script of 3000 one-minute drags was accepted");
    } catch (const kiosk::ConfigError& e) {
        const std::string what = e.what();
        CHECK(what.find("script line 54: the script needs more than 200000 steps") !=
              std::string::npos);
    }
}
