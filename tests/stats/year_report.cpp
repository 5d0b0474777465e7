// stats-year-report [--days N] [--per-day N] [--keep DIR]: the benchmark of
// the statistics on a busy kiosk (default: a year at 300 visits a day, about
// 110 000 visits). Generates visits.db, then times the summary, each report
// format and kiosk-stats' whole run, and the first retention that folds it
// all. --keep DIR keeps the reports and the database. It checks what the reports say (exit 1 when
// wrong) and prints the times; it never judges a time: benchmarks report, tests never time.

#include "stats/support.h"
#include "storage/visits.h"
#include "support/temp_dir.h"
#include "tools/stats/stats.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& why) {
    std::cerr << "stats-year-report: " << why << "\n";
    std::exit(1);
}

double Since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Bytes this process handed to write(2) so far (/proc/self/io wchar): what
// SQLite asks the card to take, before the filesystem's own overhead.
int64_t BytesWritten() {
    std::ifstream io("/proc/self/io");
    std::string key;
    int64_t value = 0;
    while (io >> key >> value)
        if (key == "wchar:") return value;
    return 0;
}

void Row(const char* what, double seconds, const std::string& extra = "") {
    std::printf("  %-56s %8.3f s  %s\n", what, seconds, extra.c_str());
}

} // namespace

int main(int argc, char** argv) {
    int days = 365, per_day = 300;
    std::string keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--days")
            days = std::atoi(argv[i + 1]);
        else if (a == "--per-day")
            per_day = std::atoi(argv[i + 1]);
        else if (a == "--keep")
            keep = argv[i + 1];
        else
            Fail("usage: stats-year-report [--days N] [--per-day N] [--keep DIR]");
    }
    ::setenv("TZ", "UTC", 1); // the expected day counts below are UTC days
    ::tzset();
    try {
        kiosk::test::TempDir dir;
        const std::string db = dir / "visits.db";
        const int64_t first = kiosk::test::UtcMs("2024-01-01");
        const int64_t now = first + static_cast<int64_t>(days) * kiosk::test::kDayMs;
        const int64_t expected = static_cast<int64_t>(days) * per_day;

        auto t = Clock::now();
        const auto visits = kiosk::test::GenerateVisits(first, days, per_day);
        size_t views = 0;
        for (const auto& v : visits)
            views += v.panels.size();
        const double generate_s = Since(t);
        t = Clock::now();
        {
            kiosk::VisitStore store(db);
            store.AddAll(visits);
        }
        const double write_s = Since(t);
        const auto bytes = std::filesystem::file_size(db);
        std::printf("Visit statistics for %d days at %d visits a day: %lld visits, %zu panel "
                    "views, visits.db %.1f MB\n",
                    days, per_day, static_cast<long long>(expected), views,
                    static_cast<double>(bytes) / 1e6);
        Row("generate the visits (test data)", generate_s);
        Row("write them (one transaction)", write_s);

        kiosk::VisitStoreOptions ro;
        ro.read_only = true;
        const kiosk::VisitStore store(db, ro);
        t = Clock::now();
        const kiosk::VisitSummary summary = store.Summarise();
        Row("summary of all visits (VisitStore::Summarise)", Since(t));
        if (summary.visits != expected)
            Fail("the summary counts " + std::to_string(summary.visits) + " visits, not " +
                 std::to_string(expected));
        if (static_cast<int>(summary.days.size()) != days)
            Fail("the summary has " + std::to_string(summary.days.size()) + " days");

        kiosk::stats::ReportInfo info;
        info.from_day = summary.FirstDay();
        info.to_day = summary.LastDay();
        info.generated_ms = now;
        for (auto format : {kiosk::stats::Format::Text, kiosk::stats::Format::Csv,
                            kiosk::stats::Format::Json, kiosk::stats::Format::Html}) {
            t = Clock::now();
            const std::string report = kiosk::stats::Render(summary, format, info);
            const std::string what = std::string("render ") + kiosk::stats::FormatName(format);
            Row(what.c_str(), Since(t), std::to_string(report.size() / 1024) + " KiB");
            if (format == kiosk::stats::Format::Html && report.find("<svg") == std::string::npos)
                Fail("the HTML report has no chart");
            if (format == kiosk::stats::Format::Csv &&
                report.find("summary,visits," + std::to_string(expected) + ",") ==
                    std::string::npos)
                Fail("the CSV report does not give the total");
            if (format == kiosk::stats::Format::Json &&
                (report.front() != '{' ||
                 report.find("\"visits\": " + std::to_string(expected)) == std::string::npos))
                Fail("the JSON report does not give the total");
            if (!keep.empty()) {
                std::filesystem::create_directories(keep);
                std::ofstream(keep + "/year-report." + kiosk::stats::FormatName(format)) << report;
            }
        }
        t = Clock::now();
        const std::string html = kiosk::stats::MakeReport(db, kiosk::stats::Format::Html, "", now);
        Row("kiosk-stats --format html, whole run", Since(t));
        if (!keep.empty())
            std::filesystem::copy_file(db, keep + "/visits.db",
                                       std::filesystem::copy_options::overwrite_existing);
        t = Clock::now();
        const std::string month =
            kiosk::stats::MakeReport(db, kiosk::stats::Format::Html, "2024-12-01", now);
        Row("kiosk-stats --since (last month), whole run", Since(t));

        // The kiosk's own writes: one transaction per visit, as it runs.
        for (const bool sync_each : {false, true}) {
            const std::string one_by_one = dir / (sync_each ? "full.db" : "normal.db");
            kiosk::VisitStoreOptions options;
            options.sync_each_visit = sync_each;
            kiosk::VisitStore kiosk_store(one_by_one, options);
            const int64_t written_before = BytesWritten();
            t = Clock::now();
            const int n = std::min<int>(1000, static_cast<int>(visits.size()));
            for (int i = 0; i < n; ++i)
                kiosk_store.Add(visits[static_cast<size_t>(i)]);
            const double add_s = Since(t);
            const int64_t written = BytesWritten() - written_before;
            const std::string what = std::string("1000 visits saved one by one, synchronous=") +
                                     (sync_each ? "FULL" : "NORMAL");
            char per_visit[96];
            std::snprintf(per_visit, sizeof per_visit, "%.2f ms and %.1f KiB written a visit",
                          add_s * 1000 / n, static_cast<double>(written) / 1024 / n);
            Row(what.c_str(), add_s, per_visit);
        }

        // The first retention run on a kiosk whose year has all expired.
        {
            kiosk::VisitStore rw(db);
            t = Clock::now();
            const int64_t folded = rw.ApplyRetention(now + 800 * kiosk::test::kDayMs);
            Row("retention folding the whole year", Since(t), std::to_string(folded) + " visits");
            if (folded != expected) Fail("retention folded " + std::to_string(folded));
            t = Clock::now();
            const kiosk::VisitSummary folded_summary = rw.Summarise();
            Row("summary of the folded year", Since(t));
            if (folded_summary.visits != expected || folded_summary.hours != summary.hours)
                Fail("the folded year does not add up to the same visits and hours");
        }
        return 0;
    } catch (const std::exception& e) {
        Fail(e.what());
    }
}
