// The kiosk's own writable database of visit statistics, visits.db (issue 7).
// Not the exhibit package: its own application_id ('KVIS'), its own schema
// versions (user_version), WAL journal.
//
// Writes and the SD card: one transaction per visit, at the visit's end.
// In WAL mode with synchronous=NORMAL a commit appends the visit's few pages
// to the -wal file without an fsync; the pages reach the database file at a
// checkpoint (about every 1000 pages, i.e. every couple of hundred visits),
// where pages written many times are written once. Per-event writes (every
// touch, every panel) would be a hundred times more.
//
// What survives what:
//   - the kiosk crashing or being killed: every visit that ended; the visit
//     in progress is lost (tested by killing a writer at random moments);
//   - a power cut: the database is never damaged; with synchronous=NORMAL
//     the last visits committed before the kernel wrote them out (its
//     writeback delay, about 30 s) can be lost too. VisitStoreOptions::
//     sync_each_visit (synchronous=FULL) makes every ended visit survive a
//     power cut, at the cost of one fsync per visit (a few hundred a day).
//
// Privacy: a visit's start is stored rounded down to the quarter hour (the
// reports need the hour; an exact time could be matched to a person on a
// camera), with its length, language and the panels opened. No touch
// positions, no device or person identifiers.
#pragma once

#include "core/error.h"
#include "core/visit_summary.h"
#include "core/visit_tracker.h"
#include "storage/sqlite.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

// visits.db cannot be opened, read or written (the message says which file and why).
struct VisitsError : Error {
    using Error::Error;
};

inline constexpr int64_t kVisitsApplicationId = 0x4B564953; // 'KVIS'
inline constexpr int64_t kVisitsSchemaVersion = 1;
inline constexpr int kDefaultRetentionDays = 730;               // two years
inline constexpr int64_t kVisitStartResolutionMs = 15 * 60'000; // stored starts: quarter hours

struct VisitStoreOptions {
    bool read_only = false;       // reports: never writes, never migrates
    bool sync_each_visit = false; // synchronous=FULL instead of NORMAL (see above)
};

class VisitStore {
  public:
    using Summary = VisitSummary;

    // Opens (read-write: creates or migrates) the visits database at `path`.
    // Throws VisitsError when it cannot be opened, is not a visits database
    // (an exhibit package, say), or was written by a newer kiosk.
    explicit VisitStore(const std::string& path, VisitStoreOptions options = {});

    // For the kiosk at start-up: like the constructor, but a damaged file
    // (not a database, or failing quick_check) is moved aside to PATH.broken
    // and a new one created, so statistics go on; `note` (optional) then says
    // what happened, for the log. A file that is not a visits database, or
    // is newer, is left alone and VisitsError thrown.
    static VisitStore OpenOrReplace(const std::string& path, std::string* note = nullptr,
                                    VisitStoreOptions options = {});

    // Writes a visit and its panel views in one transaction: after it
    // returns, the visit is committed. Throws VisitsError (nothing written).
    void Add(const Visit& visit);
    // Several visits in one transaction (imports, generated test data).
    void AddAll(const std::vector<Visit>& visits);

    // Folds visits that started before local midnight `retention_days` ago
    // into per-day counts (daily, daily_hour, daily_language, daily_panel) and
    // deletes them, in one transaction. Returns how many visits were folded.
    // Call at start-up and once a day; cheap when there is nothing to do.
    // Throws ConfigError for retention_days < 1, VisitsError on failure.
    int64_t ApplyRetention(int64_t now_wall_ms, int retention_days = kDefaultRetentionDays);

    // The statistics of visits that started at or after `since_wall_ms`
    // (UTC ms; 0: all), aggregated days included from the local day of
    // `since_wall_ms`. Throws VisitsError.
    VisitSummary Summarise(int64_t since_wall_ms = 0) const;

    int64_t DetailedVisitCount() const; // visits stored one by one
    int64_t TotalVisitCount() const;    // those and the aggregated ones
    // "ok", or PRAGMA integrity_check's first complaint.
    std::string IntegrityCheck() const;
    const std::string& path() const { return m_path; }

  private:
    VisitStore() = default;
    void OpenReadWrite(const VisitStoreOptions& options);
    void OpenReadOnly();
    void CheckIdentity(bool allow_empty);
    void Migrate();
    void Insert(const std::vector<const Visit*>& visits);

    std::string m_path;
    Db m_db;
    bool m_read_only = false;
};

} // namespace kiosk
