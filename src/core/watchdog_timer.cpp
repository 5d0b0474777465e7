#include "core/watchdog_timer.h"

#include <algorithm>

namespace kiosk {

std::optional<int64_t> ParseWatchdogUsec(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v == 0) return std::nullopt;
    return v;
}

WatchdogTimer::WatchdogTimer(int64_t period_usec)
    : m_interval_ms(period_usec > 0 ? std::max<int64_t>(1, period_usec / 2000) : 0) {}

bool WatchdogTimer::Due(int64_t now_ms) const {
    if (!enabled()) return false;
    // A clock that went backwards (it should not: it is monotonic) pings at once.
    return !m_last_ping_ms || now_ms >= *m_last_ping_ms + m_interval_ms || now_ms < *m_last_ping_ms;
}

void WatchdogTimer::Pinged(int64_t now_ms) {
    m_last_ping_ms = now_ms;
}

int64_t WatchdogTimer::MsUntilDue(int64_t now_ms) const {
    if (!enabled()) return -1;
    if (Due(now_ms)) return 0;
    return *m_last_ping_ms + m_interval_ms - now_ms;
}

} // namespace kiosk
