// [SECTION] Schema and helpers
// [SECTION] Opening: identity, journal, migrations
// [SECTION] Writing visits
// [SECTION] Retention
// [SECTION] Reading: summary, counts, integrity

#include "storage/visits.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace kiosk {

// [SECTION] Schema and helpers ------------------------------------------------

namespace {

constexpr int64_t kPackageApplicationId = 0x4B494F53; // 'KIOS': an exhibit package
constexpr int64_t kDayMs = 86'400'000;
constexpr int kBusyTimeoutMs = 5000; // a report reading while the kiosk commits

// kMigrations[i] takes the schema from version i to i + 1. Never edit a
// shipped entry: add one.
constexpr const char* kMigrations[] = {
    // 1: visits one by one, and what is left of them after the retention period.
    R"sql(
CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    start_utc_ms INTEGER NOT NULL,           -- rounded down to the quarter hour
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    language TEXT NOT NULL
);
CREATE INDEX visit_by_start ON visit(start_utc_ms);
-- Clustered by visit: a visit's panels sit together, and no extra index.
CREATE TABLE panel_view (
    visit_id INTEGER NOT NULL REFERENCES visit(id),
    position INTEGER NOT NULL,               -- 0, 1, ... in the order opened
    panel_id TEXT NOT NULL,
    dwell_ms INTEGER NOT NULL CHECK (dwell_ms >= 0),
    images_viewed INTEGER NOT NULL CHECK (images_viewed >= 0),
    PRIMARY KEY (visit_id, position)
) WITHOUT ROWID;
-- Per local day, for visits older than the retention period.
CREATE TABLE daily (
    day TEXT PRIMARY KEY,                    -- YYYY-MM-DD, local
    visits INTEGER NOT NULL,
    total_duration_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE daily_hour (
    day TEXT NOT NULL,
    hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    visits INTEGER NOT NULL,
    PRIMARY KEY (day, hour)
) WITHOUT ROWID;
CREATE TABLE daily_language (
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    visits INTEGER NOT NULL,
    PRIMARY KEY (day, language)
) WITHOUT ROWID;
CREATE TABLE daily_panel (
    day TEXT NOT NULL,
    panel_id TEXT NOT NULL,
    views INTEGER NOT NULL,
    dwell_ms INTEGER NOT NULL,
    images_viewed INTEGER NOT NULL,
    PRIMARY KEY (day, panel_id)
) WITHOUT ROWID;
)sql",
};
static_assert(std::size(kMigrations) == kVisitsSchemaVersion);

// Db and Stmt word their errors for the exhibit package ("the package cannot
// be read (REASON)"); messages about visits.db keep only SQLite's reason.
std::string Reason(const std::exception& e) {
    const std::string m = e.what();
    const std::string prefix = "the package cannot be read (";
    if (m.size() > prefix.size() && m.compare(0, prefix.size(), prefix) == 0 && m.back() == ')')
        return m.substr(prefix.size(), m.size() - prefix.size() - 1);
    return m;
}

// BEGIN IMMEDIATE ... COMMIT; rolls back when left without Commit (an
// exception on its way up), so a visit is written whole or not at all.
class Transaction {
  public:
    explicit Transaction(Db& db) : m_db(db) { m_db.Exec("BEGIN IMMEDIATE", "starting a write"); }
    ~Transaction() {
        // The error that brought us here is already on its way up; a failed
        // ROLLBACK adds nothing to it (SQLite rolls back on its own then).
        if (!m_done) (void)sqlite3_exec(m_db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit() {
        m_db.Exec("COMMIT", "committing");
        m_done = true;
    }

  private:
    Db& m_db;
    bool m_done = false;
};

int64_t FloorTo(int64_t value, int64_t step) {
    const int64_t q = value / step - ((value % step != 0 && value < 0) ? 1 : 0);
    return q * step;
}

bool FileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

// A file: URI for `path` (percent-encoding what a URI may not hold as is).
std::string FileUri(const std::string& path) {
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            uri += buf;
        }
    }
    return uri;
}

} // namespace

// [SECTION] Opening: identity, journal, migrations ----------------------------

