#include "core/visit_summary.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace kiosk {

namespace {

// Floor division: instants before 1970 still fall in the right second.
int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = FloorDiv(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

struct Civil {
    int64_t y = 0, m = 0, d = 0;
};

std::optional<Civil> ParseDay(const std::string& day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (day[i] < '0' || day[i] > '9') return std::nullopt;
    Civil c;
    c.y = std::stoll(day.substr(0, 4));
    c.m = std::stoll(day.substr(5, 2));
    c.d = std::stoll(day.substr(8, 2));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (c.m < 1 || c.m > 12 || c.d < 1) return std::nullopt;
    const int64_t last = kDays[c.m - 1] + (c.m == 2 && IsLeap(c.y) ? 1 : 0);
    if (c.d > last) return std::nullopt;
    return c;
}

} // namespace

LocalDayHour LocalTimeOf(int64_t utc_ms) {
    const std::time_t t = static_cast<std::time_t>(FloorDiv(utc_ms, 1000));
    std::tm tm{};
    LocalDayHour out;
    if (!localtime_r(&t, &tm)) {
        // Only for instants beyond what the C library can represent: show them
        // as the epoch rather than fail a whole report.
        out.day = "1970-01-01";
        return out;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    out.day = buf;
    out.hour = tm.tm_hour;
    return out;
}

std::optional<int64_t> LocalMidnightMs(const std::string& day) {
    const auto c = ParseDay(day);
    if (!c) return std::nullopt;
    std::tm tm{};
    tm.tm_year = static_cast<int>(c->y - 1900);
    tm.tm_mon = static_cast<int>(c->m - 1);
    tm.tm_mday = static_cast<int>(c->d);
    tm.tm_isdst = -1; // let the zone's rules decide
    const std::time_t t = std::mktime(&tm);
    // -1 is also 23:59:59 on 1969-12-31 UTC, never a local midnight in practice.
    if (t == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<int64_t>(t) * 1000;
}

std::optional<int64_t> DayNumber(const std::string& day) {
    const auto c = ParseDay(day);
    if (!c) return std::nullopt;
    return DaysFromCivil(c->y, c->m, c->d);
}

std::string DayFromNumber(int64_t z) {
    z += 719468;
    const int64_t era = FloorDiv(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp + (mp < 10 ? 3 : -9);
    const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[80]; // room for any int64 year, so nothing is ever cut
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
    return buf;
}

int64_t Median(std::vector<int64_t>& values) {
    if (values.empty()) return 0;
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid),
                     values.end());
    const int64_t upper = values[mid];
    if (values.size() % 2 == 1) return upper;
    const int64_t lower =
        *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return lower + (upper - lower) / 2;
}

std::string FormatDuration(int64_t ms) {
    const int64_t s = std::max<int64_t>(0, (ms + 500) / 1000);
    char buf[64];
    if (s < 60) {
        std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
    } else if (s < 3600) {
        std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    } else {
        return FormatCount(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
    }
    return buf;
}

std::string FormatCount(int64_t n) {
    const bool negative = n < 0;
    std::string digits = std::to_string(negative ? -n : n);
    std::string out;
    const size_t len = digits.size();
    for (size_t i = 0; i < len; ++i) {
        if (i > 0 && (len - i) % 3 == 0) out += "\xE2\x80\xAF"; // U+202F narrow no-break space
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

} // namespace kiosk
