#include "platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

namespace kiosk {

namespace {

// STATUS= is one line; a newline would start a new assignment.
std::string OneLine(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

} // namespace

Watchdog Watchdog::FromEnvironment(LogFn log) {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    const char* usec = std::getenv("WATCHDOG_USEC");
    const bool notify = socket && *socket;
    const int64_t period = notify && usec ? ParseWatchdogUsec(usec).value_or(0) : 0;
    Watchdog w(notify, period, std::move(log));
    if (w.enabled() && w.m_log)
        w.m_log("watchdog: pinging systemd every " + std::to_string(w.interval_ms()) +
                " ms (period " + std::to_string(period / 1000) + " ms)");
    return w;
}

Watchdog::Watchdog(bool notify, int64_t period_usec, LogFn log)
    : m_notify(notify), m_timer(period_usec), m_log(std::move(log)) {}

bool Watchdog::Send(const std::string& message) {
    if (!m_notify) return false;
    const int r = sd_notify(0, message.c_str());
    if (r > 0) {
        m_failing = false;
        return true;
    }
    if (!m_failing && m_log)
        m_log("cannot notify systemd (" + std::string(r < 0 ? std::strerror(-r) : "no socket") +
              "); the watchdog may restart the kiosk");
    m_failing = true;
    return false;
}

void Watchdog::Ready(const std::string& status) {
    if (m_ready) {
        Status(status);
        return;
    }
    m_ready = true;
    Send("READY=1\nSTATUS=" + OneLine(status));
}

void Watchdog::Status(const std::string& status) {
    Send("STATUS=" + OneLine(status));
}

void Watchdog::Stopping() {
    Send("STOPPING=1");
}

void Watchdog::Tick(int64_t now_ms) {
    if (!enabled() || !m_timer.Due(now_ms)) return;
    // Marked as pinged even when the send fails: retrying every frame would
    // only spin; the failure is logged once.
    m_timer.Pinged(now_ms);
    if (Send("WATCHDOG=1")) ++m_pings;
}

int64_t Watchdog::MsUntilDue(int64_t now_ms) const {
    return enabled() ? m_timer.MsUntilDue(now_ms) : -1;
}

} // namespace kiosk
