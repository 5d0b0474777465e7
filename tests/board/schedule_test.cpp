// core/schedule: opening hours on a fake clock, with fixed offsets and with
// the real rules of Europe/Berlin and Asia/Baku across their clock changes.
//
// [SECTION] Parsing
// [SECTION] Open or closed
// [SECTION] The next change, fixed offsets
// [SECTION] Clock changes, real zone rules

#include "core/error.h"
#include "core/schedule.h"
#include "support/zones.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

using kiosk::ConfigError;
using kiosk::Date;
using kiosk::DateRange;
using kiosk::IsOpen;
using kiosk::LocalTime;
using kiosk::NextChangeUtc;
using kiosk::OpenInterval;
using kiosk::ParseDate;
using kiosk::ParseDateRange;
using kiosk::ParseDayHours;
using kiosk::ParseInterval;
using kiosk::ParseScheduleMode;
using kiosk::Schedule;
using kiosk::ScheduleMode;
using kiosk::ToLocal;
using kiosk::Weekday;
using kiosk::test::FixedOffset;
using kiosk::test::ScopedZone;
using kiosk::test::Utc;
using kiosk::test::ZoneLocal;

namespace {

// Monday to Friday 09:00-18:00, Saturday 10:00-16:00, Sunday closed.
Schedule Museum() {
    Schedule s;
    s.mode = ScheduleMode::Hours;
    for (size_t d = 0; d < 5; ++d)
        s.week[d] = ParseDayHours("09:00-18:00");
    s.week[5] = ParseDayHours("10:00-16:00");
    return s;
}

Schedule EveryDay(const char* hours) {
    Schedule s;
    s.mode = ScheduleMode::Hours;
    for (auto& day : s.week)
        day = ParseDayHours(hours);
    return s;
}

LocalTime At(int y, int mo, int d, int h, int mi, int s = 0) {
    return {y, mo, d, h, mi, s, 0};
}

// Every change of IsOpen from `from` for `count` steps, in UTC seconds.
std::vector<int64_t> Changes(const Schedule& s, int64_t from, const ToLocal& to_local, int count) {
    std::vector<int64_t> out;
    int64_t t = from;
    for (int i = 0; i < count; ++i) {
        const std::optional<int64_t> next = NextChangeUtc(s, t, to_local);
        if (!next) break;
        out.push_back(*next);
        t = *next;
    }
    return out;
}

} // namespace

// [SECTION] Parsing ----------------------------------------------------------------

TEST_CASE("an opening time reads as minutes since midnight") {
    CHECK(ParseInterval("09:00-18:00") == OpenInterval{540, 1080});
    CHECK(ParseInterval(" 9:30 - 17:45 ") == OpenInterval{570, 1065});
    CHECK(ParseInterval("00:00-24:00") == OpenInterval{0, 1440});
    CHECK(ParseInterval("18:00-00:00") == OpenInterval{1080, 1440});
}

TEST_CASE("an opening time that ends before it starts runs past midnight") {
    const OpenInterval late = ParseInterval("18:00-02:00");
    CHECK(late.Overnight());
    CHECK_FALSE(ParseInterval("09:00-18:00").Overnight());
}

TEST_CASE("a malformed opening time is a plain error quoting it") {
    CHECK_THROWS_WITH(ParseInterval("9-18"), Catch::Contains("\"9-18\" is not an opening time"));
    CHECK_THROWS_AS(ParseInterval("09:00"), ConfigError);
    CHECK_THROWS_AS(ParseInterval("25:00-26:00"), ConfigError);
    CHECK_THROWS_AS(ParseInterval("09:60-10:00"), ConfigError);
    CHECK_THROWS_AS(ParseInterval("24:00-10:00"), ConfigError);
    CHECK_THROWS_AS(ParseInterval("24:30-10:00"), ConfigError);
    CHECK_THROWS_WITH(ParseInterval("10:00-10:00"), Catch::Contains("00:00-24:00"));
}

