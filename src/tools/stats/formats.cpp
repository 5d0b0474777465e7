// The plain reports: text (the same words as the kiosk's visits-report.txt),
// CSV for a spreadsheet and JSON for a program. Times are whole seconds.

#include "storage/visits_report.h"
#include "tools/stats/stats.h"

#include <cstdio>
#include <string_view>

namespace kiosk::stats {

namespace {

int64_t Seconds(int64_t ms) {
    return (ms + 500) / 1000;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break. A cell
// that a spreadsheet would run as a formula (it starts with = + - @, or a tab
// or CR that some strip first) gets a leading apostrophe, so a panel id such
// as =HYPERLINK(...) is shown as text, never run.
std::string CsvField(std::string s) {
    if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos)
        s.insert(0, 1, '\'');
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::string Row(const std::string& section, const std::string& key, const std::string& visits,
                const std::string& seconds, const std::string& views = "",
                const std::string& images = "") {
    return section + "," + CsvField(key) + "," + visits + "," + seconds + "," + views + "," +
           images + "\n";
}

} // namespace

std::string RenderText(const VisitSummary& s, const ReportInfo& info) {
    std::string out =
        VisitsReportText(s, "Visit statistics, " + info.from_day + " to " + info.to_day);
    out += "\n";
    out += VisitsPrivacyNoteText();
    return out;
}

std::string RenderCsv(const VisitSummary& s) {
    // One table, a section per kind of row, so it opens in any spreadsheet
    // and filters by the first column.
    std::string out = "section,key,visits,seconds,views,images_viewed\n";
    out += Row("summary", "visits", std::to_string(s.visits), "");
    out += Row("summary", "time_in_all", "", std::to_string(Seconds(s.total_duration_ms)));
    out += Row("summary", "median_visit", "", std::to_string(Seconds(s.median_duration_ms)));
    out += Row("summary", "visits_kept_in_detail", std::to_string(s.detailed_visits), "");
    for (const auto& d : s.days)
        out += Row("day", d.day, std::to_string(d.visits),
                   std::to_string(Seconds(d.total_duration_ms)));
    for (size_t h = 0; h < s.hours.size(); ++h) {
        char hour[32];
        std::snprintf(hour, sizeof hour, "%02zu", h);
        out += Row("hour", hour, std::to_string(s.hours[h]), "");
    }
    for (const auto& l : s.languages)
        out += Row("language", l.language, std::to_string(l.visits), "");
    for (const auto& p : s.panels)
        out += Row("panel", p.panel_id, "", std::to_string(Seconds(p.total_dwell_ms)),
                   std::to_string(p.views), std::to_string(p.images_viewed));
    return out;
}

std::string RenderJson(const VisitSummary& s, const ReportInfo& info) {
    std::string out = "{\n";
    out += "  \"from_day\": " + JsonString(info.from_day) + ",\n";
    out += "  \"to_day\": " + JsonString(info.to_day) + ",\n";
    out += "  \"visits\": " + std::to_string(s.visits) + ",\n";
    out += "  \"time_in_all_seconds\": " + std::to_string(Seconds(s.total_duration_ms)) + ",\n";
    out += "  \"median_visit_seconds\": " + std::to_string(Seconds(s.median_duration_ms)) + ",\n";
    out += "  \"visits_kept_in_detail\": " + std::to_string(s.detailed_visits) + ",\n";
    out += "  \"days\": [";
    for (size_t i = 0; i < s.days.size(); ++i)
        out += std::string(i ? ",\n" : "\n") + "    {\"day\": " + JsonString(s.days[i].day) +
               ", \"visits\": " + std::to_string(s.days[i].visits) +
               ", \"seconds\": " + std::to_string(Seconds(s.days[i].total_duration_ms)) + "}";
    out += s.days.empty() ? "],\n" : "\n  ],\n";
    out += "  \"hours\": [";
    for (size_t h = 0; h < s.hours.size(); ++h)
        out += (h ? ", " : "") + std::to_string(s.hours[h]);
    out += "],\n";
    out += "  \"languages\": [";
    for (size_t i = 0; i < s.languages.size(); ++i)
        out += std::string(i ? ",\n" : "\n") +
               "    {\"language\": " + JsonString(s.languages[i].language) +
               ", \"visits\": " + std::to_string(s.languages[i].visits) + "}";
    out += s.languages.empty() ? "],\n" : "\n  ],\n";
    out += "  \"panels\": [";
    for (size_t i = 0; i < s.panels.size(); ++i) {
        const auto& p = s.panels[i];
        out += std::string(i ? ",\n" : "\n") + "    {\"panel\": " + JsonString(p.panel_id) +
               ", \"views\": " + std::to_string(p.views) +
               ", \"seconds\": " + std::to_string(Seconds(p.total_dwell_ms)) +
               ", \"images_viewed\": " + std::to_string(p.images_viewed) + "}";
    }
    out += s.panels.empty() ? "]\n" : "\n  ]\n";
    out += "}\n";
    return out;
}

} // namespace kiosk::stats
