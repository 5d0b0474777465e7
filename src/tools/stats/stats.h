// kiosk-stats: reports on the kiosk's visit statistics (visits.db), for
// curators (HTML with charts, plain text) and for spreadsheets (CSV, JSON).
// A library, so kiosk-import can put the same report on a USB stick.
#pragma once

#include "core/error.h"
#include "core/visit_summary.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace kiosk::stats {

enum class Format { Text, Csv, Json, Html };

// "text", "csv", "json", "html".
const char* FormatName(Format format);
std::optional<Format> ParseFormat(const std::string& name);

struct Options {
    std::string db = "/var/lib/kiosk/visits.db"; // --db FILE
    std::string since;                           // --since YYYY-MM-DD (local), "" for all
    Format format = Format::Text;                // --format text|csv|json|html
    std::string output;                          // -o FILE, "" for standard output
    bool help = false;
};

// A wrong command line (exit code 2).
struct UsageError : ConfigError {
    using ConfigError::ConfigError;
};

// Parses the arguments after the program name. Throws UsageError.
Options ParseArgs(const std::vector<std::string>& args);
std::string UsageText();

// What a report says about itself besides the numbers.
struct ReportInfo {
    std::string from_day; // first day of the period (--since, else the first visit's)
    std::string to_day;   // last day: the last visit's (today when there is none)
    int64_t generated_ms = 0;
};

// The report in `format` for a summary. Pure: no files, no clock.
std::string Render(const VisitSummary& summary, Format format, const ReportInfo& info);
std::string RenderText(const VisitSummary& summary, const ReportInfo& info);
std::string RenderCsv(const VisitSummary& summary);
std::string RenderJson(const VisitSummary& summary, const ReportInfo& info);
std::string RenderHtml(const VisitSummary& summary, const ReportInfo& info);

// Opens `db` read-only and renders its report for the visits since local
// midnight of `since` ("" for all) as of `now_ms` (UTC ms). Throws
// VisitsError when the database cannot be read, UsageError for a bad date.
std::string MakeReport(const std::string& db, Format format, const std::string& since,
                       int64_t now_ms);

// The whole program: returns its exit code (0 ok, 1 the database cannot be
// read or the output written, 2 usage), messages on `err` as one sentence.
int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace kiosk::stats