TEST_CASE("a day's hours are several times separated by commas, or closed") {
    CHECK(ParseDayHours("09:00-12:00, 13:00-18:00") ==
          std::vector<OpenInterval>{{540, 720}, {780, 1080}});
    CHECK(ParseDayHours("closed").empty());
    CHECK_THROWS_WITH(ParseDayHours(""), Catch::Contains("write \"closed\""));
    CHECK_THROWS_AS(ParseDayHours("09:00-12:00,"), ConfigError);
}

TEST_CASE("dates read as full dates or as every-year dates") {
    CHECK(ParseDate("2025-12-25") == Date{2025, 12, 25});
    CHECK(ParseDate("12-25") == Date{0, 12, 25});
    CHECK(ParseDate("02-29") == Date{0, 2, 29});
    CHECK(ParseDate("2024-02-29") == Date{2024, 2, 29});
    CHECK_THROWS_AS(ParseDate("2025-02-29"), ConfigError);
    CHECK_THROWS_AS(ParseDate("2025-13-01"), ConfigError);
    CHECK_THROWS_AS(ParseDate("25-12-2025"), ConfigError);
    CHECK_THROWS_WITH(ParseDate("Christmas"), Catch::Contains("like \"2025-12-25\""));
}

TEST_CASE("a date range includes both ends and every-year ranges wrap over the new year") {
    const DateRange winter = ParseDateRange("12-24..01-06");
    CHECK(kiosk::InRange(winter, {2025, 12, 24}));
    CHECK(kiosk::InRange(winter, {2026, 1, 6}));
    CHECK_FALSE(kiosk::InRange(winter, {2026, 1, 7}));
    CHECK_FALSE(kiosk::InRange(winter, {2025, 12, 23}));
    const DateRange works = ParseDateRange("2025-11-03..2025-11-14");
    CHECK(kiosk::InRange(works, {2025, 11, 3}));
    CHECK(kiosk::InRange(works, {2025, 11, 14}));
    CHECK_FALSE(kiosk::InRange(works, {2026, 11, 5}));
    CHECK_THROWS_WITH(ParseDateRange("2025-11-14..2025-11-03"), Catch::Contains("ends before"));
    CHECK_THROWS_AS(ParseDateRange("2025-12-24..01-06"), ConfigError);
}

TEST_CASE("the schedule mode is hours, always-open or closed") {
    CHECK(ParseScheduleMode("hours") == ScheduleMode::Hours);
    CHECK(ParseScheduleMode("always-open") == ScheduleMode::AlwaysOpen);
    CHECK(ParseScheduleMode("closed") == ScheduleMode::Closed);
    CHECK_THROWS_AS(ParseScheduleMode("open"), ConfigError);
}

TEST_CASE("weekdays count from Monday") {
    CHECK(Weekday({1970, 1, 1}) == 3);  // a Thursday
    CHECK(Weekday({2025, 3, 30}) == 6); // a Sunday
    CHECK(Weekday({2024, 2, 29}) == 3);
    CHECK(Weekday({2000, 1, 3}) == 0);
    CHECK(kiosk::AddDays({2024, 3, 1}, -1) == Date{2024, 2, 29});
    CHECK(kiosk::AddDays({2025, 12, 31}, 1) == Date{2026, 1, 1});
}

// [SECTION] Open or closed ---------------------------------------------------------

TEST_CASE("the exhibit is open inside its weekday's hours and closed outside") {
    const Schedule s = Museum();
    CHECK_FALSE(IsOpen(s, At(2025, 6, 2, 8, 59, 59))); // Monday
    CHECK(IsOpen(s, At(2025, 6, 2, 9, 0)));
    CHECK(IsOpen(s, At(2025, 6, 2, 17, 59, 59)));
    CHECK_FALSE(IsOpen(s, At(2025, 6, 2, 18, 0)));
    CHECK(IsOpen(s, At(2025, 6, 7, 15, 0)));       // Saturday
    CHECK_FALSE(IsOpen(s, At(2025, 6, 7, 17, 0))); // Saturday evening
    CHECK_FALSE(IsOpen(s, At(2025, 6, 8, 12, 0))); // Sunday
}

