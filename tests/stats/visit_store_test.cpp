// storage/visits: visits.db — schema and identity, one transaction per visit,
// retention into daily totals, and the summary's numbers on known data.

#include "stats/support.h"
#include "storage/sqlite.h"
#include "storage/visits.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using kiosk::ConfigError;
using kiosk::Db;
using kiosk::Stmt;
using kiosk::VisitsError;
using kiosk::VisitStore;
using kiosk::VisitStoreOptions;
using kiosk::VisitSummary;
using kiosk::test::kDayMs;
using kiosk::test::kMinuteMs;
using kiosk::test::MakeView;
using kiosk::test::MakeVisit;
using kiosk::test::TempDir;
using kiosk::test::UtcMs;

namespace {

int64_t Count(Db& db, const std::string& sql) {
    return db.QueryInt(sql).value_or(-1);
}

VisitStoreOptions ReadOnly() {
    VisitStoreOptions o;
    o.read_only = true;
    return o;
}

} // namespace

// [SECTION] The file ----------------------------------------------------------------

TEST_CASE("a new visits database has its own application id, schema version and a WAL journal",
          "[stats][store]") {
    TempDir dir;
    { VisitStore store(dir / "visits.db"); }
    Db db(dir / "visits.db", SQLITE_OPEN_READONLY);
    CHECK(Count(db, "PRAGMA application_id") == 0x4B564953);
    CHECK(Count(db, "PRAGMA user_version") == kiosk::kVisitsSchemaVersion);
    CHECK(db.QueryText("PRAGMA journal_mode") == "wal");
}

