// Opening hours: whether the exhibit is closed now, and what to ask of the
// screen's power. Pure decisions on an injected time; the app runs the
// display commands on its jobs worker. While closed nothing is drawn; a
// touch that wakes the screen through X is answered by switching it off again.
#pragma once

#include "core/schedule.h"

#include <cstdint>

namespace kiosk {

class ScreenSchedule {
  public:
    explicit ScreenSchedule(Schedule schedule) : m_schedule(std::move(schedule)) {}

    struct Decision {
        bool closed_changed = false; // log it; on opening, the visit state starts afresh
        bool closed = false;
        bool set_display = false; // ask the screen to be `display_on`
        bool display_on = true;
    };

    // Every ~30 s, and at once for a touch while closed. `open_now` is the
    // schedule's verdict for this moment (IsOpen on the local time).
    Decision Check(int64_t now_ms, bool touched, bool open_now);

    // Staff: the screen stays off until the schedule next opens the exhibit
    // (after it has closed once, when it is open now).
    void OffUntilOpening(bool open_now);

    bool closed() const { return m_closed; }
    const Schedule& schedule() const { return m_schedule; }

  private:
    Schedule m_schedule;
    bool m_closed = false;
    bool m_off_until_change = false;
    bool m_closed_by_schedule_seen = false;
    bool m_display_on = true; // what was last asked of the screen
    int64_t m_last_check = -1'000'000;
};

} // namespace kiosk