TEST_CASE("always-open and closed override the hours") {
    Schedule s = Museum();
    s.mode = ScheduleMode::AlwaysOpen;
    CHECK(IsOpen(s, At(2025, 6, 8, 3, 0)));
    s.mode = ScheduleMode::Closed;
    CHECK_FALSE(IsOpen(s, At(2025, 6, 2, 12, 0)));
    CHECK_FALSE(NextChangeUtc(s, Utc(2025, 6, 2), FixedOffset(0)));
}

TEST_CASE("a closed date closes the whole day, every-year dates every year") {
    Schedule s = Museum();
    s.closed = {ParseDateRange("2025-06-02"), ParseDateRange("12-24..12-26")};
    CHECK_FALSE(IsOpen(s, At(2025, 6, 2, 12, 0)));
    CHECK(IsOpen(s, At(2025, 6, 3, 12, 0)));
    CHECK_FALSE(IsOpen(s, At(2025, 12, 24, 12, 0)));
    CHECK_FALSE(IsOpen(s, At(2031, 12, 26, 12, 0)));
    CHECK(IsOpen(s, At(2031, 12, 29, 12, 0)));
}

TEST_CASE("a special date's hours replace its weekday's, even on a closed date") {
    Schedule s = Museum();
    s.closed = {ParseDateRange("12-20..01-06")};
    s.special = {{ParseDate("2025-12-27"), ParseDayHours("11:00-14:00")},
                 {ParseDate("2025-06-08"), ParseDayHours("12:00-20:00")}}; // a Sunday
    CHECK(IsOpen(s, At(2025, 12, 27, 12, 0)));
    CHECK_FALSE(IsOpen(s, At(2025, 12, 27, 15, 0)));
    CHECK(IsOpen(s, At(2025, 6, 8, 19, 0)));
    CHECK_FALSE(IsOpen(s, At(2025, 6, 9, 8, 0)));
}

TEST_CASE("an overnight interval stays open into the next morning") {
    Schedule s;
    s.mode = ScheduleMode::Hours;
    s.week[4] = ParseDayHours("18:00-02:00"); // Friday night
    CHECK(IsOpen(s, At(2025, 6, 6, 23, 0)));
    CHECK(IsOpen(s, At(2025, 6, 7, 1, 59))); // Saturday morning
    CHECK_FALSE(IsOpen(s, At(2025, 6, 7, 2, 0)));
    CHECK_FALSE(IsOpen(s, At(2025, 6, 6, 1, 0))); // Friday morning: Thursday had no night
}

TEST_CASE("an overnight interval belongs to the day it starts on") {
    Schedule s;
    s.mode = ScheduleMode::Hours;
    s.week[4] = ParseDayHours("18:00-02:00");
    s.closed = {ParseDateRange("2025-06-07")}; // the Saturday after
    CHECK(IsOpen(s, At(2025, 6, 7, 1, 0)));
    s.closed = {ParseDateRange("2025-06-06")}; // the Friday itself
    CHECK_FALSE(IsOpen(s, At(2025, 6, 6, 20, 0)));
    CHECK_FALSE(IsOpen(s, At(2025, 6, 7, 1, 0)));
}

// [SECTION] The next change, fixed offsets -------------------------------------------

TEST_CASE("the next change is the next opening or closing time") {
    const Schedule s = Museum();
    const ToLocal utc = FixedOffset(0);
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2, 8, 0), utc) == Utc(2025, 6, 2, 9, 0));
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2, 9, 0), utc) == Utc(2025, 6, 2, 18, 0));
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2, 12, 34, 56), utc) == Utc(2025, 6, 2, 18, 0));
    // Saturday 16:00 closes until Monday 09:00, over the closed Sunday.
    CHECK(NextChangeUtc(s, Utc(2025, 6, 7, 16, 0), utc) == Utc(2025, 6, 9, 9, 0));
}

