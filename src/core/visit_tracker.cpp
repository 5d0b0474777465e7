#include "core/visit_tracker.h"

#include <algorithm>
#include <utility>

namespace kiosk {

namespace {

// Screens on which a visitor is (or may still be) at the kiosk.
bool InVisitScreen(Screen screen) {
    return screen == Screen::Home || screen == Screen::Panel || screen == Screen::StillThere;
}

// "Still there?" over a panel keeps that panel's view open: the visitor who
// answers it comes back to the same panel.
bool OnPanel(const State& s) {
    return s.screen == Screen::Panel ||
           (s.screen == Screen::StillThere && s.resume_screen == Screen::Panel);
}

const Panel* PanelAt(const Exhibit& ex, int index) {
    if (index < 0 || index >= static_cast<int>(ex.panels.size())) return nullptr;
    return &ex.panels[static_cast<size_t>(index)];
}

} // namespace

std::optional<Visit> VisitTracker::Observe(const State& before, const State& after,
                                           const Exhibit& ex, int64_t wall_offset_ms) {
    std::optional<Visit> ended;
    // One Step can run the idle reset and then take the touch that starts the
    // next visit, so the screen alone does not show a new visit: the counter does.
    const bool new_visit = InVisitScreen(after.screen) &&
                           (!InVisitScreen(before.screen) || after.visits != before.visits);
    if (m_in_visit) {
        // `before` is the last state of the visit in progress: its last touch
        // is the visit's end if this step resets.
        if (InVisitScreen(before.screen)) Touched(before.last_touch_ms);
        if (!InVisitScreen(after.screen) || new_visit) ended = Finish(wall_offset_ms);
    }
    if (!InVisitScreen(after.screen)) return ended;
    if (!m_in_visit) Start(after);
    if (after.admin != AdminScreen::None) m_staff = true;

    Touched(after.last_touch_ms);
    if (after.lang != m_lang) {
        m_lang_ms[m_lang] += std::max<int64_t>(0, after.now_ms - m_lang_since_ms);
        m_lang = after.lang;
        m_lang_since_ms = after.now_ms;
        m_lang_chosen[m_lang] = ++m_lang_changes;
    }
    const bool on_panel = OnPanel(after);
    // Leaving a panel is a touch (Home, Back, another panel, a swipe), so its
    // dwell ends at the latest touch.
    if (m_panel_open && (!on_panel || after.panel != m_panel_index)) ClosePanel(m_last_touch_ms);
    if (on_panel && !m_panel_open) OpenPanel(after, ex);
    if (m_panel_open) SeeImage(after, ex);
    return ended;
}

std::optional<Visit> VisitTracker::Flush(int64_t wall_offset_ms) {
    if (!m_in_visit) return std::nullopt;
    return Finish(wall_offset_ms);
}

void VisitTracker::Start(const State& s) {
    m_in_visit = true;
    m_staff = false;
    m_start_ms = s.now_ms;
    m_last_touch_ms = s.now_ms;
    m_lang = s.lang;
    m_lang_since_ms = s.now_ms;
    m_lang_ms.clear();
    m_lang_chosen.clear();
    m_lang_changes = 0;
    m_lang_chosen[m_lang] = 0;
    m_panels.clear();
    m_panel_open = false;
    m_images_seen.clear();
}

void VisitTracker::Touched(int64_t at_ms) {
    m_last_touch_ms = std::max(m_last_touch_ms, at_ms);
}

void VisitTracker::OpenPanel(const State& s, const Exhibit& ex) {
    m_panel_open = true;
    m_panel_index = s.panel;
    const Panel* panel = PanelAt(ex, s.panel);
    // An index outside the exhibit cannot come from Step; keep the view
    // rather than lose the visit, under a name that says what happened.
    PanelView view;
    view.panel_id = panel ? panel->id : "#" + std::to_string(s.panel);
    view.opened_ms = s.now_ms;
    m_panels.push_back(std::move(view));
    m_images_seen.clear();
}

void VisitTracker::SeeImage(const State& s, const Exhibit& ex) {
    const Panel* panel = PanelAt(ex, m_panel_index);
    if (!panel || PictureCount(*panel) == 0) return; // images, then videos
    m_images_seen.insert(std::clamp(s.image, 0, PictureCount(*panel) - 1));
}

void VisitTracker::ClosePanel(int64_t at_ms) {
    PanelView& view = m_panels.back();
    view.dwell_ms = std::max<int64_t>(0, at_ms - view.opened_ms);
    view.images_viewed = static_cast<int>(m_images_seen.size());
    m_panel_open = false;
}

std::optional<Visit> VisitTracker::Finish(int64_t wall_offset_ms) {
    if (m_staff) {
        m_in_visit = m_panel_open = m_staff = false;
        m_panels.clear();
        return std::nullopt;
    }
    if (m_panel_open) ClosePanel(m_last_touch_ms);
    m_lang_ms[m_lang] += std::max<int64_t>(0, m_last_touch_ms - m_lang_since_ms);

    // The language in use now was chosen last, so starting from it makes it
    // win ties; among the others, the later choice wins.
    std::string best = m_lang;
    for (const auto& [lang, ms] : m_lang_ms) {
        const int64_t best_ms = m_lang_ms.at(best);
        if (ms > best_ms || (ms == best_ms && m_lang_chosen.at(lang) > m_lang_chosen.at(best)))
            best = lang;
    }

    Visit v;
    v.start_ms = m_start_ms + wall_offset_ms;
    v.duration_ms = std::max<int64_t>(0, m_last_touch_ms - m_start_ms);
    v.language = best;
    v.panels = std::move(m_panels);
    for (PanelView& p : v.panels)
        p.opened_ms += wall_offset_ms;
    m_panels.clear();
    m_in_visit = false;
    m_panel_open = false;
    return v;
}

} // namespace kiosk