VisitStore::VisitStore(const std::string& path, VisitStoreOptions options) : m_path(path) {
    if (options.read_only)
        OpenReadOnly();
    else
        OpenReadWrite(options);
}

void VisitStore::OpenReadWrite(const VisitStoreOptions& options) {
    m_read_only = false;
    try {
        m_db = Db(m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (sqlite3_busy_timeout(m_db.get(), kBusyTimeoutMs) != SQLITE_OK)
            throw VisitsError(sqlite3_errmsg(m_db.get()));
        CheckIdentity(true);
        // WAL: the kiosk's commits never wait for a report being read, and a
        // commit is an append (see visits.h for what survives a power cut).
        const auto mode = m_db.QueryText("PRAGMA journal_mode=WAL");
        if (!mode || *mode != "wal")
            throw VisitsError("the WAL journal cannot be used (journal mode " +
                              mode.value_or("unknown") + ")");
        m_db.Exec(options.sync_each_visit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
                  "setting synchronous");
        // SQLite's default, said out loud: fold the WAL into the database
        // about every 4 MB; keep the WAL file from growing past 8 MB after.
        m_db.Exec("PRAGMA wal_autocheckpoint=1000", "setting wal_autocheckpoint");
        (void)m_db.QueryInt("PRAGMA journal_size_limit=8388608");
        m_db.Exec("PRAGMA foreign_keys=ON", "enabling foreign keys");
        Migrate();
    } catch (const VisitsError& e) {
        throw VisitsError("cannot use the visits database " + m_path + ": " + e.what());
    } catch (const std::exception& e) {
        throw VisitsError("cannot use the visits database " + m_path + ": " + Reason(e));
    }
}

void VisitStore::OpenReadOnly() {
    m_read_only = true;
    if (!FileExists(m_path)) throw VisitsError("there is no visits database at " + m_path);
    try {
        try {
            m_db = Db(m_path, SQLITE_OPEN_READONLY);
            if (sqlite3_busy_timeout(m_db.get(), kBusyTimeoutMs) != SQLITE_OK)
                throw VisitsError(sqlite3_errmsg(m_db.get()));
            CheckIdentity(false);
        } catch (const VisitsError&) {
            throw;
        } catch (const std::exception&) {
            // Reading a WAL database needs its -shm file; a reader who may not
            // create it (another user, kiosk stopped) can still read the file
            // as it is, which is then the whole story (the WAL was folded in
            // when the kiosk closed it).
            m_db = Db(FileUri(m_path) + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
            CheckIdentity(false);
        }
    } catch (const VisitsError& e) {
        throw VisitsError("cannot read the visits database " + m_path + ": " + e.what());
    } catch (const std::exception& e) {
        throw VisitsError("cannot read the visits database " + m_path + ": " + Reason(e));
    }
}

// Refuses files that are not ours. `allow_empty`: a new, empty file is fine
// (it is about to get the schema).
void VisitStore::CheckIdentity(bool allow_empty) {
    const int64_t app = m_db.QueryInt("PRAGMA application_id").value_or(0);
    const int64_t version = m_db.QueryInt("PRAGMA user_version").value_or(0);
    if (app == kPackageApplicationId)
        throw VisitsError("it is an exhibit package, not a visits database");
    if (app != 0 && app != kVisitsApplicationId)
        throw VisitsError("it is not a visits database (application_id " + std::to_string(app) +
                          ")");
    if (app == 0) {
        const int64_t tables = m_db.QueryInt("SELECT COUNT(*) FROM sqlite_schema").value_or(0);
        if (tables > 0) throw VisitsError("it is not a visits database");
        if (!allow_empty) throw VisitsError("it holds no visits yet (an empty database)");
    }
    if (version > kVisitsSchemaVersion)
        throw VisitsError("it was written by a newer kiosk (schema version " +
                          std::to_string(version) + ", this one knows " +
                          std::to_string(kVisitsSchemaVersion) + ")");
    if (!allow_empty && version < kVisitsSchemaVersion)
        throw VisitsError("it was written by an older kiosk; start the kiosk once to update it");
}

void VisitStore::Migrate() {
    Transaction tx(m_db);
    // Read again inside the write lock: another process may have just done it.
    const int64_t version = m_db.QueryInt("PRAGMA user_version").value_or(0);
    if (version >= kVisitsSchemaVersion) return; // nothing to do; the rollback is harmless
    for (int64_t v = version; v < kVisitsSchemaVersion; ++v)
        m_db.Exec(kMigrations[v], "updating the schema");
    m_db.Exec("PRAGMA application_id=" + std::to_string(kVisitsApplicationId),
              "setting application_id");
    m_db.Exec("PRAGMA user_version=" + std::to_string(kVisitsSchemaVersion),
              "setting user_version");
    tx.Commit();
}

VisitStore VisitStore::OpenOrReplace(const std::string& path, std::string* note,
                                     VisitStoreOptions options) {
    options.read_only = false;
    bool broken = false;
    std::string why;
    if (FileExists(path)) {
        // Probe without writing: is this a database at all, and is it sound?
        try {
            Db probe(path, SQLITE_OPEN_READWRITE);
            try {
                const auto check = probe.QueryText("PRAGMA quick_check(1)");
                if (!check || *check != "ok") {
                    broken = true;
                    why = check.value_or("quick_check said nothing");
                }
            } catch (const std::exception& e) {
                const int rc = sqlite3_errcode(probe.get()) & 0xff;
                // Only damage is repaired by starting afresh; a busy or
                // unreadable file (permissions, I/O) is reported as it is.
                if (rc != SQLITE_CORRUPT && rc != SQLITE_NOTADB) throw;
                broken = true;
                why = Reason(e);
            }
        } catch (const std::exception& e) {
            if (!broken)
                throw VisitsError("cannot use the visits database " + path + ": " + Reason(e));
        }
    }
    if (broken) {
        // One copy of the damaged file is kept for a technician; an older one goes.
        std::error_code ec;
        std::filesystem::rename(path, path + ".broken", ec);
        if (ec)
            throw VisitsError("the visits database " + path + " is damaged (" + why +
                              ") and cannot be moved aside: " + ec.message());
        for (const char* suffix : {"-wal", "-shm"}) {
            std::filesystem::remove(path + ".broken" + suffix, ec);
            std::filesystem::rename(path + suffix, path + ".broken" + suffix, ec);
        }
        if (note)
            *note = "the visits database " + path + " was damaged (" + why + "); it was moved to " +
                    path + ".broken and a new one started";
    }
    return VisitStore(path, options);
}

// [SECTION] Writing visits ----------------------------------------------------

void VisitStore::Add(const Visit& visit) {
    Insert({&visit});
}

void VisitStore::AddAll(const std::vector<Visit>& visits) {
    std::vector<const Visit*> all;
    all.reserve(visits.size());
    for (const Visit& v : visits)
        all.push_back(&v);
    Insert(all);
}

void VisitStore::Insert(const std::vector<const Visit*>& visits) {
    if (m_read_only) throw VisitsError("the visits database " + m_path + " was opened read-only");
    try {
        Transaction tx(m_db);
        Stmt add_visit(m_db, "INSERT INTO visit(start_utc_ms, duration_ms, language) "
                             "VALUES(?, ?, ?)");
        Stmt add_panel(m_db, "INSERT INTO panel_view(visit_id, position, panel_id, dwell_ms, "
                             "images_viewed) VALUES(?, ?, ?, ?, ?)");
        for (const Visit* v : visits) {
            add_visit.Bind(1, FloorTo(v->start_ms, kVisitStartResolutionMs))
                .Bind(2, std::max<int64_t>(0, v->duration_ms))
                .Bind(3, v->language)
                .Run();
            const int64_t id = sqlite3_last_insert_rowid(m_db.get());
            int64_t position = 0;
            for (const PanelView& p : v->panels)
                add_panel.Bind(1, id)
                    .Bind(2, position++)
                    .Bind(3, p.panel_id)
                    .Bind(4, std::max<int64_t>(0, p.dwell_ms))
                    .Bind(5, static_cast<int64_t>(std::max(0, p.images_viewed)))
                    .Run();
        }
        tx.Commit();
    } catch (const std::exception& e) {
        throw VisitsError("cannot save visits to " + m_path + ": " + Reason(e));
    }
}

// [SECTION] Retention ---------------------------------------------------------

int64_t VisitStore::ApplyRetention(int64_t now_wall_ms, int retention_days) {
    if (retention_days < 1)
        throw ConfigError("the visit statistics must be kept at least one day (retention " +
                          std::to_string(retention_days) + ")");
    if (m_read_only) throw VisitsError("the visits database " + m_path + " was opened read-only");
    // Whole local days: a day is either kept in detail or folded, so the
    // daily tables never hold half a day.
    const std::string first_kept =
        LocalTimeOf(now_wall_ms - static_cast<int64_t>(retention_days) * kDayMs).day;
    const int64_t cutoff =
        LocalMidnightMs(first_kept)
            .value_or(now_wall_ms - static_cast<int64_t>(retention_days) * kDayMs);
    try {
        Transaction tx(m_db);
        struct DayTotals {
            int64_t visits = 0, duration_ms = 0;
        };
        struct PanelTotals {
            int64_t views = 0, dwell_ms = 0, images = 0;
        };
        std::map<std::string, DayTotals> days;
        std::map<std::pair<std::string, int>, int64_t> hours;
        std::map<std::pair<std::string, std::string>, int64_t> languages;
        std::map<std::pair<std::string, std::string>, PanelTotals> panels;
        std::map<int64_t, std::string> day_of_visit;

        Stmt old(m_db, "SELECT id, start_utc_ms, duration_ms, language FROM visit "
                       "WHERE start_utc_ms < ?");
        old.Bind(1, cutoff);
        while (old.Step()) {
            const LocalDayHour t = LocalTimeOf(old.Int(1));
            DayTotals& d = days[t.day];
            d.visits++;
            d.duration_ms += old.Int(2);
            hours[{t.day, t.hour}]++;
            languages[{t.day, old.Text(3)}]++;
            day_of_visit[old.Int(0)] = t.day;
        }
        if (day_of_visit.empty()) return 0;

        Stmt old_panels(m_db, "SELECT p.visit_id, p.panel_id, p.dwell_ms, p.images_viewed "
                              "FROM panel_view p JOIN visit v ON v.id = p.visit_id "
                              "WHERE v.start_utc_ms < ?");
        old_panels.Bind(1, cutoff);
        while (old_panels.Step()) {
            PanelTotals& p = panels[{day_of_visit.at(old_panels.Int(0)), old_panels.Text(1)}];
            p.views++;
            p.dwell_ms += old_panels.Int(2);
            p.images += old_panels.Int(3);
        }

        // Adding to what is there: a day can be folded in two goes (a clock
        // set back, a time zone changed).
        Stmt add_day(m_db, "INSERT INTO daily(day, visits, total_duration_ms) VALUES(?, ?, ?) "
                           "ON CONFLICT(day) DO UPDATE SET visits = visits + excluded.visits, "
                           "total_duration_ms = total_duration_ms + excluded.total_duration_ms");
        for (const auto& [day, d] : days)
            add_day.Bind(1, day).Bind(2, d.visits).Bind(3, d.duration_ms).Run();
        Stmt add_hour(m_db,
                      "INSERT INTO daily_hour(day, hour, visits) VALUES(?, ?, ?) "
                      "ON CONFLICT(day, hour) DO UPDATE SET visits = visits + excluded.visits");
        for (const auto& [key, n] : hours)
            add_hour.Bind(1, key.first).Bind(2, static_cast<int64_t>(key.second)).Bind(3, n).Run();
        Stmt add_lang(m_db,
                      "INSERT INTO daily_language(day, language, visits) VALUES(?, ?, ?) "
                      "ON CONFLICT(day, language) DO UPDATE SET visits = visits + excluded.visits");
        for (const auto& [key, n] : languages)
            add_lang.Bind(1, key.first).Bind(2, key.second).Bind(3, n).Run();
        Stmt add_panel(m_db, "INSERT INTO daily_panel(day, panel_id, views, dwell_ms, "
                             "images_viewed) VALUES(?, ?, ?, ?, ?) "
                             "ON CONFLICT(day, panel_id) DO UPDATE SET "
                             "views = views + excluded.views, "
                             "dwell_ms = dwell_ms + excluded.dwell_ms, "
                             "images_viewed = images_viewed + excluded.images_viewed");
        for (const auto& [key, p] : panels)
            add_panel.Bind(1, key.first)
                .Bind(2, key.second)
                .Bind(3, p.views)
                .Bind(4, p.dwell_ms)
                .Bind(5, p.images)
                .Run();

        Stmt drop_panels(m_db, "DELETE FROM panel_view WHERE visit_id IN "
                               "(SELECT id FROM visit WHERE start_utc_ms < ?)");
        drop_panels.Bind(1, cutoff).Run();
        Stmt drop_visits(m_db, "DELETE FROM visit WHERE start_utc_ms < ?");
        drop_visits.Bind(1, cutoff).Run();
        tx.Commit();
        return static_cast<int64_t>(day_of_visit.size());
    } catch (const std::exception& e) {
        throw VisitsError("cannot fold old visits in " + m_path + ": " + Reason(e));
    }
}

// [SECTION] Reading: summary, counts, integrity -------------------------------

VisitSummary VisitStore::Summarise(int64_t since_wall_ms) const {
    VisitSummary s;
    s.since_ms = since_wall_ms;
    // Aggregated days count from the local day `since` falls in.
    const std::string since_day = since_wall_ms > 0 ? LocalTimeOf(since_wall_ms).day : "";
    std::map<std::string, VisitSummary::Day> days;
    std::map<std::string, int64_t> languages;
    std::map<std::string, VisitSummary::PanelStat> panels;
    std::vector<int64_t> durations;
    try {
        // A read transaction: one consistent snapshot even while the kiosk
        // commits a visit or folds old ones between two of these queries.
        Stmt(m_db, "BEGIN").Run();
        struct EndRead {
            sqlite3* db;
            // Ending a read cannot lose anything; a failure here leaves the
            // snapshot to the next statement, which SQLite then ends itself.
            ~EndRead() { (void)sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
        } end_read{m_db.get()};

        Stmt visits(m_db, "SELECT start_utc_ms, duration_ms, language FROM visit "
                          "WHERE start_utc_ms >= ?");
        visits.Bind(1, since_wall_ms);
        // Visits arrive roughly in time order: reuse the last local hour's
        // date instead of asking the C library for every row.
        int64_t hour_start = 1, hour_end = 0;
        LocalDayHour hour_time;
        while (visits.Step()) {
            const int64_t start = visits.Int(0);
            const int64_t duration = visits.Int(1);
            if (start < hour_start || start >= hour_end) {
                hour_time = LocalTimeOf(start);
                // Zones move by whole quarter hours: a quarter-hour window
                // never straddles a change of local hour.
                hour_start = FloorTo(start, kVisitStartResolutionMs);
                hour_end = hour_start + kVisitStartResolutionMs;
            }
            VisitSummary::Day& d = days[hour_time.day];
            d.visits++;
            d.total_duration_ms += duration;
            s.hours[static_cast<size_t>(hour_time.hour)]++;
            languages[visits.Text(2)]++;
            durations.push_back(duration);
        }

        Stmt agg_days(m_db, "SELECT day, visits, total_duration_ms FROM daily WHERE day >= ?");
        agg_days.Bind(1, since_day);
        while (agg_days.Step()) {
            VisitSummary::Day& d = days[agg_days.Text(0)];
            d.visits += agg_days.Int(1);
            d.total_duration_ms += agg_days.Int(2);
        }
        Stmt agg_hours(m_db,
                       "SELECT hour, SUM(visits) FROM daily_hour WHERE day >= ? GROUP BY hour");
        agg_hours.Bind(1, since_day);
        while (agg_hours.Step()) {
            const int64_t hour = agg_hours.Int(0);
            if (hour >= 0 && hour < 24) s.hours[static_cast<size_t>(hour)] += agg_hours.Int(1);
        }
        Stmt agg_langs(m_db, "SELECT language, SUM(visits) FROM daily_language WHERE day >= ? "
                             "GROUP BY language");
        agg_langs.Bind(1, since_day);
        while (agg_langs.Step())
            languages[agg_langs.Text(0)] += agg_langs.Int(1);

        // Summed here rather than by GROUP BY: SQLite would sort every view
        // by its text id first, most of a year's report time. Without a
        // period every view counts, and the join is skipped too.
        std::unordered_map<std::string, VisitSummary::PanelStat> by_id;
        Stmt views(m_db, since_wall_ms > 0
                             ? "SELECT p.panel_id, p.dwell_ms, p.images_viewed "
                               "FROM visit v JOIN panel_view p ON p.visit_id = v.id "
                               "WHERE v.start_utc_ms >= ?"
                             : "SELECT panel_id, dwell_ms, images_viewed FROM panel_view");
        if (since_wall_ms > 0) views.Bind(1, since_wall_ms);
        while (views.Step()) {
            VisitSummary::PanelStat& p = by_id[views.Text(0)];
            p.views++;
            p.total_dwell_ms += views.Int(1);
            p.images_viewed += views.Int(2);
        }
        for (auto& [id, stat] : by_id) {
            VisitSummary::PanelStat& p = panels[id];
            p.views += stat.views;
            p.total_dwell_ms += stat.total_dwell_ms;
            p.images_viewed += stat.images_viewed;
        }
        Stmt agg_views(m_db, "SELECT panel_id, SUM(views), SUM(dwell_ms), SUM(images_viewed) "
                             "FROM daily_panel WHERE day >= ? GROUP BY panel_id");
        agg_views.Bind(1, since_day);
        while (agg_views.Step()) {
            VisitSummary::PanelStat& p = panels[agg_views.Text(0)];
            p.views += agg_views.Int(1);
            p.total_dwell_ms += agg_views.Int(2);
            p.images_viewed += agg_views.Int(3);
        }
    } catch (const std::exception& e) {
        throw VisitsError("cannot read the visits database " + m_path + ": " + Reason(e));
    }

    for (auto& [day, d] : days) {
        d.day = day;
        s.visits += d.visits;
        s.total_duration_ms += d.total_duration_ms;
        s.days.push_back(d);
    }
    s.detailed_visits = static_cast<int64_t>(durations.size());
    s.median_duration_ms = Median(durations);
    for (const auto& [lang, n] : languages)
        s.languages.push_back({lang, n});
    std::stable_sort(s.languages.begin(), s.languages.end(),
                     [](const auto& a, const auto& b) { return a.visits > b.visits; });
    for (auto& [id, p] : panels) {
        p.panel_id = id;
        s.panels.push_back(p);
    }
    std::stable_sort(s.panels.begin(), s.panels.end(), [](const auto& a, const auto& b) {
        return std::tie(b.views, b.total_dwell_ms) < std::tie(a.views, a.total_dwell_ms);
    });
    return s;
}

int64_t VisitStore::DetailedVisitCount() const {
    try {
        Stmt st(m_db, "SELECT COUNT(*) FROM visit");
        return st.Step() ? st.Int(0) : 0;
    } catch (const std::exception& e) {
        throw VisitsError("cannot read the visits database " + m_path + ": " + Reason(e));
    }
}

int64_t VisitStore::TotalVisitCount() const {
    try {
        Stmt st(m_db, "SELECT (SELECT COUNT(*) FROM visit) + "
                      "(SELECT COALESCE(SUM(visits), 0) FROM daily)");
        return st.Step() ? st.Int(0) : 0;
    } catch (const std::exception& e) {
        throw VisitsError("cannot read the visits database " + m_path + ": " + Reason(e));
    }
}

std::string VisitStore::IntegrityCheck() const {
    try {
        Stmt st(m_db, "PRAGMA integrity_check(1)");
        return st.Step() ? st.Text(0) : "integrity_check returned nothing";
    } catch (const std::exception& e) {
        return Reason(e);
    }
}

} // namespace kiosk