TEST_CASE("reopening a visits database keeps its visits and changes nothing else",
          "[stats][store]") {
    TempDir dir;
    {
        VisitStore store(dir / "visits.db");
        store.Add(MakeVisit(UtcMs("2024-05-01", 10), 60'000, "en"));
    }
    VisitStore again(dir / "visits.db");
    CHECK(again.DetailedVisitCount() == 1);
    CHECK(again.IntegrityCheck() == "ok");
}

TEST_CASE("an exhibit package or another database is refused as visits.db and left untouched",
          "[stats][store]") {
    TempDir dir;
    {
        Db pkg(dir / "exhibit.kiosk", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        pkg.Exec("PRAGMA application_id=1263095635; CREATE TABLE panel(id TEXT)");
        Db other(dir / "other.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        other.Exec("CREATE TABLE notes(text TEXT)");
    }
    CHECK_THROWS_WITH(VisitStore(dir / "exhibit.kiosk"),
                      Catch::Contains("is an exhibit package, not a visits database"));
    CHECK_THROWS_WITH(VisitStore(dir / "other.db"), Catch::Contains("is not a visits database"));
    std::string note;
    CHECK_THROWS_AS(VisitStore::OpenOrReplace(dir / "exhibit.kiosk", &note), VisitsError);
    CHECK(note.empty());
    Db pkg(dir / "exhibit.kiosk", SQLITE_OPEN_READONLY);
    CHECK(Count(pkg, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'visit'") == 0);
}

TEST_CASE("a visits database written by a newer kiosk is refused", "[stats][store]") {
    TempDir dir;
    { VisitStore store(dir / "visits.db"); }
    {
        Db db(dir / "visits.db", SQLITE_OPEN_READWRITE);
        db.Exec("PRAGMA user_version=99");
    }
    CHECK_THROWS_WITH(VisitStore(dir / "visits.db"), Catch::Contains("newer kiosk"));
    CHECK_THROWS_WITH(VisitStore(dir / "visits.db", ReadOnly()), Catch::Contains("newer kiosk"));
}

TEST_CASE("a damaged visits.db is moved aside and a new one started", "[stats][store]") {
    TempDir dir;
    {
        std::ofstream f(dir / "visits.db", std::ios::binary);
        f << std::string(8192, 'x');
    }
    std::string note;
    VisitStore store = VisitStore::OpenOrReplace(dir / "visits.db", &note);
    CHECK_THAT(note, Catch::Contains("was damaged") && Catch::Contains("visits.db.broken"));
    CHECK(std::filesystem::file_size(dir / "visits.db.broken") == 8192);
    store.Add(MakeVisit(UtcMs("2024-05-01", 10), 1000, "en"));
    CHECK(store.DetailedVisitCount() == 1);

    std::string second_note;
    VisitStore sound = VisitStore::OpenOrReplace(dir / "visits.db", &second_note);
    CHECK(second_note.empty());
    CHECK(sound.DetailedVisitCount() == 1);
}

TEST_CASE("reading a missing visits database says so and creates nothing", "[stats][store]") {
    TempDir dir;
    CHECK_THROWS_WITH(VisitStore(dir / "none.db", ReadOnly()),
                      Catch::Contains("there is no visits database at"));
    CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
}

// [SECTION] Writing visits ------------------------------------------------------------

TEST_CASE("a visit and its panel views come back as written, the start rounded to the quarter "
          "hour",
          "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    store.Add(MakeVisit(UtcMs("2024-05-01", 10, 37, 12), 185'000, "az",
                        {MakeView("the-night", 60'000, 2), MakeView("the-names", 90'000, 0)}));
    Db db(dir / "visits.db", SQLITE_OPEN_READONLY);
    Stmt v(db, "SELECT id, start_utc_ms, duration_ms, language FROM visit");
    REQUIRE(v.Step());
    CHECK(v.Int(1) == UtcMs("2024-05-01", 10, 30));
    CHECK(v.Int(2) == 185'000);
    CHECK(v.Text(3) == "az");
    Stmt p(db, "SELECT visit_id, position, panel_id, dwell_ms, images_viewed FROM panel_view "
               "ORDER BY position");
    REQUIRE(p.Step());
    CHECK(p.Int(0) == v.Int(0));
    CHECK(p.Int(1) == 0);
    CHECK(p.Text(2) == "the-night");
    CHECK(p.Int(3) == 60'000);
    CHECK(p.Int(4) == 2);
    REQUIRE(p.Step());
    CHECK(p.Int(1) == 1);
    CHECK(p.Text(2) == "the-names");
    CHECK_FALSE(p.Step());
}

TEST_CASE("a visit is committed when Add returns: another connection sees it at once",
          "[stats][store]") {
    TempDir dir;
    VisitStore kiosk_side(dir / "visits.db");
    const VisitStore report_side(dir / "visits.db", ReadOnly());
    CHECK(report_side.DetailedVisitCount() == 0);
    kiosk_side.Add(MakeVisit(UtcMs("2024-05-01", 10), 60'000, "en", {MakeView("a", 1000, 1)}));
    CHECK(report_side.DetailedVisitCount() == 1);
    CHECK(report_side.Summarise().panels.size() == 1);
}

TEST_CASE("a visit whose panel views cannot be written leaves no row at all", "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    {
        // A stand-in for a failure half-way through a visit (a full disk, say).
        Db db(dir / "visits.db", SQLITE_OPEN_READWRITE);
        db.Exec("CREATE TRIGGER fail AFTER INSERT ON panel_view WHEN NEW.panel_id = 'boom' "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    }
    store.Add(MakeVisit(UtcMs("2024-05-01", 9), 1000, "en", {MakeView("fine", 1000, 1)}));
    CHECK_THROWS_WITH(store.Add(MakeVisit(UtcMs("2024-05-01", 10), 1000, "en",
                                          {MakeView("fine", 1000, 1), MakeView("boom", 1, 1)})),
                      Catch::Contains("cannot save visits") && Catch::Contains("disk full"));
    CHECK(store.DetailedVisitCount() == 1);
    Db db(dir / "visits.db", SQLITE_OPEN_READONLY);
    CHECK(Count(db, "SELECT COUNT(*) FROM panel_view") == 1);
    // The store goes on working after the failed visit.
    store.Add(MakeVisit(UtcMs("2024-05-01", 11), 1000, "en", {MakeView("fine", 1000, 1)}));
    CHECK(store.DetailedVisitCount() == 2);
}

TEST_CASE("a store opened read-only refuses to write", "[stats][store]") {
    TempDir dir;
    { VisitStore store(dir / "visits.db"); }
    VisitStore ro(dir / "visits.db", ReadOnly());
    CHECK_THROWS_AS(ro.Add(MakeVisit(0, 0, "en")), VisitsError);
    CHECK_THROWS_AS(ro.ApplyRetention(UtcMs("2024-05-01")), VisitsError);
}

// [SECTION] Retention -------------------------------------------------------------------

TEST_CASE("retention folds visits older than two years into daily totals and deletes them",
          "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const int64_t now = UtcMs("2024-06-15", 12);
    store.AddAll({
        MakeVisit(UtcMs("2022-01-10", 9, 5), 60'000, "en", {MakeView("a", 30'000, 2)}),
        MakeVisit(UtcMs("2022-01-10", 14, 20), 120'000, "az",
                  {MakeView("a", 10'000, 1), MakeView("b", 50'000, 0)}),
        // 730 days before 2024-06-15 12:00 is 2022-06-16 12:00: that whole day is kept.
        MakeVisit(UtcMs("2022-06-15", 23, 59), 30'000, "ru"), // the last day folded
        MakeVisit(UtcMs("2022-06-16", 0, 0), 40'000, "ru"),   // the first day kept
        MakeVisit(UtcMs("2024-06-01", 10), 300'000, "az", {MakeView("b", 200'000, 3)}),
    });
    const VisitSummary before = store.Summarise();

    CHECK(store.ApplyRetention(now) == 3);
    CHECK(store.DetailedVisitCount() == 2);
    CHECK(store.TotalVisitCount() == 5);
    {
        Db db(dir / "visits.db", SQLITE_OPEN_READONLY);
        CHECK(Count(db, "SELECT visits FROM daily WHERE day = '2022-01-10'") == 2);
        CHECK(Count(db, "SELECT total_duration_ms FROM daily WHERE day = '2022-01-10'") == 180'000);
        CHECK(Count(db, "SELECT visits FROM daily_hour WHERE day = '2022-01-10' AND hour = 14") ==
              1);
        CHECK(Count(db, "SELECT visits FROM daily_language WHERE day = '2022-06-15'") == 1);
        CHECK(Count(db, "SELECT views FROM daily_panel WHERE day = '2022-01-10' AND "
                        "panel_id = 'a'") == 2);
        CHECK(Count(db, "SELECT dwell_ms FROM daily_panel WHERE panel_id = 'a'") == 40'000);
        CHECK(Count(db, "SELECT COUNT(*) FROM panel_view") == 1);
    }

    // The summary tells the same story, except the median (detailed visits only).
    const VisitSummary after = store.Summarise();
    CHECK(after.visits == before.visits);
    CHECK(after.total_duration_ms == before.total_duration_ms);
    CHECK(after.hours == before.hours);
    REQUIRE(after.days.size() == before.days.size());
    for (size_t i = 0; i < after.days.size(); ++i) {
        CHECK(after.days[i].day == before.days[i].day);
        CHECK(after.days[i].visits == before.days[i].visits);
    }
    REQUIRE(after.languages.size() == before.languages.size());
    for (size_t i = 0; i < after.languages.size(); ++i)
        CHECK(after.languages[i].visits == before.languages[i].visits);
    REQUIRE(after.panels.size() == 2);
    CHECK(after.panels[0].panel_id == "b");
    CHECK(after.panels[0].views == 2);
    CHECK(after.panels[0].total_dwell_ms == 250'000);
    CHECK(after.panels[0].images_viewed == 3);
    CHECK(after.detailed_visits == 2);
    CHECK(after.median_duration_ms == 170'000);

    // A second run finds nothing more to fold; the totals stay.
    CHECK(store.ApplyRetention(now) == 0);
    CHECK(store.TotalVisitCount() == 5);
}

TEST_CASE("the retention period is configurable and must be at least a day", "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const int64_t now = UtcMs("2024-06-15", 12);
    store.AddAll({MakeVisit(now - 40 * kDayMs, 1000, "en"),
                  MakeVisit(now - 20 * kDayMs, 1000, "en"),
                  MakeVisit(now - kMinuteMs, 1000, "en")});
    CHECK(store.ApplyRetention(now, 30) == 1);
    CHECK(store.ApplyRetention(now, 1) == 1);
    CHECK(store.DetailedVisitCount() == 1);
    CHECK(store.TotalVisitCount() == 3);
    CHECK_THROWS_AS(store.ApplyRetention(now, 0), ConfigError);
}

TEST_CASE("a day folded in two goes adds up", "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const int64_t now = UtcMs("2024-06-15", 12);
    store.Add(MakeVisit(UtcMs("2024-06-01", 10), 1000, "en", {MakeView("a", 500, 1)}));
    CHECK(store.ApplyRetention(now, 7) == 1);
    // A visit dated into the folded day later (the clock was wrong at the time).
    store.Add(MakeVisit(UtcMs("2024-06-01", 16), 3000, "en", {MakeView("a", 700, 2)}));
    CHECK(store.ApplyRetention(now, 7) == 1);
    Db db(dir / "visits.db", SQLITE_OPEN_READONLY);
    CHECK(Count(db, "SELECT visits FROM daily WHERE day = '2024-06-01'") == 2);
    CHECK(Count(db, "SELECT total_duration_ms FROM daily") == 4000);
    CHECK(Count(db, "SELECT views FROM daily_panel") == 2);
    CHECK(Count(db, "SELECT images_viewed FROM daily_panel") == 3);
    CHECK(Count(db, "SELECT visits FROM daily_language WHERE language = 'en'") == 2);
}

// [SECTION] The summary -----------------------------------------------------------------

TEST_CASE("the summary of a known small set of visits has exact totals, median and hours",
          "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    store.AddAll({
        MakeVisit(UtcMs("2024-03-01", 9, 10), 60'000, "en", {MakeView("a", 20'000, 1)}),
        MakeVisit(UtcMs("2024-03-01", 9, 50), 240'000, "az",
                  {MakeView("a", 30'000, 2), MakeView("b", 100'000, 0)}),
        MakeVisit(UtcMs("2024-03-01", 15, 0), 30'000, "az"),
        MakeVisit(UtcMs("2024-03-03", 15, 45), 600'000, "az", {MakeView("c", 500'000, 4)}),
        MakeVisit(UtcMs("2024-03-04", 23, 59), 90'000, "ru", {MakeView("b", 80'000, 1)}),
    });
    const VisitSummary s = store.Summarise();
    CHECK(s.visits == 5);
    CHECK(s.detailed_visits == 5);
    CHECK(s.total_duration_ms == 1'020'000);
    CHECK(s.median_duration_ms == 90'000);
    REQUIRE(s.days.size() == 3);
    CHECK(s.days[0].day == "2024-03-01");
    CHECK(s.days[0].visits == 3);
    CHECK(s.days[0].total_duration_ms == 330'000);
    CHECK(s.days[1].day == "2024-03-03");
    CHECK(s.days[2].day == "2024-03-04");
    CHECK(s.FirstDay() == "2024-03-01");
    CHECK(s.LastDay() == "2024-03-04");
    CHECK(s.hours[9] == 2);
    CHECK(s.hours[15] == 2);
    CHECK(s.hours[23] == 1);
    CHECK(s.hours[10] == 0);
    REQUIRE(s.languages.size() == 3);
    CHECK(s.languages[0].language == "az");
    CHECK(s.languages[0].visits == 3);
    REQUIRE(s.panels.size() == 3);
    // a and b have two views each; b has more time, so it comes first.
    CHECK(s.panels[0].panel_id == "b");
    CHECK(s.panels[0].views == 2);
    CHECK(s.panels[0].total_dwell_ms == 180'000);
    CHECK(s.panels[1].panel_id == "a");
    CHECK(s.panels[1].images_viewed == 3);
    CHECK(s.panels[2].panel_id == "c");

    SECTION("since a date counts the visits from that day on") {
        const VisitSummary later = store.Summarise(UtcMs("2024-03-03"));
        CHECK(later.visits == 2);
        CHECK(later.median_duration_ms == 345'000); // the mean of the middle two
        CHECK(later.days.size() == 2);
        CHECK(later.panels.size() == 2);
    }
}

TEST_CASE("an empty visits database summarises to zero", "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    const VisitSummary s = store.Summarise();
    CHECK(s.visits == 0);
    CHECK(s.median_duration_ms == 0);
    CHECK(s.days.empty());
    CHECK(s.FirstDay().empty());
}

TEST_CASE("days and hours are the kiosk's local time", "[stats][store]") {
    TempDir dir;
    VisitStore store(dir / "visits.db");
    store.Add(MakeVisit(UtcMs("2024-03-01", 22, 30), 1000, "en")); // 02:30 next day in Baku
    ::setenv("TZ", "Asia/Baku", 1);
    ::tzset();
    const VisitSummary s = store.Summarise();
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    REQUIRE(s.days.size() == 1);
    CHECK(s.days[0].day == "2024-03-02");
    CHECK(s.hours[2] == 1);
}
