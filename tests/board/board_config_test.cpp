// platform/board_config: [schedule] and [display] rotation from kiosk.toml,
// with errors that name the line; and the shipped default kiosk.toml.

#include "core/error.h"
#include "platform/board_config.h"

#include <catch2/catch.hpp>

#include <string>

using kiosk::BoardConfig;
using kiosk::ConfigError;
using kiosk::LoadBoardConfig;
using kiosk::OpenInterval;
using kiosk::ParseBoardConfig;
using kiosk::ScheduleMode;

TEST_CASE("an empty file means always open and no rotation") {
    const BoardConfig c = ParseBoardConfig("", "kiosk.toml");
    CHECK(c.schedule.mode == ScheduleMode::AlwaysOpen);
    CHECK(c.rotation == 0);
}

TEST_CASE("the schedule reads weekdays, closed dates and special dates") {
    const BoardConfig c = ParseBoardConfig(R"(
[schedule]
mode = "hours"
monday = "09:00-18:00"
tuesday = ["09:00-12:00", "13:00-18:00"]
friday = "18:00-02:00"
sunday = "closed"
closed_dates = ["2025-12-25", "12-31..01-01"]
[schedule.dates]
"2025-12-24" = "10:00-14:00"
"2025-12-27" = "closed"
)",
                                           "kiosk.toml");
    const auto& s = c.schedule;
    CHECK(s.mode == ScheduleMode::Hours);
    CHECK(s.week[0] == std::vector<OpenInterval>{{540, 1080}});
    CHECK(s.week[1] == std::vector<OpenInterval>{{540, 720}, {780, 1080}});
    CHECK(s.week[2].empty()); // a weekday left out is closed
    CHECK(s.week[4].front().Overnight());
    CHECK(s.closed.size() == 2);
    REQUIRE(s.special.size() == 2);
    CHECK(s.special[1].hours.empty());
    CHECK(kiosk::DescribeSchedule(s) ==
          "hours: Mon 09:00-18:00, Tue 09:00-12:00, 13:00-18:00, Wed-Thu closed, Fri "
          "18:00-02:00, Sat-Sun closed; 2 closed dates, 2 special dates");
}

TEST_CASE("a wrong opening time names the file, the line and the key") {
    CHECK_THROWS_WITH(ParseBoardConfig("[schedule]\nmode = \"hours\"\nmonday = \"9-18\"\n",
                                       "/etc/kiosk/kiosk.toml"),
                      Catch::StartsWith("/etc/kiosk/kiosk.toml line 3: schedule.monday:") &&
                          Catch::Contains("09:00-18:00"));
    CHECK_THROWS_WITH(
        ParseBoardConfig("[schedule]\nclosed_dates = [\"2025-02-30\"]\n", "kiosk.toml"),
        Catch::StartsWith("kiosk.toml line 2: schedule.closed_dates:"));
    CHECK_THROWS_WITH(ParseBoardConfig("[schedule]\nmode = \"open\"\n", "kiosk.toml"),
                      Catch::Contains("\"hours\", \"always-open\" or \"closed\""));
}

TEST_CASE("a misspelt weekday is an error, not a silently closed day") {
    CHECK_THROWS_WITH(ParseBoardConfig("[schedule]\nwednesay = \"09:00-18:00\"\n", "kiosk.toml"),
                      Catch::Contains("line 2: unknown key 'wednesay' in [schedule]"));
}

TEST_CASE("rotation is 0, 90, 180 or 270") {
    CHECK(ParseBoardConfig("[display]\nrotation = 270\n", "k").rotation == 270);
    CHECK_THROWS_WITH(ParseBoardConfig("[display]\nrotation = 45\n", "k"),
                      Catch::Contains("line 2: display.rotation must be 0, 90, 180 or 270"));
    CHECK_THROWS_AS(ParseBoardConfig("[display]\nrotation = \"90\"\n", "k"), ConfigError);
}

TEST_CASE("a TOML syntax error names its line") {
    CHECK_THROWS_WITH(ParseBoardConfig("[schedule]\nmonday = \n", "kiosk.toml"),
                      Catch::StartsWith("kiosk.toml line 2:"));
}

TEST_CASE("the shipped kiosk.toml reads cleanly: always open, hours ready to switch on") {
    const BoardConfig c = LoadBoardConfig(KIOSK_SOURCE_DIR "/deploy/kiosk.toml");
    CHECK(c.schedule.mode == ScheduleMode::AlwaysOpen);
    CHECK(c.rotation == 0);
    CHECK(c.schedule.week[0] == std::vector<OpenInterval>{{540, 1080}});
    CHECK(c.schedule.week[6].empty());
}

TEST_CASE("a missing settings file is a plain error") {
    CHECK_THROWS_WITH(LoadBoardConfig("/nonexistent/kiosk.toml"),
                      Catch::Contains("cannot read the settings file /nonexistent/kiosk.toml"));
}

TEST_CASE("the system's local time carries the zone's offset") {
    const kiosk::LocalTime t = kiosk::SystemLocalTime(0);
    CHECK(t.year >= 1969);
    CHECK(t.utc_offset_s > -86400);
    CHECK(t.utc_offset_s < 86400);
}
