// Turns the state machine's steps into visit records for the statistics
// (issue 7). Pure: no clock of its own, no SQLite; the app feeds it the state
// before and after every Step and stores the visits it returns.
//
// What a visit is, as recorded:
//   - It starts at the touch that wakes attract mode (Attract -> Home) and
//     ends when the state machine returns to attract mode (the idle reset).
//   - Its length runs from that first touch to the visitor's LAST touch. The
//     idle wait before the reset (idle_timeout + the "Still there?"
//     countdown, 110 s by default) is not counted: nobody was there, and a
//     curator asking "how long do people stay?" wants the time they touched
//     the screen. It is a lower bound: reading after the last touch is not
//     seen.
//   - Its language is the one the visit spent the most time in (up to the
//     last touch); on a tie, the one chosen last. A visitor who reads in
//     Russian for five minutes after two seconds in the default language is a
//     Russian-language visit.
//   - A panel view starts when a panel opens (from Home, or another panel by
//     button or swipe) and ends when the visitor leaves it for Home or another
//     panel, or at the last touch when the visit ends there. "Still there?"
//     over a panel is still that panel (the same view continues when the
//     visitor comes back). Its dwell ends at the last touch on it, like the
//     visit's length. Reopening a panel later is a second view.
//   - Images viewed: the distinct images of the panel shown during the view,
//     counting the first one; 0 for a panel without images.
//   - Staff sessions are not visits: the hidden staff gesture starts from
//     attract mode like a visitor's touch, so a visit during which staff mode
//     opened is dropped whole.
// Nothing about where the screen was touched is kept.
#pragma once

#include "core/model.h"
#include "core/state.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiosk {

struct PanelView {
    std::string panel_id; // the curator's panel id
    int64_t opened_ms = 0;
    int64_t dwell_ms = 0;
    int images_viewed = 0; // distinct images seen, the first one included
};

struct Visit {
    int64_t start_ms = 0;          // UTC ms (the tracker adds the app's wall-clock offset)
    int64_t duration_ms = 0;       // first touch to last touch
    std::string language;          // the language of most of the visit (see above)
    std::vector<PanelView> panels; // in the order they were opened
};

class VisitTracker {
  public:
    // Call after every Step (and after anything else that replaces the state,
    // such as a reload) with the state before and after it. `wall_offset_ms`
    // is wall-clock UTC ms minus the state machine's clock at this moment
    // (0 when the kiosk's clock already is UTC ms); it is applied when the
    // visit is returned, so a clock set by NTP during a visit dates the whole
    // visit correctly. Returns the visit that ended in this step, if any (one
    // step can end a visit and start the next: both are handled).
    std::optional<Visit> Observe(const State& before, const State& after, const Exhibit& exhibit,
                                 int64_t wall_offset_ms = 0);

    // Ends the visit in progress at its last touch (shutdown, exhibit swap):
    // returns it, or nullopt when there is none.
    std::optional<Visit> Flush(int64_t wall_offset_ms = 0);

    bool InVisit() const { return m_in_visit; }

  private:
    void Start(const State& s);
    // The visit in progress, ended at its last touch (nullopt for a staff session).
    std::optional<Visit> Finish(int64_t wall_offset_ms);
    void OpenPanel(const State& s, const Exhibit& ex);
    void ClosePanel(int64_t at_ms);
    void SeeImage(const State& s, const Exhibit& ex);
    void Touched(int64_t at_ms);

    bool m_in_visit = false;
    bool m_staff = false; // staff mode opened during this visit
    int64_t m_start_ms = 0;
    int64_t m_last_touch_ms = 0;

    // Time per language, up to the language in use since m_lang_since_ms.
    std::string m_lang;
    int64_t m_lang_since_ms = 0;
    std::map<std::string, int64_t> m_lang_ms;
    std::map<std::string, int> m_lang_chosen; // language -> when it was last chosen (order)
    int m_lang_changes = 0;

    std::vector<PanelView> m_panels;
    bool m_panel_open = false;
    int m_panel_index = 0;
    std::set<int> m_images_seen;
};

} // namespace kiosk
