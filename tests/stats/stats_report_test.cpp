// tools/stats (formats.cpp, html.cpp): the reports kiosk-stats writes, on a
// generated month of a busy kiosk and on small known data.

#include "stats/support.h"
#include "storage/visits.h"
#include "support/temp_dir.h"
#include "tools/stats/stats.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using Catch::Contains;
using kiosk::VisitStore;
using kiosk::VisitSummary;
using kiosk::stats::Format;
using kiosk::stats::MakeReport;
using kiosk::stats::ReportInfo;
using kiosk::test::GenerateVisits;
using kiosk::test::MakeView;
using kiosk::test::MakeVisit;
using kiosk::test::TempDir;
using kiosk::test::UtcMs;

namespace {

size_t CountOf(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// A month of 300 visits a day, once per test run.
const std::string& MonthDb() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string p = dir / "visits.db";
        VisitStore store(p);
        store.AddAll(GenerateVisits(UtcMs("2024-05-01"), 30, 300));
        return p;
    }();
    return path;
}

ReportInfo Info() {
    ReportInfo info;
    info.from_day = "2024-03-01";
    info.to_day = "2024-03-04";
    info.generated_ms = UtcMs("2024-03-05", 8);
    return info;
}

VisitSummary Small() {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    store.AddAll({
        MakeVisit(UtcMs("2024-03-01", 9, 10), 60'000, "en", {MakeView("a, \"quoted\"", 20'000, 1)}),
        MakeVisit(UtcMs("2024-03-03", 15, 45), 600'000, "az", {MakeView("<b>", 500'000, 4)}),
    });
    return store.Summarise();
}

} // namespace

TEST_CASE("a month of a busy kiosk is reported in every format", "[stats][report]") {
    const int64_t now = UtcMs("2024-06-01", 9);
    const std::string csv = MakeReport(MonthDb(), Format::Csv, "", now);
    CHECK_THAT(csv, Contains("summary,visits,9000,"));
    CHECK(CountOf(csv, "\nday,") == 30);
    CHECK(CountOf(csv, "\nhour,") == 24);
    CHECK(CountOf(csv, "\nlanguage,") == 3);
    CHECK(CountOf(csv, "\npanel,") == 12);

    const std::string json = MakeReport(MonthDb(), Format::Json, "", now);
    CHECK_THAT(json, Contains("\"visits\": 9000,"));
    CHECK_THAT(json, Contains("\"from_day\": \"2024-05-01\""));

    const std::string html = MakeReport(MonthDb(), Format::Html, "", now);
    CHECK_THAT(html, Contains("<svg"));
    CHECK(CountOf(html, "<svg") == 3); // days, hours, languages (a month needs no month chart)
    CHECK_THAT(html, Contains("Visits per day</h2>"));

    const std::string text = MakeReport(MonthDb(), Format::Text, "2024-05-25", now);
    CHECK_THAT(text, Contains("Visit statistics, 2024-05-25 to 2024-05-30\n"
                              "  Visits:             1\xE2\x80\xAF"
                              "800 on 6 days (about 300 a day)"));
}

TEST_CASE("the JSON report is valid JSON", "[stats][report]") {
    TempDir dir;
    {
        std::ofstream f(dir / "report.json");
        f << kiosk::stats::RenderJson(Small(), Info());
    }
    if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
        WARN("python3 is not installed: the JSON was not validated");
        return;
    }
    CHECK(std::system(("python3 -m json.tool " + (dir / "report.json") + " >/dev/null").c_str()) ==
          0);
}

TEST_CASE("the HTML report is one page with no scripts and nothing from the network",
          "[stats][report]") {
    const std::string html = kiosk::stats::RenderHtml(Small(), Info());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK_THAT(html, Contains("<svg"));
    for (const char* banned : {"<script", "http:", "https:", "src=", "href=", "url(", "@import"})
        CHECK(html.find(banned) == std::string::npos);
    // Curators' panel ids are text, never markup.
    CHECK_THAT(html, Contains("&lt;b&gt;"));
    CHECK(html.find("<b>") == std::string::npos);
    // Axes are labelled.
    CHECK_THAT(html, Contains(">hour of the day (local time)</text>"));
    CHECK_THAT(html, Contains(">visits</text>"));
    CHECK_THAT(html, Contains("Nothing that identifies a visitor is recorded"));
}

TEST_CASE("a period longer than 90 days also gets a chart per month", "[stats][report]") {
    ReportInfo info = Info();
    info.from_day = "2023-06-01";
    const std::string html = kiosk::stats::RenderHtml(Small(), info);
    CHECK_THAT(html, Contains("Visits per day, the last 90 days</h2>"));
    CHECK_THAT(html, Contains("Visits per month</h2>"));
    CHECK(CountOf(html, "<svg") == 4);
}

TEST_CASE("CSV fields with commas and quotes are quoted", "[stats][report]") {
    const std::string csv = kiosk::stats::RenderCsv(Small());
    CHECK(csv.rfind("section,key,visits,seconds,views,images_viewed\n", 0) == 0);
    CHECK_THAT(csv, Contains("\npanel,\"a, \"\"quoted\"\"\",,20,1,1\n"));
    CHECK_THAT(csv, Contains("\nsummary,median_visit,,330,,\n"));
}

TEST_CASE("CSV cells that a spreadsheet would run as a formula are kept as text",
          "[stats][report]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    // Panel ids from a package made before ids were checked on import.
    store.AddAll(
        {MakeVisit(UtcMs("2024-03-01", 9), 60'000, "en",
                   {MakeView("=HYPERLINK(\"http://x\",\"y\")", 1'000, 0), MakeView("+1", 1'000, 0),
                    MakeView("-2", 1'000, 0), MakeView("@SUM(A1)", 1'000, 0)})});
    const std::string csv = kiosk::stats::RenderCsv(store.Summarise());
    CHECK_THAT(csv, Contains("\npanel,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
    CHECK_THAT(csv, Contains("\npanel,'+1,"));
    CHECK_THAT(csv, Contains("\npanel,'-2,"));
    CHECK_THAT(csv, Contains("\npanel,'@SUM(A1),"));
    CHECK(csv.find(",=") == std::string::npos);
    CHECK(csv.find(",\"=") == std::string::npos);
}

TEST_CASE("a period without visits is reported as such in every format", "[stats][report]") {
    const VisitSummary none;
    CHECK_THAT(kiosk::stats::RenderHtml(none, Info()), Contains("No visits were recorded"));
    CHECK_THAT(kiosk::stats::RenderText(none, Info()), Contains("No visits recorded."));
    CHECK_THAT(kiosk::stats::RenderJson(none, Info()), Contains("\"days\": [],"));
    CHECK_THAT(kiosk::stats::RenderCsv(none), Contains("summary,visits,0,"));
}
