// When to tell the service manager that the kiosk is alive. systemd kills and
// restarts the kiosk when no WATCHDOG=1 arrives within WatchdogSec; pinging at
// half that period leaves room for one slow frame without a false alarm.
// Pure: the caller passes the monotonic time, so it is tested on a fake clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiosk {

// The watchdog period from WATCHDOG_USEC's text; nullopt when it is absent,
// not a positive number of microseconds, or zero (no watchdog). The PID in
// WATCHDOG_PID is deliberately not checked here: see platform/watchdog.h.
std::optional<int64_t> ParseWatchdogUsec(std::string_view text);

class WatchdogTimer {
  public:
    // `period_usec` <= 0: no watchdog; Due() is never true.
    explicit WatchdogTimer(int64_t period_usec);

    bool enabled() const { return m_interval_ms > 0; }
    // Half the period, at least 1 ms; 0 without a watchdog.
    int64_t interval_ms() const { return m_interval_ms; }

    // True when a ping should be sent at `now_ms` (always true before the first one).
    bool Due(int64_t now_ms) const;
    // Records a ping sent at `now_ms`.
    void Pinged(int64_t now_ms);
    // How long the loop may sleep from `now_ms` before the next ping is due:
    // 0 when due now, -1 without a watchdog (sleep as long as you like).
    int64_t MsUntilDue(int64_t now_ms) const;

  private:
    int64_t m_interval_ms = 0;
    std::optional<int64_t> m_last_ping_ms;
};

} // namespace kiosk
