// Real time-zone rules for the schedule tests: a ToLocal that converts with
// the TZ database (localtime_r under a temporarily set TZ), and UTC seconds
// from a UTC date and time. Tests run one at a time in a process, so
// swapping TZ here is safe.
#pragma once

#include "core/schedule.h"

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace kiosk::test {

// Sets TZ for its lifetime, restoring the previous value afterwards.
class ScopedZone {
  public:
    explicit ScopedZone(const std::string& zone) {
        if (const char* old = std::getenv("TZ")) m_old = old;
        setenv("TZ", zone.c_str(), 1);
        tzset();
    }
    ~ScopedZone() {
        if (m_old)
            setenv("TZ", m_old->c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }
    ScopedZone(const ScopedZone&) = delete;
    ScopedZone& operator=(const ScopedZone&) = delete;

  private:
    std::optional<std::string> m_old;
};

// Converts with whatever TZ is set now (inside a ScopedZone).
inline LocalTime ZoneLocal(int64_t utc_s) {
    const time_t t = static_cast<time_t>(utc_s);
    std::tm tm{};
    localtime_r(&t, &tm);
    return {tm.tm_year + 1900,
            tm.tm_mon + 1,
            tm.tm_mday,
            tm.tm_hour,
            tm.tm_min,
            tm.tm_sec,
            static_cast<int64_t>(tm.tm_gmtoff)};
}

// A fixed offset from UTC, without any zone rules.
inline ToLocal FixedOffset(int64_t offset_s) {
    return [offset_s](int64_t utc_s) {
        const time_t t = static_cast<time_t>(utc_s + offset_s);
        std::tm tm{};
        gmtime_r(&t, &tm);
        return LocalTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                         tm.tm_min,         tm.tm_sec,     offset_s};
    };
}

// UTC seconds of a UTC date and time.
inline int64_t Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<int64_t>(timegm(&tm));
}

} // namespace kiosk::test
