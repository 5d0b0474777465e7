// The kiosk's word to systemd (sd_notify): READY=1 once the first frame is on
// screen, WATCHDOG=1 from the render loop, STATUS= lines that
// `systemctl status kiosk` shows. A render loop that hangs stops pinging, and
// systemd kills and restarts the kiosk after WatchdogSec.
//
// Why WATCHDOG_USEC is read here and WATCHDOG_PID is ignored on purpose:
// under xinit the kiosk is not the service's main process (the xinit wrapper
// is), and systemd sets WATCHDOG_PID to that main PID. sd_watchdog_enabled()
// would therefore answer "not for this process" and the kiosk would never
// ping. The unit sets NotifyAccess=all so systemd accepts the kiosk's
// messages, and kiosk-session hands NOTIFY_SOCKET to the kiosk alone (Xorg
// would otherwise send its own READY=1 before the first frame).
//
// Without NOTIFY_SOCKET (a desktop, the tests) every call does nothing.
#pragma once

#include "core/watchdog_timer.h"

#include <cstdint>
#include <functional>
#include <string>

namespace kiosk {

class Watchdog {
  public:
    using LogFn = std::function<void(const std::string&)>;

    // Reads NOTIFY_SOCKET and WATCHDOG_USEC from the environment. `log`
    // receives one line when the watchdog is on, and a failure to notify once.
    static Watchdog FromEnvironment(LogFn log);

    // `notify`: a notify socket is there; `period_usec` <= 0: no watchdog.
    Watchdog(bool notify, int64_t period_usec, LogFn log);

    bool notify() const { return m_notify; }
    bool enabled() const { return m_notify && m_timer.enabled(); }
    int64_t interval_ms() const { return m_timer.interval_ms(); }

    // READY=1 with a status line. Call once the first frame is on screen;
    // later calls only update the status.
    void Ready(const std::string& status);
    // STATUS=... (one line, what `systemctl status` shows).
    void Status(const std::string& status);
    // STOPPING=1: a clean stop, not a crash.
    void Stopping();

    // Sends WATCHDOG=1 when due. Call every pass of the render loop with the
    // real monotonic time in ms, never the scripted mode's fake clock.
    void Tick(int64_t now_ms);
    // How long the loop may sleep before Tick must run again: clamp the wait
    // for events with it. -1: no watchdog, no limit.
    int64_t MsUntilDue(int64_t now_ms) const;

    int64_t pings_sent() const { return m_pings; }

  private:
    // Sends one message; a failure is logged once, until a send works again.
    bool Send(const std::string& message);

    bool m_notify = false;
    bool m_ready = false;
    bool m_failing = false;
    int64_t m_pings = 0;
    WatchdogTimer m_timer;
    LogFn m_log;
};

} // namespace kiosk
