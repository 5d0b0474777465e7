// tools/stats (cli.cpp): kiosk-stats' arguments, exit codes and messages.

#include "stats/support.h"
#include "storage/sqlite.h"
#include "storage/visits.h"
#include "support/temp_dir.h"
#include "tools/stats/stats.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using Catch::Contains;
using kiosk::VisitStore;
using kiosk::test::MakeVisit;
using kiosk::test::TempDir;
using kiosk::test::UtcMs;

namespace {

struct Result {
    int code = -1;
    std::string out, err;
};

Result RunStats(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Result r;
    r.code = kiosk::stats::Run(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

} // namespace

TEST_CASE("kiosk-stats writes the chosen format to a file or the terminal", "[stats][cli]") {
    TempDir dir;
    {
        VisitStore store(dir / "visits.db");
        store.Add(MakeVisit(UtcMs("2024-05-01", 10), 60'000, "en"));
    }
    const Result text = RunStats({"--db", dir / "visits.db"});
    CHECK(text.code == 0);
    CHECK_THAT(text.out, Contains("Visits:             1 on 1 day"));
    CHECK(text.err.empty());

    const Result html =
        RunStats({"--db", dir / "visits.db", "--format", "html", "-o", dir / "report.html"});
    CHECK(html.code == 0);
    CHECK(html.out.empty());
    std::ifstream f(dir / "report.html");
    std::stringstream page;
    page << f.rdbuf();
    CHECK_THAT(page.str(), Contains("<svg"));

    const Result since =
        RunStats({"--db", dir / "visits.db", "--since", "2024-05-02", "--format", "csv"});
    CHECK(since.code == 0);
    CHECK_THAT(since.out, Contains("summary,visits,0,"));
}

TEST_CASE("kiosk-stats: a wrong command line is exit code 2 with the usage", "[stats][cli]") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--format", "pdf"},
                                                                  {"--since", "2024-02-30"},
                                                                  {"--since", "yesterday"},
                                                                  {"--db"},
                                                                  {"--colour"}}) {
        const Result r = RunStats(args);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Contains("kiosk-stats: ") && Contains("usage: kiosk-stats"));
    }
    const Result help = RunStats({"--help"});
    CHECK(help.code == 0);
    CHECK_THAT(help.out, Contains("usage: kiosk-stats"));
}

TEST_CASE("kiosk-stats: a database it cannot read is exit code 1 and one plain sentence",
          "[stats][cli]") {
    TempDir dir;
    {
        std::ofstream f(dir / "garbage.db", std::ios::binary);
        f << std::string(4096, 'x');
        kiosk::Db pkg(dir / "exhibit.kiosk", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        pkg.Exec("PRAGMA application_id=1263095635; CREATE TABLE panel(id TEXT)");
    }
    const Result missing = RunStats({"--db", dir / "none.db"});
    CHECK(missing.code == 1);
    CHECK(missing.err == "kiosk-stats: there is no visits database at " + (dir / "none.db") + "\n");
    const Result garbage = RunStats({"--db", dir / "garbage.db"});
    CHECK(garbage.code == 1);
    CHECK_THAT(garbage.err, Contains("file is not a database"));
    CHECK(std::count(garbage.err.begin(), garbage.err.end(), '\n') == 1);
    const Result package = RunStats({"--db", dir / "exhibit.kiosk"});
    CHECK(package.code == 1);
    CHECK_THAT(package.err, Contains("it is an exhibit package, not a visits database"));
    { VisitStore store(dir / "visits.db"); }
    const Result unwritable =
        RunStats({"--db", dir / "visits.db", "-o", dir / "no/such/folder/report.html"});
    CHECK(unwritable.code == 1);
    CHECK_THAT(unwritable.err, Contains("cannot write " + (dir / "no/such/folder/report.html")));
}
