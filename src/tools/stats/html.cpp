// The curator's report: one self-contained HTML page (no scripts, no
// fonts, images or styles from elsewhere: it opens from a USB stick on any
// computer, offline), calm and printable, with charts as inline SVG.
//
// [SECTION] Helpers: escaping, numbers, nice axis steps
// [SECTION] Charts: columns (days, months, hours), rows (languages)
// [SECTION] The page

#include "storage/visits_report.h"
#include "tools/stats/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

namespace kiosk::stats {

namespace {

// [SECTION] Helpers: escaping, numbers, nice axis steps --------------------------

constexpr int64_t kDayChartDays = 90;
constexpr size_t kMaxAxisLabels = 12;

std::string Esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string Fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string Plural(int64_t n, const char* one, const char* many) {
    return FormatCount(n) + " " + (n == 1 ? one : many);
}

// 1, 2 or 5 times a power of ten: gridlines at numbers people read at a glance.
int64_t NiceStep(int64_t max_value, int ticks) {
    if (max_value <= ticks) return 1;
    const double raw = static_cast<double>(max_value) / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) return std::max<int64_t>(1, static_cast<int64_t>(m * mag));
    return static_cast<int64_t>(10 * mag);
}

std::string LocalStamp(int64_t utc_ms) {
    const std::time_t t = static_cast<std::time_t>(utc_ms / 1000);
    std::tm tm{};
    if (!localtime_r(&t, &tm)) return "";
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

// [SECTION] Charts: columns (days, months, hours), rows (languages) ------------

struct Bar {
    std::string label; // under the column ("" for none)
    int64_t value = 0;
    std::string tip; // shown on hover
};

// A column chart with a labelled value axis (gridlines) and category axis.
std::string ColumnChart(const std::vector<Bar>& bars, const std::string& title,
                        const std::string& x_title, const std::string& y_title) {
    const double w = 900, h = 290, left = 70, right = 16, top = 14, bottom = 62;
    const double plot_w = w - left - right, plot_h = h - top - bottom;
    int64_t max_value = 0;
    for (const Bar& b : bars)
        max_value = std::max(max_value, b.value);
    const int64_t step = NiceStep(max_value, 4);
    const int64_t axis_max = std::max<int64_t>(step, (max_value + step - 1) / step * step);
    auto y_of = [&](int64_t v) {
        return top + plot_h - static_cast<double>(v) / static_cast<double>(axis_max) * plot_h;
    };

    std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + Fixed(w) + " " + Fixed(h) +
                    "\" role=\"img\" aria-label=\"" + Esc(title) + "\">\n<title>" + Esc(title) +
                    "</title>\n";
    for (int64_t v = 0; v <= axis_max; v += step) {
        const std::string y = Fixed(y_of(v));
        s += "<line class=\"grid\" x1=\"" + Fixed(left) + "\" x2=\"" + Fixed(w - right) +
             "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
        s += "<text class=\"tick\" x=\"" + Fixed(left - 8) + "\" y=\"" + Fixed(y_of(v) + 4) +
             "\" text-anchor=\"end\">" + FormatCount(v) + "</text>\n";
    }
    const double slot = bars.empty() ? plot_w : plot_w / static_cast<double>(bars.size());
    const double bar_w = std::max(1.0, slot * 0.78);
    for (size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const double x = left + static_cast<double>(i) * slot;
        if (b.value > 0)
            s += "<rect class=\"bar\" x=\"" + Fixed(x + (slot - bar_w) / 2) + "\" y=\"" +
                 Fixed(y_of(b.value)) + "\" width=\"" + Fixed(bar_w) + "\" height=\"" +
                 Fixed(top + plot_h - y_of(b.value)) + "\"><title>" + Esc(b.tip) +
                 "</title></rect>";
        if (!b.label.empty())
            s += "<text class=\"tick\" x=\"" + Fixed(x + slot / 2) + "\" y=\"" +
                 Fixed(top + plot_h + 18) + "\" text-anchor=\"middle\">" + Esc(b.label) + "</text>";
        s += "\n";
    }
    s += "<line class=\"axis\" x1=\"" + Fixed(left) + "\" x2=\"" + Fixed(w - right) + "\" y1=\"" +
         Fixed(top + plot_h) + "\" y2=\"" + Fixed(top + plot_h) + "\"/>\n";
    s += "<text class=\"axis-title\" x=\"" + Fixed(left + plot_w / 2) + "\" y=\"" + Fixed(h - 12) +
         "\" text-anchor=\"middle\">" + Esc(x_title) + "</text>\n";
    s += "<text class=\"axis-title\" transform=\"translate(18 " + Fixed(top + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + Esc(y_title) + "</text>\n";
    s += "</svg>\n";
    return s;
}

// Horizontal bars, one row per item, its number written at the bar's end.
std::string RowChart(const std::vector<Bar>& rows, const std::string& title,
                     const std::string& x_title) {
    const double w = 900, row_h = 34, left = 150, right = 140, top = 8;
    const double h = top + row_h * static_cast<double>(rows.size()) + 40;
    const double plot_w = w - left - right;
    int64_t max_value = 1;
    for (const Bar& r : rows)
        max_value = std::max(max_value, r.value);
    std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + Fixed(w) + " " + Fixed(h) +
                    "\" role=\"img\" aria-label=\"" + Esc(title) + "\">\n<title>" + Esc(title) +
                    "</title>\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        const Bar& r = rows[i];
        const double y = top + static_cast<double>(i) * row_h;
        const double len = static_cast<double>(r.value) / static_cast<double>(max_value) * plot_w;
        s += "<text class=\"label\" x=\"" + Fixed(left - 10) + "\" y=\"" +
             Fixed(y + row_h / 2 + 5) + "\" text-anchor=\"end\">" + Esc(r.label) + "</text>";
        s += "<rect class=\"bar\" x=\"" + Fixed(left) + "\" y=\"" + Fixed(y + 6) + "\" width=\"" +
             Fixed(std::max(1.0, len)) + "\" height=\"" + Fixed(row_h - 12) + "\"><title>" +
             Esc(r.tip) + "</title></rect>";
        s += "<text class=\"value\" x=\"" + Fixed(left + len + 8) + "\" y=\"" +
             Fixed(y + row_h / 2 + 5) + "\">" + Esc(r.tip) + "</text>\n";
    }
    const double axis_y = top + row_h * static_cast<double>(rows.size());
    s += "<line class=\"axis\" x1=\"" + Fixed(left) + "\" x2=\"" + Fixed(left) + "\" y1=\"" +
         Fixed(top) + "\" y2=\"" + Fixed(axis_y) + "\"/>\n";
    s += "<text class=\"axis-title\" x=\"" + Fixed(left + plot_w / 2) + "\" y=\"" +
         Fixed(axis_y + 28) + "\" text-anchor=\"middle\">" + Esc(x_title) + "</text>\n";
    s += "</svg>\n";
    return s;
}

// Every `every`-th label kept, so at most kMaxAxisLabels stand under a chart.
void ThinLabels(std::vector<Bar>& bars) {
    const size_t every = std::max<size_t>(1, (bars.size() + kMaxAxisLabels - 1) / kMaxAxisLabels);
    for (size_t i = 0; i < bars.size(); ++i)
        if (i % every != 0) bars[i].label.clear();
}

std::string Figure(const std::string& label, const std::string& value) {
    return "<div class=\"figure\"><div class=\"figure-value\">" + value +
           "</div><div class=\"figure-label\">" + Esc(label) + "</div></div>\n";
}

constexpr const char* kStyle = R"css(
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif;
       color: #1d2125; background: #fbfaf7; line-height: 1.5;
       max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-weight: 600; font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { font-weight: 600; font-size: 1.3rem; margin-top: 2.4rem;
     border-bottom: 1px solid #d9d4ca; padding-bottom: 0.2rem; }
.period { color: #4a4f55; margin-top: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 1.5rem 0; }
.figure { flex: 1 1 10rem; border: 1px solid #d9d4ca; background: #fff; padding: 0.7rem 1rem; }
.figure-value { font-size: 1.6rem; }
.figure-label { color: #4a4f55; font-size: 0.9rem; }
.chart { width: 100%; height: auto; }
.chart .bar { fill: #55707f; }
.chart .grid { stroke: #e3dfd7; stroke-width: 1; }
.chart .axis { stroke: #6b7075; stroke-width: 1; }
.chart text { font-size: 13px; fill: #30353a; }
.chart .axis-title { font-size: 14px; fill: #1d2125; }
.chart .label, .chart .value { font-size: 15px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #e3dfd7; }
th { font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #4a4f55; font-size: 0.95rem; }
footer { margin-top: 3rem; border-top: 1px solid #d9d4ca; color: #4a4f55; font-size: 0.9rem; }
@media print { body { background: #fff; margin: 0; } .figure { background: #fff; }
               h2 { break-after: avoid; } svg, table { break-inside: avoid; } }
)css";

} // namespace

// [SECTION] The page ----------------------------------------------------------------

std::string RenderHtml(const VisitSummary& s, const ReportInfo& info) {
    const std::string period = info.from_day + " to " + info.to_day;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>Visit statistics, " +
                      Esc(period) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
    out += "<h1>Visit statistics</h1>\n<p class=\"period\">" + Esc(period) + " &middot; made " +
           Esc(LocalStamp(info.generated_ms)) + "</p>\n";

    if (s.visits == 0) {
        out += "<p>No visits were recorded in this period.</p>\n";
    } else {
        // Key figures.
        const int64_t days_with = static_cast<int64_t>(s.days.size());
        size_t busiest = 0;
        for (size_t h = 1; h < 24; ++h)
            if (s.hours[h] > s.hours[busiest]) busiest = h;
        char hour_range[64];
        std::snprintf(hour_range, sizeof hour_range, "%02zu:00&ndash;%02zu:00", busiest,
                      (busiest + 1) % 24);
        out += "<div class=\"figures\">\n";
        out += Figure("visits", FormatCount(s.visits));
        out += Figure("days with visits", FormatCount(days_with));
        out += Figure("visits a day, on those days",
                      FormatCount((s.visits + days_with / 2) / days_with));
        if (s.detailed_visits > 0)
            out += Figure("median visit", Esc(FormatDuration(s.median_duration_ms)));
        out += Figure("time spent in all", Esc(FormatDuration(s.total_duration_ms)));
        out += Figure("busiest hour", hour_range);
        out += "</div>\n";
        if (s.detailed_visits > 0 && s.detailed_visits < s.visits)
            out += "<p class=\"note\">The median is over the " + FormatCount(s.detailed_visits) +
                   " visits still kept one by one; older visits are kept as daily totals.</p>\n";

        // Visits per day: the last 90 days of the period, empty days included.
        std::map<std::string, int64_t> per_day;
        for (const auto& d : s.days)
            per_day[d.day] = d.visits;
        const int64_t last = DayNumber(info.to_day).value_or(0);
        const int64_t first_of_period = DayNumber(info.from_day).value_or(last);
        const int64_t first = std::max(first_of_period, last - (kDayChartDays - 1));
        std::vector<Bar> days;
        for (int64_t n = first; n <= last; ++n) {
            const std::string day = DayFromNumber(n);
            const int64_t v = per_day.count(day) ? per_day[day] : 0;
            days.push_back({day.substr(5), v, day + ": " + Plural(v, "visit", "visits")});
        }
        ThinLabels(days);
        out += "<h2>Visits per day" +
               std::string(first > first_of_period ? ", the last 90 days" : "") + "</h2>\n";
        out +=
            ColumnChart(days, "Visits per day from " + DayFromNumber(first) + " to " + info.to_day,
                        "day (month-day)", "visits");

        // Visits per month, when the period is longer than the day chart.
        if (first > first_of_period) {
            std::map<std::string, int64_t> per_month;
            for (int64_t n = first_of_period; n <= last; ++n)
                per_month[DayFromNumber(n).substr(0, 7)] += 0; // every month, empty ones too
            for (const auto& d : s.days)
                per_month[d.day.substr(0, 7)] += d.visits;
            std::vector<Bar> months;
            for (const auto& [month, v] : per_month)
                months.push_back({month, v, month + ": " + Plural(v, "visit", "visits")});
            ThinLabels(months);
            out += "<h2>Visits per month</h2>\n";
            out += ColumnChart(months, "Visits per month", "month", "visits");
        }

        // Hours of the day.
        std::vector<Bar> hours;
        for (size_t h = 0; h < 24; ++h) {
            char label[32], tip[96];
            std::snprintf(label, sizeof label, "%zu", h);
            std::snprintf(tip, sizeof tip, "%02zu:00-%02zu:00: ", h, (h + 1) % 24);
            hours.push_back({label, s.hours[h], tip + Plural(s.hours[h], "visit", "visits")});
        }
        out += "<h2>When visits start</h2>\n";
        out += ColumnChart(hours, "Visits by the hour they started in",
                           "hour of the day (local time)", "visits");

        // Languages.
        std::vector<Bar> langs;
        for (const auto& l : s.languages) {
            const int64_t pct = (l.visits * 100 + s.visits / 2) / s.visits;
            langs.push_back(
                {l.language, l.visits, FormatCount(l.visits) + " (" + std::to_string(pct) + " %)"});
        }
        out += "<h2>Languages</h2>\n";
        out += RowChart(langs, "Visits by language", "visits (the language used most in each)");

        // Panels.
        out += "<h2>Panels</h2>\n";
        if (s.panels.empty()) {
            out += "<p>No panel was opened in this period.</p>\n";
        } else {
            std::vector<size_t> by_time(s.panels.size());
            for (size_t i = 0; i < by_time.size(); ++i)
                by_time[i] = i;
            std::stable_sort(by_time.begin(), by_time.end(), [&](size_t a, size_t b) {
                return s.panels[a].total_dwell_ms > s.panels[b].total_dwell_ms;
            });
            std::vector<size_t> time_rank(s.panels.size());
            for (size_t r = 0; r < by_time.size(); ++r)
                time_rank[by_time[r]] = r + 1;
            out += "<table>\n<thead><tr><th class=\"n\">#</th><th>panel</th>"
                   "<th class=\"n\">views</th><th class=\"n\">time in all</th>"
                   "<th class=\"n\">rank by time</th><th class=\"n\">average view</th>"
                   "<th class=\"n\">images seen a view</th></tr></thead>\n<tbody>\n";
            for (size_t i = 0; i < s.panels.size(); ++i) {
                const auto& p = s.panels[i];
                const int64_t avg = p.views ? p.total_dwell_ms / p.views : 0;
                char images[32];
                std::snprintf(images, sizeof images, "%.1f",
                              p.views ? static_cast<double>(p.images_viewed) /
                                            static_cast<double>(p.views)
                                      : 0.0);
                out += "<tr><td class=\"n\">" + std::to_string(i + 1) + "</td><td>" +
                       Esc(p.panel_id) + "</td><td class=\"n\">" + FormatCount(p.views) +
                       "</td><td class=\"n\">" + Esc(FormatDuration(p.total_dwell_ms)) +
                       "</td><td class=\"n\">" + std::to_string(time_rank[i]) +
                       "</td><td class=\"n\">" + Esc(FormatDuration(avg)) +
                       "</td><td class=\"n\">" + images + "</td></tr>\n";
            }
            out += "</tbody>\n</table>\n";
        }
    }

    out += "<footer>\n<p>A visit lasts from the touch that wakes the kiosk to the visitor's last "
           "touch; the idle time before the kiosk returns to its welcome screen is not counted. "
           "A panel's time runs from opening it to leaving it (or to the last touch). Days and "
           "hours are the kiosk's local time.</p>\n<p>" +
           Esc(VisitsPrivacyNote()) + "</p>\n</footer>\n</body>\n</html>\n";
    return out;
}

} // namespace kiosk::stats
