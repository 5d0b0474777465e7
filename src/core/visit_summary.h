// What the visit statistics say over a period, as plain values: filled by
// storage (VisitStore::Summarise), shown by the reports (kiosk-stats, the
// text report for the USB stick) and, later, the admin panel. Days and hours
// are the kiosk's local time (TZ), so "busiest hour" means the museum's hours.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct VisitSummary {
    int64_t since_ms = 0; // start of the period (UTC ms); 0: since the first visit

    int64_t visits = 0;            // every visit of the period, detailed or aggregated
    int64_t total_duration_ms = 0; // their summed length
    // Visits older than the retention period survive only as daily counts;
    // the median is over the visits still stored one by one.
    int64_t detailed_visits = 0;
    int64_t median_duration_ms = 0;

    struct Day {
        std::string day; // YYYY-MM-DD, local
        int64_t visits = 0;
        int64_t total_duration_ms = 0;
    };
    std::vector<Day> days; // days with at least one visit, oldest first

    std::array<int64_t, 24> hours{}; // visits by the local hour they started in

    struct Language {
        std::string language;
        int64_t visits = 0;
    };
    std::vector<Language> languages; // most visits first

    struct PanelStat {
        std::string panel_id;
        int64_t views = 0; // times the panel was opened
        int64_t total_dwell_ms = 0;
        int64_t images_viewed = 0; // summed over its views
    };
    std::vector<PanelStat> panels; // most views first, then most dwell

    std::string FirstDay() const { return days.empty() ? "" : days.front().day; }
    std::string LastDay() const { return days.empty() ? "" : days.back().day; }
};

// [SECTION] Calendar helpers (local time, proleptic Gregorian)

struct LocalDayHour {
    std::string day; // YYYY-MM-DD
    int hour = 0;    // 0-23
};
// The local date and hour of a UTC instant (TZ rules of this process).
LocalDayHour LocalTimeOf(int64_t utc_ms);

// UTC ms of local midnight starting `day` (YYYY-MM-DD); nullopt when `day`
// is not a real date.
std::optional<int64_t> LocalMidnightMs(const std::string& day);

// Days since 1970-01-01 of a YYYY-MM-DD date, and back: for walking every day
// of a period, the empty ones included. nullopt when `day` is not a real date.
std::optional<int64_t> DayNumber(const std::string& day);
std::string DayFromNumber(int64_t days);

// The median of `values` (reordered); the mean of the two middle values when
// their count is even; 0 when empty.
int64_t Median(std::vector<int64_t>& values);

// A length for people: "45 s", "3 min 05 s", "2 h 10 min".
std::string FormatDuration(int64_t ms);

// An integer with thin-space thousands groups ("110 431", U+202F): plain,
// and read the same way in every language of the exhibit.
std::string FormatCount(int64_t n);

} // namespace kiosk
