#include "core/schedule.h"

#include "core/error.h"

#include <algorithm>
#include <cstdio>

namespace kiosk {

namespace {

[[noreturn]] void Fail(std::string_view text, const std::string& what) {
    throw ConfigError("\"" + std::string(text) + "\" " + what);
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Reads 1..max_digits decimal digits; -1 when there are none or too many.
int Number(std::string_view s, size_t max_digits) {
    if (s.empty() || s.size() > max_digits) return -1;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// "9:00", "09:00", "24:00" -> minutes since midnight; -1 when malformed.
int ParseClock(std::string_view s) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos) return -1;
    const std::string_view hh = s.substr(0, colon), mm = s.substr(colon + 1);
    const int h = Number(hh, 2), m = mm.size() == 2 ? Number(mm, 2) : -1;
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

bool IsLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int SecondOfDay(const LocalTime& t) {
    return t.hour * 3600 + t.minute * 60 + std::min(t.second, 59);
}

// The next second of the local day after `second_of_day` at which IsOpen may
// change on `date`: an interval edge of that day or of an overnight interval
// from the day before, or midnight.
int NextEdge(const Schedule& s, const Date& date, int second_of_day) {
    int next = 1440 * 60;
    auto consider = [&](int minute) {
        const int at = minute * 60;
        if (at > second_of_day && at < next) next = at;
    };
    for (const OpenInterval& i : HoursOn(s, date)) {
        consider(i.start_min);
        if (!i.Overnight()) consider(i.end_min);
    }
    for (const OpenInterval& i : HoursOn(s, AddDays(date, -1)))
        if (i.Overnight()) consider(i.end_min);
    return next;
}

} // namespace

int Weekday(const Date& date) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    const int64_t days = DaysFromCivil(date.year, date.month, date.day);
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

Date AddDays(const Date& date, int days) {
    return CivilFromDays(DaysFromCivil(date.year, date.month, date.day) + days);
}

bool InRange(const DateRange& r, const Date& d) {
    if (r.first.year != 0) return r.first <= d && d <= r.last;
    // Every year: compare month and day only, wrapping over the new year.
    const Date md{0, d.month, d.day};
    if (r.first <= r.last) return r.first <= md && md <= r.last;
    return md >= r.first || md <= r.last;
}

OpenInterval ParseInterval(std::string_view text) {
    const std::string_view t = Trim(text);
    const size_t dash = t.find('-');
    if (dash == std::string_view::npos)
        Fail(text, "is not an opening time; write it like \"09:00-18:00\"");
    const int start = ParseClock(Trim(t.substr(0, dash)));
    const int end = ParseClock(Trim(t.substr(dash + 1)));
    if (start < 0 || end < 0)
        Fail(text, "is not an opening time; write it like \"09:00-18:00\" (hours 00 to 24)");
    if (start == 1440) Fail(text, "starts at 24:00; start at 00:00 instead");
    if (start == end)
        Fail(text, "opens and closes at the same time; use \"00:00-24:00\" for all day");
    return {start, end == 0 ? 1440 : end};
}

std::vector<OpenInterval> ParseDayHours(std::string_view text) {
    const std::string_view t = Trim(text);
    if (t == "closed") return {};
    if (t.empty())
        throw ConfigError("an empty day: write \"closed\" or hours like \"09:00-18:00\"");
    std::vector<OpenInterval> hours;
    size_t pos = 0;
    while (pos <= t.size()) {
        const size_t comma = t.find(',', pos);
        const std::string_view part =
            t.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        hours.push_back(ParseInterval(part));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return hours;
}

Date ParseDate(std::string_view text) {
    const std::string_view t = Trim(text);
    Date d;
    const size_t first = t.find('-');
    const size_t second = first == std::string_view::npos ? first : t.find('-', first + 1);
    if (second != std::string_view::npos) { // YYYY-MM-DD
        d.year = t.substr(0, first).size() == 4 ? Number(t.substr(0, first), 4) : -1;
        d.month = Number(t.substr(first + 1, second - first - 1), 2);
        d.day = Number(t.substr(second + 1), 2);
        if (d.year < 1970) d.month = -1;
    } else if (first != std::string_view::npos) { // MM-DD, every year
        d.month = Number(t.substr(0, first), 2);
        d.day = Number(t.substr(first + 1), 2);
    } else {
        d.month = -1;
    }
    if (d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > DaysInMonth(d.year == 0 ? 2000 : d.year, d.month))
        Fail(text, "is not a date; write it like \"2025-12-25\", or \"12-25\" for every year");
    return d;
}

DateRange ParseDateRange(std::string_view text) {
    const size_t dots = text.find("..");
    if (dots == std::string_view::npos) {
        const Date d = ParseDate(text);
        return {d, d};
    }
    const DateRange r{ParseDate(text.substr(0, dots)), ParseDate(text.substr(dots + 2))};
    if ((r.first.year == 0) != (r.last.year == 0))
        Fail(text, "mixes a date with an every-year date; give both ends with a year or neither");
    if (r.first.year != 0 && r.last < r.first) Fail(text, "ends before it starts");
    return r;
}

ScheduleMode ParseScheduleMode(std::string_view text) {
    if (text == "hours") return ScheduleMode::Hours;
    if (text == "always-open") return ScheduleMode::AlwaysOpen;
    if (text == "closed") return ScheduleMode::Closed;
    Fail(text, "is not a schedule mode; use \"hours\", \"always-open\" or \"closed\"");
}

std::string FormatInterval(const OpenInterval& i) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", i.start_min / 60, i.start_min % 60,
                  i.end_min / 60, i.end_min % 60);
    return buf;
}

std::string FormatDayHours(const std::vector<OpenInterval>& hours) {
    if (hours.empty()) return "closed";
    std::string out;
    for (const OpenInterval& i : hours)
        out += (out.empty() ? "" : ", ") + FormatInterval(i);
    return out;
}

std::string DescribeSchedule(const Schedule& s) {
    if (s.mode == ScheduleMode::AlwaysOpen) return "always open";
    if (s.mode == ScheduleMode::Closed) return "closed";
    static const char* const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    std::string out = "hours: ";
    // Runs of days with the same hours read as "Mon-Fri".
    for (size_t d = 0; d < 7;) {
        size_t e = d;
        while (e + 1 < 7 && s.week[e + 1] == s.week[d])
            ++e;
        out += std::string(d ? ", " : "") + kDays[d] + (e > d ? std::string("-") + kDays[e] : "") +
               " " + FormatDayHours(s.week[d]);
        d = e + 1;
    }
    auto count = [](size_t n, const char* what) {
        return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    if (!s.closed.empty() || !s.special.empty())
        out += "; " + count(s.closed.size(), "closed date") + ", " +
               count(s.special.size(), "special date");
    return out;
}

std::string FormatLocal(const LocalTime& t) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute);
    return buf;
}

