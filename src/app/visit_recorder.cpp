#include "app/visit_recorder.h"

#include "app/exhibit_source.h" // KeyOf
#include "core/error.h"
#include "storage/visits_report.h"

#include <chrono>
#include <ctime>
#include <filesystem>

namespace kiosk {

namespace {

int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

struct VisitRecorder::Store {
    Options opt;
    LogFn log;
    std::optional<VisitStore> db;
    FileKey key; // of the file opened: a different one means it was deleted or replaced

    void Open() {
        try {
            std::string note;
            VisitStoreOptions options;
            // One fsync per finished visit (a few hundred a day): a power cut
            // then loses at most the visit in progress.
            options.sync_each_visit = true;
            db.emplace(VisitStore::OpenOrReplace(opt.db_path, &note, options));
            key = KeyOf(opt.db_path);
            if (!note.empty()) log(note);
            db->ApplyRetention(WallMs(), opt.retention_days);
        } catch (const Error& e) {
            log(std::string("no visit statistics: ") + e.what());
            db.reset();
        }
    }

    void Add(const Visit& visit) {
        if (!db) return;
        if (!(KeyOf(opt.db_path) == key)) {
            log(opt.db_path + " was deleted or replaced while the kiosk ran; starting it anew");
            Open();
            if (!db) return;
        }
        try {
            db->Add(visit);
        } catch (const Error& e) {
            log(std::string("a visit could not be recorded: ") + e.what() +
                "; opening the statistics anew");
            Open();
            try {
                if (db) db->Add(visit);
            } catch (const Error& again) {
                log(std::string("the visit is lost: ") + again.what());
            }
        }
    }
};

VisitRecorder::VisitRecorder(Jobs& jobs, Options options, LogFn log)
    : m_jobs(jobs), m_opt(std::move(options)), m_log(std::move(log)) {
    std::error_code ec;
    if (m_opt.db_path.empty() ||
        !std::filesystem::is_directory(std::filesystem::path(m_opt.db_path).parent_path(), ec)) {
        m_log("no visit statistics: the folder of " + m_opt.db_path + " does not exist");
        return;
    }
    m_store = std::make_shared<Store>();
    m_store->opt = m_opt;
    m_store->log = m_log;
    auto store = m_store;
    m_jobs.Post([store]() -> Jobs::Done {
        store->Open();
        return {};
    });
}

void VisitRecorder::Observe(const State& before, const State& after, const Exhibit& exhibit) {
    if (auto visit = m_tracker.Observe(before, after, exhibit, m_opt.wall_offset_ms)) Save(*visit);
}

void VisitRecorder::Save(const Visit& visit) {
    if (!m_store) return;
    m_dirty = true;
    auto store = m_store;
    m_jobs.Post([store, visit]() -> Jobs::Done {
        store->Add(visit);
        return {};
    });
}

void VisitRecorder::MaybeReport(int64_t now) {
    // Hourly, never on every visit: the report reads the whole database.
    if (!m_dirty || now - m_last_report_ms < 3'600'000) return;
    m_last_report_ms = now;
    Report();
}

void VisitRecorder::Report() {
    if (!m_store) return;
    m_dirty = false;
    auto store = m_store;
    const std::string path = m_opt.report_path;
    m_jobs.Post([store, path]() -> Jobs::Done {
        if (!store->db) return {};
        try {
            RefreshVisitsReport(*store->db, path, WallMs());
        } catch (const Error& e) {
            store->log(std::string("the visits report could not be written: ") + e.what());
        }
        return {};
    });
}

void VisitRecorder::Finish() {
    if (auto visit = m_tracker.Flush(m_opt.wall_offset_ms)) Save(*visit);
    Report();
}

std::string VisitRecorder::SummaryOnWorker(int64_t wall_now_ms) const {
    if (!m_store || !m_store->db) return "";
    try {
        // Local midnight today, and six days before it.
        std::time_t t = static_cast<std::time_t>(wall_now_ms / 1000);
        std::tm tm{};
        localtime_r(&t, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        const int64_t midnight = static_cast<int64_t>(std::mktime(&tm)) * 1000;
        return std::to_string(m_store->db->Summarise(midnight).visits) + " today, " +
               std::to_string(m_store->db->Summarise(midnight - 6 * 86'400'000LL).visits) +
               " in the last 7 days";
    } catch (const Error&) {
        return "";
    }
}

} // namespace kiosk
