// storage/visits_report: the plain-text statistics kept at
// <state>/visits-report.txt for kiosk-import's report on the USB stick.

#include "stats/support.h"
#include "storage/visits_report.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using Catch::Contains;
using kiosk::BuildVisitsReport;
using kiosk::RefreshVisitsReport;
using kiosk::VisitStore;
using kiosk::test::MakeView;
using kiosk::test::MakeVisit;
using kiosk::test::TempDir;
using kiosk::test::UtcMs;

namespace {

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("the text report gives the last 30 days and all time in plain words", "[stats][report]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    store.AddAll({
        MakeVisit(UtcMs("2023-12-01", 10), 60'000, "en", {MakeView("the-night", 30'000, 1)}),
        MakeVisit(UtcMs("2024-06-10", 14, 5), 200'000, "az",
                  {MakeView("the-night", 100'000, 2), MakeView("the-names", 50'000, 0)}),
        MakeVisit(UtcMs("2024-06-11", 14, 40), 100'000, "az"),
    });
    const std::string text = BuildVisitsReport(store, UtcMs("2024-06-15", 12));
    CHECK_THAT(text, Contains("Last 30 days (2024-05-17 to 2024-06-15)\n"
                              "  Visits:             2 on 2 days (about 1 a day)\n"
                              "  Median visit:       2 min 30 s\n"));
    CHECK_THAT(text, Contains("  Busiest hours:      14:00-15:00 (2)\n"));
    CHECK_THAT(text, Contains("  Languages:          az 2 (100 %)\n"));
    CHECK_THAT(text, Contains("All time (since 2023-12-01)\n"
                              "  Visits:             3 on 3 days (about 1 a day)\n"));
    CHECK_THAT(text,
               Contains("    1. the-night: 2 views, 2 min 10 s in all, about 1 min 05 s each\n"));
    CHECK_THAT(text, Contains("Nothing that identifies a visitor is recorded"));
}

TEST_CASE("the text report of a kiosk without visits says so", "[stats][report]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const std::string text = BuildVisitsReport(store, UtcMs("2024-06-15", 12));
    CHECK_THAT(text, Contains("Last 30 days (2024-05-17 to 2024-06-15)\n  No visits recorded.\n"));
    CHECK_THAT(text, Contains("All time\n  No visits recorded.\n"));
}

TEST_CASE("the report file is replaced whole, and only when its text changes", "[stats][report]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const std::string path = dir / "visits-report.txt";
    const int64_t now = UtcMs("2024-06-15", 12);
    CHECK(RefreshVisitsReport(store, path, now));
    CHECK(ReadAll(path) == BuildVisitsReport(store, now));
    // Nothing new: no write (the SD card is spared).
    const auto stamp = std::filesystem::last_write_time(path);
    CHECK_FALSE(RefreshVisitsReport(store, path, now + 60'000));
    CHECK(std::filesystem::last_write_time(path) == stamp);
    store.Add(MakeVisit(now - 3600'000, 42'000, "ru"));
    CHECK(RefreshVisitsReport(store, path, now));
    CHECK_THAT(ReadAll(path), Contains("ru 1 (100 %)"));
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("a report that cannot be written is an error naming the file", "[stats][report]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    CHECK_THROWS_WITH(RefreshVisitsReport(store, dir / "missing/visits-report.txt", 0),
                      Contains("missing/visits-report.txt.tmp"));
}
