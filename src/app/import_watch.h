// The USB import's progress on the public screen: kiosk-import writes
// <state>/import-status; the kiosk shows it while an import runs and for a
// minute after it ended. A running phase is trusted only while the import
// lock is held: after a power cut mid-import the status still says
// "copying" with a pid that may now belong to anything.
#pragma once

#include "app/jobs.h"
#include "storage/state_folder.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace kiosk {

struct ShownImportStatus {
    std::string line;    // "" : nothing to show
    float progress = -1; // 0..1 while an import runs, else -1
    bool operator==(const ShownImportStatus&) const = default;
};

// Pure: what to show for `status` at wall time `now_s`.
ShownImportStatus ShowImportStatus(const std::optional<ImportStatus>& status, bool lock_held,
                                   int64_t now_s);

class ImportWatch {
  public:
    using LogFn = std::function<void(const std::string&)>;
    ImportWatch(Jobs& jobs, std::string state_dir, LogFn log);

    // Render thread: every `interval_ms` asks the jobs worker to read the
    // status. Returns true when what is shown changed (since the last call).
    bool Poll(int64_t now_ms, int64_t interval_ms = 500);
    const ShownImportStatus& shown() const { return m_shown; }

  private:
    Jobs& m_jobs;
    std::string m_state_dir;
    LogFn m_log;
    ShownImportStatus m_shown;
    bool m_pending = false;
    bool m_changed = false;
    int64_t m_last_poll = -1'000'000;
};

} // namespace kiosk