TEST_CASE("the next change is in UTC for a zone east of it") {
    const Schedule s = Museum();
    const ToLocal plus5 = FixedOffset(5 * 3600);
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2, 0, 0), plus5) == Utc(2025, 6, 2, 4, 0));
}

TEST_CASE("the next change skips closed dates and adjacent intervals that merge") {
    Schedule s = Museum();
    s.week[0] = ParseDayHours("09:00-12:00, 12:00-18:00");
    s.closed = {ParseDateRange("2025-06-09..2025-06-11")};
    const ToLocal utc = FixedOffset(0);
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2, 10, 0), utc) == Utc(2025, 6, 2, 18, 0));
    CHECK(NextChangeUtc(s, Utc(2025, 6, 7, 16, 0), utc) == Utc(2025, 6, 12, 9, 0));
}

TEST_CASE("an always open day and night has no next change") {
    const ToLocal utc = FixedOffset(0);
    CHECK_FALSE(NextChangeUtc(EveryDay("00:00-24:00"), Utc(2025, 6, 2), utc));
    CHECK_FALSE(NextChangeUtc(EveryDay("closed"), Utc(2025, 6, 2), utc));
    CHECK_FALSE(NextChangeUtc(Schedule{}, Utc(2025, 6, 2), utc)); // always-open by default
}

TEST_CASE("the next change looks no further than its horizon") {
    Schedule s = Museum();
    s.closed = {ParseDateRange("2025-01-01..2025-12-31")};
    const ToLocal utc = FixedOffset(0);
    CHECK_FALSE(NextChangeUtc(s, Utc(2025, 6, 2), utc, 30 * 86400));
    CHECK(NextChangeUtc(s, Utc(2025, 6, 2), utc) == Utc(2026, 1, 1, 9, 0));
}

// [SECTION] Clock changes, real zone rules -------------------------------------------

TEST_CASE("Berlin: an interval starting in the skipped hour opens when the clocks jump") {
    ScopedZone zone("Europe/Berlin");
    // 2025-03-30: at 01:00 UTC the clocks go from 02:00 CET to 03:00 CEST.
    const Schedule s = EveryDay("02:00-03:30");
    CHECK_FALSE(IsOpen(s, ZoneLocal(Utc(2025, 3, 30, 0, 59, 59)))); // 01:59:59 CET
    CHECK(IsOpen(s, ZoneLocal(Utc(2025, 3, 30, 1, 0))));            // 03:00 CEST
    CHECK(Changes(s, Utc(2025, 3, 30, 0, 30), ZoneLocal, 2) ==
          std::vector<int64_t>{Utc(2025, 3, 30, 1, 0), Utc(2025, 3, 30, 1, 30)});
}

TEST_CASE("Berlin: ordinary hours follow the clocks on both change days") {
    ScopedZone zone("Europe/Berlin");
    const Schedule s = EveryDay("09:00-18:00");
    // Saturday 29 March in CET, Sunday 30 March in CEST.
    CHECK(Changes(s, Utc(2025, 3, 29, 12, 0), ZoneLocal, 3) ==
          std::vector<int64_t>{Utc(2025, 3, 29, 17, 0), Utc(2025, 3, 30, 7, 0),
                               Utc(2025, 3, 30, 16, 0)});
    // Saturday 25 October in CEST, Sunday 26 October in CET.
    CHECK(Changes(s, Utc(2025, 10, 25, 12, 0), ZoneLocal, 3) ==
          std::vector<int64_t>{Utc(2025, 10, 25, 16, 0), Utc(2025, 10, 26, 8, 0),
                               Utc(2025, 10, 26, 17, 0)});
}

