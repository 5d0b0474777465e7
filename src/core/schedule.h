// Opening hours: at which local wall-clock times the exhibit is open. Hours
// per weekday, closed dates (single days, ranges, every-year days), special
// dates with their own hours, and a mode that overrides it all.
//
// Pure: the time zone enters as a function (ToLocal) that turns a UTC second
// into local wall-clock time, so daylight-saving changes are tested with the
// real zone rules and a fake clock, and nothing here reads the TZ variable.
//
// Wall-clock semantics, on purpose: "09:00-18:00" means whatever the clocks in
// the building say. On the day the clocks spring forward, an interval that
// starts inside the skipped hour opens at the first local time after it
// (02:30-04:00 opens at 03:00); one that lies wholly in the skipped hour does
// not happen. On the day they fall back, an interval inside the repeated hour
// happens twice.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Minutes since local midnight, open from `start_min` up to (not including)
// `end_min`. `end_min` may be 1440 ("24:00"). An interval whose end is not
// after its start runs past midnight into the next day ("18:00-02:00").
struct OpenInterval {
    int start_min = 0;
    int end_min = 0;
    bool Overnight() const { return end_min <= start_min; }
    bool operator==(const OpenInterval&) const = default;
};

// A calendar date. Year 0 means every year ("12-25").
struct Date {
    int year = 0;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    auto operator<=>(const Date&) const = default;
};

// Inclusive; `first == last` for one day. Every-year ranges (year 0 on both
// ends) may wrap over the new year ("12-24..01-06").
struct DateRange {
    Date first;
    Date last;
    bool operator==(const DateRange&) const = default;
};

// A date with its own hours instead of its weekday's ("2025-12-24" = "10:00-14:00").
struct SpecialDay {
    Date date;
    std::vector<OpenInterval> hours; // empty: closed that day
};

enum class ScheduleMode {
    AlwaysOpen, // the screen is never turned off (the default: a fresh install shows something)
    Hours,      // open by the hours below
    Closed,     // the exhibit is closed until the mode changes (screen off)
};

struct Schedule {
    ScheduleMode mode = ScheduleMode::AlwaysOpen;
    std::array<std::vector<OpenInterval>, 7> week; // [0] Monday ... [6] Sunday; empty: closed
    std::vector<DateRange> closed;                 // closed all day
    std::vector<SpecialDay> special;               // beats `closed` and the weekday
};

// Local wall-clock time at one instant, as the zone's rules give it.
struct LocalTime {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;           // 0..60 (a leap second counts as 59)
    int64_t utc_offset_s = 0; // local minus UTC; changes when the clocks change
    Date date() const { return {year, month, day}; }
};

// Turns a UTC second into local time (in the kiosk: localtime_r; in tests:
// any zone, or a fixed offset).
using ToLocal = std::function<LocalTime(int64_t utc_s)>;

// The weekday of a full date: 0 Monday ... 6 Sunday.
int Weekday(const Date& date);

// A full date `days` later (or earlier, when negative).
Date AddDays(const Date& date, int days);

// True when `date` (a full date) falls in `range`.
bool InRange(const DateRange& range, const Date& date);

// Parsers. Each throws ConfigError with a plain sentence quoting the text;
// the caller adds the file and line.
//   ParseInterval("09:00-18:00"), ("18:00-02:00") overnight, ("00:00-24:00") all day
OpenInterval ParseInterval(std::string_view text);
//   ParseDayHours("09:00-12:00, 13:00-18:00") or ("closed")
std::vector<OpenInterval> ParseDayHours(std::string_view text);
//   ParseDate("2025-12-25"), ("12-25") every year
Date ParseDate(std::string_view text);
//   ParseDateRange("2025-12-25"), ("2025-12-24..2026-01-01"), ("12-24..01-06")
DateRange ParseDateRange(std::string_view text);
//   ParseScheduleMode("hours" | "always-open" | "closed")
ScheduleMode ParseScheduleMode(std::string_view text);

// "09:00-18:00"; "closed" for no hours. For logs and messages.
std::string FormatInterval(const OpenInterval& interval);
std::string FormatDayHours(const std::vector<OpenInterval>& hours);
// One line for the log: "hours: Mon-Fri 09:00-18:00, Sat 10:00-16:00, Sun closed;
// 2 closed dates, 1 special date", or "always open", or "closed".
std::string DescribeSchedule(const Schedule& schedule);
// "2025-12-25 14:05" (for logs).
std::string FormatLocal(const LocalTime& t);

// The hours that apply on `date` (a full date): a special day's, none on a
// closed date, else its weekday's.
const std::vector<OpenInterval>& HoursOn(const Schedule& schedule, const Date& date);

// Whether the exhibit is open at local time `t`. An overnight interval belongs
// to the day it starts on: a closed date closes its own evening, and the
// early morning after it only if that interval started on an open day.
bool IsOpen(const Schedule& schedule, const LocalTime& t);

// The first UTC second after `now_utc` at which IsOpen changes, looking at most
// `horizon_s` ahead. nullopt when nothing changes within that (always open,
// closed, or no open hours at all). Clock changes are found by watching
// the zone's UTC offset, so any zone's rules work, whatever hour they change at.
std::optional<int64_t> NextChangeUtc(const Schedule& schedule, int64_t now_utc,
                                     const ToLocal& to_local,
                                     int64_t horizon_s = int64_t{400} * 86400);

} // namespace kiosk
