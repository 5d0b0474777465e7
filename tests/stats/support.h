// Shared by the statistics tests and programs: UTC instants written as dates,
// and a generator of plausible visits (museum hours, a few languages, a
// dozen panels) that is the same for the same seed.
#pragma once

#include "core/visit_summary.h"
#include "core/visit_tracker.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kiosk::test {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;

// UTC ms of `day` (YYYY-MM-DD) at hh:mm:ss.
inline int64_t UtcMs(const std::string& day, int hh = 0, int mm = 0, int ss = 0) {
    return DayNumber(day).value() * kDayMs + hh * kHourMs + mm * kMinuteMs + ss * 1000;
}

inline Visit MakeVisit(int64_t start_ms, int64_t duration_ms, const std::string& lang,
                       std::vector<PanelView> panels = {}) {
    Visit v;
    v.start_ms = start_ms;
    v.duration_ms = duration_ms;
    v.language = lang;
    v.panels = std::move(panels);
    return v;
}

inline PanelView MakeView(const std::string& id, int64_t dwell_ms, int images) {
    PanelView p;
    p.panel_id = id;
    p.dwell_ms = dwell_ms;
    p.images_viewed = images;
    return p;
}

// `per_day` visits on each of `days` days from `first_day_ms` (UTC midnight),
// between 09:00 and 18:00 with an afternoon peak; lengths around three
// minutes (log-normal), one to six panels each, languages az/en/ru.
inline std::vector<Visit> GenerateVisits(int64_t first_day_ms, int days, int per_day,
                                         uint32_t seed = 7) {
    std::mt19937 rng(seed);
    std::discrete_distribution<int> hour({2, 4, 6, 7, 8, 9, 9, 8, 5}); // 09:00 .. 17:00
    std::uniform_int_distribution<int64_t> within_hour(0, kHourMs - 1);
    std::lognormal_distribution<double> length(std::log(180'000.0), 0.8);
    std::discrete_distribution<int> lang({55, 30, 15});
    std::uniform_int_distribution<int> panel_count(1, 6);
    std::uniform_int_distribution<int> panel(0, 11);
    std::uniform_int_distribution<int> images(0, 3);
    const char* langs[] = {"az", "en", "ru"};
    std::vector<Visit> out;
    out.reserve(static_cast<size_t>(days) * static_cast<size_t>(per_day));
    for (int d = 0; d < days; ++d) {
        std::vector<int64_t> starts;
        for (int i = 0; i < per_day; ++i)
            starts.push_back(first_day_ms + d * kDayMs + (9 + hour(rng)) * kHourMs +
                             within_hour(rng));
        std::sort(starts.begin(), starts.end());
        for (int64_t start : starts) {
            Visit v;
            v.start_ms = start;
            v.duration_ms = std::min<int64_t>(3 * kHourMs, static_cast<int64_t>(length(rng)));
            v.language = langs[lang(rng)];
            const int n = panel_count(rng);
            for (int k = 0; k < n; ++k) {
                PanelView p;
                p.panel_id = "panel-" + std::to_string(panel(rng));
                p.opened_ms = start + k * (v.duration_ms / n);
                p.dwell_ms = v.duration_ms / n;
                p.images_viewed = images(rng);
                v.panels.push_back(p);
            }
            out.push_back(std::move(v));
        }
    }
    return out;
}

} // namespace kiosk::test