TEST_CASE("Berlin: an interval in the repeated hour happens twice when the clocks fall back") {
    ScopedZone zone("Europe/Berlin");
    // 2025-10-26: at 01:00 UTC the clocks go from 03:00 CEST back to 02:00 CET.
    const Schedule s = EveryDay("02:00-02:30");
    CHECK(Changes(s, Utc(2025, 10, 25, 23, 30), ZoneLocal, 4) ==
          std::vector<int64_t>{Utc(2025, 10, 26, 0, 0), Utc(2025, 10, 26, 0, 30),
                               Utc(2025, 10, 26, 1, 0), Utc(2025, 10, 26, 1, 30)});
}

TEST_CASE("Berlin: a night interval over the spring change closes by the new clock") {
    ScopedZone zone("Europe/Berlin");
    Schedule s;
    s.mode = ScheduleMode::Hours;
    s.week[5] = ParseDayHours("22:00-04:00"); // Saturday 29 March into Sunday
    // Opens at 22:00 CET (21:00 UTC), closes at 04:00 CEST (02:00 UTC): 5 real hours.
    CHECK(Changes(s, Utc(2025, 3, 29, 12, 0), ZoneLocal, 2) ==
          std::vector<int64_t>{Utc(2025, 3, 29, 21, 0), Utc(2025, 3, 30, 2, 0)});
}

TEST_CASE("Baku 2015: an interval wholly in the skipped hour does not happen") {
    ScopedZone zone("Asia/Baku");
    // 2015-03-29: at 00:00 UTC the clocks went from 04:00 (+04) to 05:00 (+05).
    const Schedule s = EveryDay("04:00-05:00");
    const auto next = NextChangeUtc(s, Utc(2015, 3, 28, 20, 0), ZoneLocal); // 00:00 local
    // The next opening is Monday 04:00 +05, a day later.
    CHECK(next == Utc(2015, 3, 29, 23, 0));
    CHECK_FALSE(IsOpen(s, ZoneLocal(Utc(2015, 3, 29, 0, 0)))); // 05:00 +05
}

TEST_CASE("Baku 2016: after daylight saving was abolished the same day has no jump") {
    ScopedZone zone("Asia/Baku");
    const Schedule s = EveryDay("04:00-05:00");
    // 2016-03-27 would have been the change day; the clocks stayed at +04.
    CHECK(Changes(s, Utc(2016, 3, 26, 20, 0), ZoneLocal, 2) ==
          std::vector<int64_t>{Utc(2016, 3, 27, 0, 0), Utc(2016, 3, 27, 1, 0)});
}

TEST_CASE("Berlin: over a whole year every next change is exact and nothing changes between") {
    ScopedZone zone("Europe/Berlin");
    Schedule s = Museum();
    s.week[3] = ParseDayHours("09:00-12:00, 13:00-21:30");
    s.week[6] = ParseDayHours("23:00-01:00");
    s.closed = {ParseDateRange("12-24..12-26"), ParseDateRange("2025-05-01")};
    s.special = {{ParseDate("2025-03-30"), ParseDayHours("02:15-03:45")}};
    int64_t t = Utc(2025, 1, 1);
    const int64_t end = Utc(2026, 1, 1);
    int changes = 0;
    while (t < end) {
        const bool open = IsOpen(s, ZoneLocal(t));
        const std::optional<int64_t> next = NextChangeUtc(s, t, ZoneLocal);
        REQUIRE(next);
        REQUIRE(IsOpen(s, ZoneLocal(*next)) != open);
        REQUIRE(IsOpen(s, ZoneLocal(*next - 1)) == open);
        // Sample every 5 minutes in between: nothing may change unseen.
        for (int64_t u = t + 300; u < *next; u += 300)
            REQUIRE(IsOpen(s, ZoneLocal(u)) == open);
        t = *next;
        ++changes;
    }
    CHECK(changes > 600);
}
