// Visit statistics: turns the state machine's steps into visits (through
// core's VisitTracker) and stores them in visits.db. The database is used
// only on the jobs worker: a visit's fsync never holds up a frame.
// visits.db is the kiosk's own; when it cannot be used the kiosk goes on
// without statistics and says why. A visits.db deleted, replaced or damaged
// while the kiosk runs is logged and started anew, so later visits count.
#pragma once

#include "app/jobs.h"
#include "core/visit_tracker.h"
#include "storage/visits.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiosk {

class VisitRecorder {
  public:
    using LogFn = std::function<void(const std::string&)>;
    struct Options {
        std::string db_path;        // "" or in a missing folder: no statistics
        std::string report_path;    // the text summary the USB import copies to the stick
        int retention_days = 730;   // older visits are kept as daily counts
        int64_t wall_offset_ms = 0; // wall clock minus the kiosk's clock
    };
    VisitRecorder(Jobs& jobs, Options options, LogFn log);

    // Render thread, after every Step: records the visit that ended, if any.
    void Observe(const State& before, const State& after, const Exhibit& exhibit);

    // Render thread: refreshes the report hourly when visits were added.
    void MaybeReport(int64_t now);

    // Render thread, at exit: the visit in progress and a last report (the
    // caller then waits for the jobs worker).
    void Finish();

    // Worker only (inside a job): "N today, M in the last 7 days", "" when
    // there are no statistics.
    std::string SummaryOnWorker(int64_t wall_now_ms) const;

  private:
    struct Store; // touched on the worker only
    void Save(const Visit& visit);
    void Report();
    Jobs& m_jobs;
    Options m_opt;
    LogFn m_log;
    std::shared_ptr<Store> m_store;
    VisitTracker m_tracker;
    bool m_dirty = false;
    int64_t m_last_report_ms = 0;
};

} // namespace kiosk