const std::vector<OpenInterval>& HoursOn(const Schedule& s, const Date& date) {
    static const std::vector<OpenInterval> kClosed;
    // The last matching special day wins, so a later line can correct an earlier one.
    for (auto it = s.special.rbegin(); it != s.special.rend(); ++it)
        if (InRange({it->date, it->date}, date)) return it->hours;
    for (const DateRange& r : s.closed)
        if (InRange(r, date)) return kClosed;
    return s.week[static_cast<size_t>(Weekday(date))];
}

bool IsOpen(const Schedule& s, const LocalTime& t) {
    if (s.mode == ScheduleMode::AlwaysOpen) return true;
    if (s.mode == ScheduleMode::Closed) return false;
    const int now = SecondOfDay(t);
    const Date today = t.date();
    for (const OpenInterval& i : HoursOn(s, today)) {
        const int end = i.Overnight() ? 1440 : i.end_min;
        if (now >= i.start_min * 60 && now < end * 60) return true;
    }
    for (const OpenInterval& i : HoursOn(s, AddDays(today, -1)))
        if (i.Overnight() && now < i.end_min * 60) return true;
    return false;
}

std::optional<int64_t> NextChangeUtc(const Schedule& s, int64_t now_utc, const ToLocal& to_local,
                                     int64_t horizon_s) {
    if (s.mode != ScheduleMode::Hours) return std::nullopt;
    const bool open_now = IsOpen(s, to_local(now_utc));
    int64_t t = now_utc;
    // Between two edges of the local day, with the same UTC offset, local time
    // runs evenly and IsOpen cannot change; so hop from edge to edge, and stop
    // at each change of the offset (the clocks jump there).
    while (t - now_utc < horizon_s) {
        const LocalTime here = to_local(t);
        const int second = SecondOfDay(here);
        int64_t next = t + (NextEdge(s, here.date(), second) - second);
        if (to_local(next).utc_offset_s != here.utc_offset_s) {
            // The offset changes once in (t, next]: find the first second of the new one.
            int64_t lo = t, hi = next;
            while (hi - lo > 1) {
                const int64_t mid = lo + (hi - lo) / 2;
                (to_local(mid).utc_offset_s == here.utc_offset_s ? lo : hi) = mid;
            }
            next = hi;
        }
        if (next - now_utc > horizon_s) break;
        if (IsOpen(s, to_local(next)) != open_now) return next;
        t = next;
    }
    return std::nullopt;
}

} // namespace kiosk
