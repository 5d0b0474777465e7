#include "app/import_watch.h"

#include <cstdlib>
#include <ctime>

namespace kiosk {

ShownImportStatus ShowImportStatus(const std::optional<ImportStatus>& status, bool lock_held,
                                   int64_t now_s) {
    if (!status || status->message.empty()) return {};
    const bool running = IsRunningPhase(status->phase) && lock_held;
    const bool recent = std::llabs(static_cast<long long>(now_s - status->time)) < 60;
    // A running phase whose import is gone is stale, however recent.
    if (running) return {status->message, static_cast<float>(status->progress)};
    if (recent && !IsRunningPhase(status->phase)) return {status->message, -1};
    return {};
}

ImportWatch::ImportWatch(Jobs& jobs, std::string state_dir, LogFn log)
    : m_jobs(jobs), m_state_dir(std::move(state_dir)), m_log(std::move(log)) {}

bool ImportWatch::Poll(int64_t now_ms, int64_t interval_ms) {
    if (!m_pending && now_ms - m_last_poll >= interval_ms) {
        m_last_poll = now_ms;
        m_pending = true;
        const std::string dir = m_state_dir;
        m_jobs.Post([this, dir]() -> Jobs::Done {
            const auto status = StateFolder::Existing(dir).ReadImportStatus();
            const ShownImportStatus shown =
                ShowImportStatus(status, status && ImportLockHeld(dir), std::time(nullptr));
            return [this, shown] {
                m_pending = false;
                if (shown == m_shown) return;
                if (!shown.line.empty() && shown.line != m_shown.line)
                    m_log("import status: " + shown.line);
                m_shown = shown;
                m_changed = true;
            };
        });
    }
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

} // namespace kiosk
