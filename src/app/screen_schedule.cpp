#include "app/screen_schedule.h"

namespace kiosk {

ScreenSchedule::Decision ScreenSchedule::Check(int64_t now_ms, bool touched, bool open_now) {
    Decision d;
    d.closed = m_closed;
    if (now_ms - m_last_check < (touched && m_closed ? 0 : 30'000)) return d;
    m_last_check = now_ms;
    // "Off until opening" ends at the first opening after a closing.
    if (!open_now) m_closed_by_schedule_seen = true;
    if (open_now && m_off_until_change && m_closed_by_schedule_seen) m_off_until_change = false;
    const bool closed = !open_now || m_off_until_change;
    if (closed != m_closed) {
        m_closed = closed;
        d.closed_changed = true;
    }
    d.closed = m_closed;
    // "Off" is asked again on every touch while closed (the touch woke it);
    // "on" whenever the screen should be on and was last asked to be off.
    if (closed || touched || !m_display_on) {
        d.set_display = true;
        d.display_on = !closed;
        m_display_on = !closed;
    }
    return d;
}

void ScreenSchedule::OffUntilOpening(bool open_now) {
    m_off_until_change = true;
    m_closed_by_schedule_seen = !open_now;
    m_last_check = -1'000'000; // decide at the next check
}

} // namespace kiosk
