// app/screen_schedule: closing and opening, the screen's power, a touch
// while closed, and the staff's "off until opening", on a fake clock.

#include "app/screen_schedule.h"

#include <catch2/catch.hpp>

using kiosk::ScreenSchedule;

TEST_CASE("the exhibit closes and opens with the schedule and asks the screen to follow") {
    ScreenSchedule s({});
    auto d = s.Check(0, false, true);
    CHECK_FALSE(d.closed);
    CHECK_FALSE(d.closed_changed);
    d = s.Check(30'000, false, false);
    CHECK(d.closed_changed);
    CHECK(d.closed);
    CHECK(d.set_display);
    CHECK_FALSE(d.display_on);
    d = s.Check(60'000, false, true);
    CHECK(d.closed_changed);
    CHECK_FALSE(d.closed);
    CHECK(d.set_display);
    CHECK(d.display_on);
}

TEST_CASE("the schedule is looked at every 30 s and at once for a touch while closed") {
    ScreenSchedule s({});
    s.Check(0, false, false);
    CHECK_FALSE(s.Check(10'000, false, true).closed_changed); // too soon
    const auto touched = s.Check(11'000, true, false);
    CHECK(touched.set_display); // the touch woke the screen through X: off again
    CHECK_FALSE(touched.display_on);
    CHECK_FALSE(s.Check(30'000, false, true).closed_changed); // the touch looked at 11 s
    CHECK(s.Check(41'000, false, true).closed_changed);
}

TEST_CASE("off until opening lasts through the open hours until the next opening") {
    ScreenSchedule s({});
    s.Check(0, false, true);
    s.OffUntilOpening(true);
    auto d = s.Check(1'000, false, true);
    CHECK(d.closed);
    CHECK(d.closed_changed);
    CHECK(s.Check(40'000, false, true).closed);  // still open hours: stays off
    CHECK(s.Check(80'000, false, false).closed); // the schedule closes
    d = s.Check(120'000, false, true);           // and opens again
    CHECK(d.closed_changed);
    CHECK_FALSE(d.closed);
}
