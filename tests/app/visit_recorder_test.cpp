// app/visit_recorder: visits from the state machine's steps into visits.db
// on the jobs worker; a visits.db deleted while running is started anew.

#include "app/visit_recorder.h"

#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace kiosk;
using kiosk::test::TempDir;

namespace {

Exhibit OnePanel() {
    Exhibit ex;
    ex.id = "test";
    ex.languages = {"en"};
    ex.default_language = "en";
    ex.panels.resize(1);
    ex.panels[0].id = "p1";
    return ex;
}

// One visit: a touch leaves attract at `t`, the visit ends 10 s later.
void OneVisit(VisitRecorder& r, const Exhibit& ex, int64_t t) {
    State attract;
    attract.screen = Screen::Attract;
    attract.now_ms = t;
    State home = attract;
    home.screen = Screen::Home;
    home.last_touch_ms = t;
    home.visits = 1;
    r.Observe(attract, home, ex);
    State back = home;
    back.screen = Screen::Attract;
    back.now_ms = t + 10'000;
    r.Observe(home, back, ex);
}

int64_t Count(const std::string& db) {
    return VisitStore(db).TotalVisitCount();
}

} // namespace

TEST_CASE("finished visits are stored by the worker") {
    TempDir tmp;
    Jobs jobs([] {}, [](const std::string&) {});
    std::vector<std::string> log;
    VisitRecorder r(jobs, {tmp / "visits.db", tmp / "report.txt", 730, 0},
                    [&](const std::string& l) { log.push_back(l); });
    const Exhibit ex = OnePanel();
    OneVisit(r, ex, 1000);
    r.Finish();
    jobs.WaitIdle();
    CHECK(Count(tmp / "visits.db") == 1);
    CHECK(fs::exists(tmp / "report.txt"));
}

TEST_CASE("a visits.db deleted while the kiosk runs is logged and started anew") {
    TempDir tmp;
    Jobs jobs([] {}, [](const std::string&) {});
    std::vector<std::string> log;
    VisitRecorder r(jobs, {tmp / "visits.db", tmp / "report.txt", 730, 0},
                    [&](const std::string& l) { log.push_back(l); });
    const Exhibit ex = OnePanel();
    OneVisit(r, ex, 1000);
    jobs.WaitIdle();
    fs::remove(tmp / "visits.db");
    fs::remove(tmp / "visits.db-wal");
    fs::remove(tmp / "visits.db-shm");
    OneVisit(r, ex, 60'000);
    jobs.WaitIdle();
    CHECK(Count(tmp / "visits.db") == 1);
    bool said = false;
    for (const auto& l : log)
        said |= l.find("was deleted or replaced while the kiosk ran") != std::string::npos;
    CHECK(said);
}
