#include "core/state.h"

#include <algorithm>
#include <cmath>

namespace kiosk {

namespace {

constexpr int64_t kAnimationFrameMs = 66;   // fades: 15 fps keeps a slow dissolve smooth, and cheap
constexpr int64_t kInteractiveFrameMs = 16; // a finger dragging text
constexpr int64_t kAttractProbeMs = 5;      // attract pacing looks ahead in these steps
constexpr int64_t kAttractMaxSleepMs = 2000;    // a picture that does not pan: wake for the fade
constexpr int64_t kLostReleaseMs = 10 * 60'000; // a touch held this still was never released
constexpr int64_t kScreenFadeMs = 300;          // between screens
constexpr float kStopSpeed = 8.0f;              // px/s below which inertia stops

int PanelCount(const Exhibit& ex) {
    return std::max<int>(1, static_cast<int>(ex.panels.size()));
}

void StartVisit(State& s, int64_t now) {
    s.screen = Screen::Home;
    s.screen_since_ms = now;
    s.last_touch_ms = now;
    s.visits++;
}

void ClampScrolls(State& s) {
    s.text_scroll = std::clamp(s.text_scroll, 0.0f, std::max(0.0f, s.text_scroll_max));
    s.home_scroll = std::clamp(s.home_scroll, 0.0f, std::max(0.0f, s.home_scroll_max));
}

// Inertia of a flung scroll area over `dt` seconds.
void Coast(float& scroll, float& velocity, float max_scroll, double dt, double tau) {
    if (velocity == 0.0f || dt <= 0) return;
    const double decay = std::exp(-dt / tau);
    // Distance travelled by v(t) = v0 * exp(-t/tau) over dt.
    scroll += static_cast<float>(velocity * tau * (1.0 - decay));
    velocity = static_cast<float>(velocity * decay);
    if (scroll <= 0.0f || scroll >= max_scroll) velocity = 0.0f;
    scroll = std::clamp(scroll, 0.0f, std::max(0.0f, max_scroll));
    if (std::fabs(velocity) < kStopSpeed) velocity = 0.0f;
}

void OpenPanel(State& s, const Exhibit& ex, int index, int image) {
    s.panel = std::clamp(index, 0, PanelCount(ex) - 1);
    const int images =
        ex.panels.empty() ? 0 : PictureCount(ex.panels[static_cast<size_t>(s.panel)]);
    s.image = images == 0 ? 0 : std::clamp(image, 0, images - 1);
    s.media = {}; // what played belongs to the panel left
    s.image_enlarged = false;
    s.text_scroll = s.text_velocity = 0;
    s.text_scroll_max = 0;
    s.text_anchor = -1;
    if (s.screen != Screen::Panel) s.screen_since_ms = s.now_ms;
    s.screen = Screen::Panel;
}

// Pictures: the panel's images, then its videos.
int ImageCount(const State& s, const Exhibit& ex) {
    if (ex.panels.empty()) return 0;
    return PictureCount(ex.panels[static_cast<size_t>(s.panel)]);
}

// A video stops when the visitor moves to another picture.
void ShowPicture(State& s, int picture) {
    if (s.media.kind == MediaKind::Video && s.media.picture != picture) s.media = {};
    s.image = picture;
}

// A swipe towards `dir`: the next image, then the next panel.
void SwipeTo(State& s, const Exhibit& ex, int dir) {
    const int images = ImageCount(s, ex);
    if (dir > 0) {
        if (s.image + 1 < images)
            ShowPicture(s, s.image + 1);
        else if (!s.image_enlarged && s.panel + 1 < PanelCount(ex))
            OpenPanel(s, ex, s.panel + 1, 0);
    } else {
        if (s.image > 0)
            ShowPicture(s, s.image - 1);
        else if (!s.image_enlarged && s.panel > 0) {
            const int prev_images = PictureCount(ex.panels[static_cast<size_t>(s.panel - 1)]);
            OpenPanel(s, ex, s.panel - 1, std::max(0, prev_images - 1));
        }
    }
}

// The hidden staff gesture: hold the top-left corner for kAdminHoldMs, lift,
// then touch the bottom-right corner within kAdminTapWindowMs. Returns true
// when the gesture opened the PIN pad (the touch is then used up).
bool TrackAdminGesture(State& s, const Gesture& g, const FrameLayout& last, int64_t now) {
    switch (g.type) {
    case Gesture::Type::Press:
        if (s.armed_until_ms >= now && last.corner_tap.Contains(g.x, g.y)) {
            s.armed_until_ms = s.hold_start_ms = -1;
            s.admin = AdminScreen::Pin;
            s.pin_entry.clear();
            s.admin_message.clear();
            s.admin_last_touch_ms = now;
            s.swallow_touch = true;
            s.pressed = {};
            s.active_scroll = ScrollTarget::None;
            return true;
        }
        s.armed_until_ms = -1;
        s.hold_start_ms = last.corner_hold.Contains(g.x, g.y) ? now : -1;
        return false;
    case Gesture::Type::DragMove:
    case Gesture::Type::Swipe:
    case Gesture::Type::DragEnd:
        s.hold_start_ms = -1;
        return false;
    case Gesture::Type::Release:
        if (s.hold_start_ms >= 0 && now - s.hold_start_ms >= kAdminHoldMs)
            s.armed_until_ms = now + kAdminTapWindowMs;
        s.hold_start_ms = -1;
        return false;
    case Gesture::Type::Tap:
        return false;
    }
    return false;
}

// Staff mode takes every touch; the visitor's timers stand still meanwhile.
void StepAdmin(State& s, const Exhibit& ex, const Settings& settings,
               const std::vector<Gesture>& gestures, const FrameLayout& last, int64_t now) {
    for (const Gesture& g : gestures) {
        s.admin_last_touch_ms = now;
        s.last_touch_ms = now;
        if (g.type == Gesture::Type::Press) {
            s.pressed = {};
            if (s.admin == AdminScreen::TestPattern) {
                s.test_points.emplace_back(static_cast<float>(g.x), static_cast<float>(g.y));
                if (s.test_points.size() > 64) s.test_points.erase(s.test_points.begin());
            }
            for (const auto& r : last.hits)
                if (r.rect.Contains(g.x, g.y)) s.pressed = r.action;
        } else if (g.type == Gesture::Type::Release) {
            s.pressed = {};
            s.swallow_touch = false;
        } else if (g.type == Gesture::Type::Tap && !s.swallow_touch) {
            Action hit;
            for (const auto& r : last.hits)
                if (r.rect.Contains(g.x, g.y)) hit = r.action;
            if (hit.type != ActionType::None) ApplyAction(s, ex, settings, hit);
        }
    }
}

} // namespace

const char* ScreenName(Screen screen) {
    switch (screen) {
    case Screen::Attract:
        return "attract";
    case Screen::Home:
        return "home";
    case Screen::Panel:
        return "panel";
    case Screen::StillThere:
        return "still-there";
    case Screen::Unavailable:
        return "unavailable";
    }
    return "unknown";
}

State InitialState(const Exhibit& ex, const Settings& settings, int64_t now_ms) {
    State s;
    s.now_ms = now_ms;
    ResetToAttract(s, ex, settings, now_ms);
    if (ex.panels.empty()) s.screen = Screen::Unavailable;
    return s;
}

void ResetToAttract(State& s, const Exhibit& ex, const Settings& settings, int64_t at_ms) {
    s.screen = Screen::Attract;
    s.attract_since_ms = at_ms;
    s.screen_since_ms = at_ms;
    s.lang = ex.default_language;
    s.home_view = HomeView::Tiles;
    s.panel = s.image = 0;
    s.image_enlarged = false;
    s.language_menu = false;
    s.reading_menu = false;
    s.large_text = settings.large_text_default;
    s.high_contrast = settings.high_contrast_default;
    s.text_scroll = s.text_velocity = s.text_scroll_max = 0;
    s.home_scroll = s.home_velocity = s.home_scroll_max = 0;
    s.active_scroll = ScrollTarget::None;
    s.pressed = {};
    s.media = {}; // no sound ever in attract mode
}

void MediaFinished(State& s, int64_t now_ms) {
    if (s.media.kind == MediaKind::None) return;
    s.media = {};
    s.last_touch_ms = std::max(s.last_touch_ms, now_ms);
}

const char* MediaStateName(const State& s) {
    if (s.media.kind == MediaKind::None) return "stopped";
    return s.media.paused ? "paused" : "playing";
}

namespace {

// Play, pause, play again: what a tap on a video or on Listen does.
void ToggleMedia(State& s, const MediaPlay& wanted) {
    if (s.media.kind == wanted.kind && s.media.media_id == wanted.media_id &&
        s.media.picture == wanted.picture) {
        s.media.paused = !s.media.paused;
        return;
    }
    s.media = wanted; // one player: narration stops a video and the other way round
}

} // namespace

// Back from an enlarged image to the panel text where the reader left it.
void LeaveEnlarged(State& s) {
    if (!s.image_enlarged) return;
    s.image_enlarged = false;
    s.text_scroll = s.panel_text_scroll;
    s.text_scroll_max = std::max(s.text_scroll_max, s.panel_text_scroll); // until the next frame
    s.text_velocity = 0;
}

// Remembers the paragraph at the top of the panel text (the last one that
// starts at or above the top edge), so that the text can be brought back
// there once it is laid out again in another size or language.
void AnchorReadingPosition(State& s, const FrameLayout& layout) {
    s.text_velocity = 0;
    if (s.screen != Screen::Panel || s.image_enlarged || layout.text_blocks.empty()) {
        s.text_scroll = 0;
        return;
    }
    // Above the first paragraph (the title) the reader is at the top.
    int k = -1;
    for (size_t i = 0; i < layout.text_blocks.size(); ++i)
        if (layout.text_blocks[i] <= s.text_scroll + 1.0f) k = static_cast<int>(i);
    if (k < 0) s.text_scroll = 0;
    s.text_anchor = k;
}

void ApplyAction(State& s, const Exhibit& ex, const Settings& settings, const Action& a,
                 const FrameLayout& layout) {
    if (a.type != ActionType::ToggleLanguageMenu && a.type != ActionType::SetLanguage)
        s.language_menu = false;
    // The reading menu stays open while its toggles are used: the visitor
    // sees each change and may make the other.
    if (a.type != ActionType::ToggleReadingMenu && a.type != ActionType::ToggleLargeText &&
        a.type != ActionType::ToggleHighContrast)
        s.reading_menu = false;
    switch (a.type) {
    case ActionType::None:
        break;
    case ActionType::OpenPanel:
        OpenPanel(s, ex, a.index, 0);
        break;
    case ActionType::Back:
        if (s.screen == Screen::Panel && s.image_enlarged)
            LeaveEnlarged(s);
        else if (s.screen == Screen::Panel) {
            s.screen = Screen::Home;
            s.screen_since_ms = s.now_ms;
            s.media = {};
        }
        break;
    case ActionType::Home:
        if (s.screen != Screen::Home) s.screen_since_ms = s.now_ms;
        s.screen = Screen::Home;
        s.image_enlarged = false;
        s.media = {};
        break;
    case ActionType::SetLanguage:
        if (a.index >= 0 && a.index < static_cast<int>(ex.languages.size())) {
            AnchorReadingPosition(s, layout);
            s.lang = ex.languages[static_cast<size_t>(a.index)];
            // The narration speaks the language left; a video plays on with
            // the new language's subtitles.
            if (s.media.kind == MediaKind::Narration && s.media.lang != s.lang) s.media = {};
        }
        s.language_menu = false;
        break;
    case ActionType::NextImage:
        SwipeTo(s, ex, +1);
        break;
    case ActionType::PrevImage:
        SwipeTo(s, ex, -1);
        break;
    case ActionType::NextPanel:
        if (s.panel + 1 < PanelCount(ex)) OpenPanel(s, ex, s.panel + 1, 0);
        break;
    case ActionType::PrevPanel:
        if (s.panel > 0) OpenPanel(s, ex, s.panel - 1, 0);
        break;
    case ActionType::EnlargeImage:
        if (ImageCount(s, ex) > 0 && !s.image_enlarged) {
            s.image_enlarged = true;
            s.panel_text_scroll = s.text_scroll;
            s.text_scroll = s.text_velocity = s.text_scroll_max = 0;
        }
        break;
    case ActionType::CloseImage:
        LeaveEnlarged(s);
        break;
    case ActionType::ToggleLargeText:
        AnchorReadingPosition(s, layout);
        s.large_text = !s.large_text;
        break;
    case ActionType::ToggleHighContrast:
        s.high_contrast = !s.high_contrast;
        break;
    case ActionType::ShowTiles:
        s.home_view = HomeView::Tiles;
        s.home_scroll = 0;
        break;
    case ActionType::ShowTimeline:
        s.home_view = HomeView::Timeline;
        s.home_scroll = 0;
        break;
    case ActionType::Continue:
        if (s.screen == Screen::StillThere) s.screen = s.resume_screen;
        break;
    case ActionType::ToggleLanguageMenu:
        s.language_menu = !s.language_menu;
        break;
    case ActionType::ToggleReadingMenu:
        s.reading_menu = !s.reading_menu;
        break;
    case ActionType::AdminDigit:
        if (s.pin_entry.size() < kMaxPinDigits && a.index >= 0 && a.index <= 9)
            s.pin_entry += static_cast<char>('0' + a.index);
        break;
    case ActionType::AdminBackspace:
        if (!s.pin_entry.empty()) s.pin_entry.pop_back();
        break;
    case ActionType::AdminSubmit:
        s.command = AdminCommand::CheckPin;
        break;
    case ActionType::AdminClose:
        s.admin = AdminScreen::None;
        s.pin_entry.clear();
        s.admin_message.clear();
        ResetToAttract(s, ex, settings, s.now_ms);
        break;
    case ActionType::AdminRollback:
        s.command = AdminCommand::Rollback;
        s.command_index = a.index;
        break;
    case ActionType::AdminRestart:
        s.command = AdminCommand::Restart;
        break;
    case ActionType::AdminTestPattern:
        s.admin = AdminScreen::TestPattern;
        s.test_points.clear();
        break;
    case ActionType::AdminCloseTestPattern:
        s.admin = AdminScreen::Panel;
        break;
    case ActionType::AdminScreenOff:
        s.command = AdminCommand::ScreenOff;
        break;
    case ActionType::ToggleVideo: {
        if (s.screen != Screen::Panel || ex.panels.empty()) break;
        const Panel& panel = ex.panels[static_cast<size_t>(s.panel)];
        const PanelVideo* v = VideoAt(panel, a.index);
        if (!v) break;
        ShowPicture(s, a.index);
        ToggleMedia(s, {MediaKind::Video, v->media_id, a.index, "", false, -1, v->duration_ms});
        break;
    }
    case ActionType::ToggleNarration: {
        if (s.screen != Screen::Panel || ex.panels.empty()) break;
        const PanelNarration* n = NarrationFor(ex.panels[static_cast<size_t>(s.panel)], s.lang);
        if (!n) break;
        ToggleMedia(s, {MediaKind::Narration, n->media_id, -1, s.lang, false, -1, n->duration_ms});
        break;
    }
    case ActionType::SeekMedia:
        if (s.media.kind != MediaKind::None && s.media.duration_ms > 0)
            s.media.seek_ms = s.media.duration_ms * std::clamp(a.index, 0, 1000) / 1000;
        break;
    }
    (void)settings;
}

void Step(State& s, const Exhibit& ex, const Settings& settings,
          const std::vector<Gesture>& gestures, const FrameLayout& last, int64_t now_ms) {
    // 0. The paragraph kept over a change of text size or language: the last
    // frame laid the text out anew, so its place is known now.
    if (s.text_anchor >= 0) {
        if (s.screen != Screen::Panel || s.image_enlarged) {
            s.text_anchor = -1;
        } else if (last.text_blocks_large == s.large_text && last.text_blocks_lang == s.lang) {
            const size_t k = std::min(static_cast<size_t>(s.text_anchor),
                                      last.text_blocks.empty() ? 0 : last.text_blocks.size() - 1);
            s.text_scroll = last.text_blocks.empty()
                                ? 0.0f
                                : std::clamp(last.text_blocks[k], 0.0f, s.text_scroll_max);
            s.text_anchor = -1;
        }
    }
    // 1. Time passes: inertia, then the idle deadlines at their exact times.
    if (now_ms > s.now_ms) {
        const double dt = static_cast<double>(now_ms - s.now_ms) / 1000.0;
        Coast(s.text_scroll, s.text_velocity, s.text_scroll_max, dt, settings.inertia_tau_s);
        Coast(s.home_scroll, s.home_velocity, s.home_scroll_max, dt, settings.inertia_tau_s);
        s.now_ms = now_ms;
    }
    // A visitor listening or watching is there: the idle timer waits.
    if (s.media.kind != MediaKind::None && !s.media.paused)
        s.last_touch_ms = std::max(s.last_touch_ms, now_ms);
    // A finger resting on the text keeps a visit going (a reader's line
    // marker), but one that has not moved for ten minutes is a touchscreen
    // that lost its release (a controller dropping an event, a USB glitch):
    // the touch ends without an action, so the visit ends and attract mode
    // comes back, instead of waiting for a release for ever.
    if (now_ms - s.last_touch_ms >= kLostReleaseMs) {
        s.active_scroll = ScrollTarget::None;
        s.pressed = {};
    }
    const bool touching =
        s.active_scroll != ScrollTarget::None || s.pressed.type != ActionType::None;
    if ((s.screen == Screen::Home || s.screen == Screen::Panel) && !touching &&
        now_ms - s.last_touch_ms >= settings.idle_timeout_ms) {
        s.resume_screen = s.screen;
        s.screen = Screen::StillThere;
        s.still_there_since_ms = s.last_touch_ms + settings.idle_timeout_ms;
        s.screen_since_ms = s.still_there_since_ms;
        s.text_velocity = s.home_velocity = 0;
        // A visitor who comes back finds the screen they left, not a menu
        // they opened a minute and a half ago.
        s.language_menu = s.reading_menu = false;
    }
    if (s.screen == Screen::StillThere &&
        now_ms - s.still_there_since_ms >= settings.still_there_ms)
        ResetToAttract(s, ex, settings, s.still_there_since_ms + settings.still_there_ms);

    // Staff mode closes itself when left alone, and the next visitor meets attract mode.
    if (s.admin != AdminScreen::None && now_ms - s.admin_last_touch_ms >= kAdminIdleMs) {
        s.admin = AdminScreen::None;
        s.pin_entry.clear();
        s.admin_message.clear();
        ResetToAttract(s, ex, settings, s.admin_last_touch_ms + kAdminIdleMs);
    }
    if (s.admin != AdminScreen::None) {
        StepAdmin(s, ex, settings, gestures, last, now_ms);
        return;
    }

    // 2. This frame's gestures.
    for (const Gesture& g : gestures) {
        if (TrackAdminGesture(s, g, last, now_ms)) continue;
        if (g.type == Gesture::Type::Press) {
            s.last_touch_ms = now_ms;
            if (s.screen == Screen::Attract) {
                StartVisit(s, now_ms);
                s.swallow_touch = true;
                continue;
            }
            if (s.screen == Screen::StillThere) {
                s.screen = s.resume_screen;
                s.screen_since_ms = now_ms;
                s.swallow_touch = true;
                continue;
            }
            if (s.screen == Screen::Unavailable) continue;
            s.swallow_touch = false;
            s.text_velocity = s.home_velocity = 0; // a finger stops a coasting list
            s.active_scroll = ScrollTarget::None;
            for (const auto& r : last.scrolls)
                if (r.rect.Contains(g.x, g.y)) s.active_scroll = r.target;
            s.touch_in_swipe_area = false;
            for (const auto& r : last.swipes)
                if (r.rect.Contains(g.x, g.y)) s.touch_in_swipe_area = true;
            s.pressed = {};
            for (const auto& r : last.hits)
                if (r.rect.Contains(g.x, g.y)) s.pressed = r.action;
            continue;
        }
        if (g.type == Gesture::Type::Release) {
            s.last_touch_ms = now_ms;
            s.swallow_touch = false;
            s.active_scroll = ScrollTarget::None;
            s.pressed = {};
            continue;
        }
        if (s.swallow_touch || s.screen == Screen::Attract || s.screen == Screen::Unavailable)
            continue;
        s.last_touch_ms = now_ms;
        switch (g.type) {
        case Gesture::Type::Tap: {
            Action hit;
            for (const auto& r : last.hits)
                if (r.rect.Contains(g.x, g.y)) hit = r.action;
            if (hit.type == ActionType::None) s.language_menu = false;
            ApplyAction(s, ex, settings, hit, last);
            break;
        }
        case Gesture::Type::DragMove:
            s.pressed = {}; // a drag never activates the button it started on
            if (s.active_scroll == ScrollTarget::Text) {
                s.text_scroll -= static_cast<float>(g.dy);
            } else if (s.active_scroll == ScrollTarget::Home) {
                s.home_scroll -= static_cast<float>(g.dy);
            }
            ClampScrolls(s);
            break;
        case Gesture::Type::DragEnd:
            if (s.active_scroll == ScrollTarget::Text) s.text_velocity = static_cast<float>(-g.vy);
            if (s.active_scroll == ScrollTarget::Home) s.home_velocity = static_cast<float>(-g.vy);
            break;
        case Gesture::Type::Swipe:
            if (s.screen == Screen::Panel && (s.touch_in_swipe_area || s.image_enlarged))
                SwipeTo(s, ex, g.dir);
            break;
        default:
            break;
        }
    }
    ClampScrolls(s);
}

AttractView ComputeAttract(const State& s, const Exhibit& ex, const Settings&, int64_t now_ms) {
    AttractView v;
    const int n = PanelCount(ex);
    const int64_t dwell = std::max<int64_t>(1000, ex.dwell_ms);
    const int64_t trans = std::clamp<int64_t>(ex.transition_ms, 0, dwell / 2);
    const int64_t elapsed = std::max<int64_t>(0, now_ms - s.attract_since_ms);
    const int64_t k = elapsed / dwell;
    const int64_t within = elapsed % dwell;
    v.from = static_cast<int>(k % n);
    v.to = static_cast<int>((k + 1) % n);
    v.drift_slot = static_cast<int>(k % 7);
    const int64_t fade_start = dwell - trans;
    // A panel is on screen from the start of its fade-in to the end of its fade-out.
    const double span = static_cast<double>(dwell + trans);
    v.from_progress = static_cast<float>((within + trans) / span);
    if (trans > 0 && within >= fade_start) {
        const double t = static_cast<double>(within - fade_start) / static_cast<double>(trans);
        v.mix = static_cast<float>(t * t * (3 - 2 * t)); // smoothstep: no abrupt start
        v.to_progress = static_cast<float>((within - fade_start) / span);
    }
    // Each panel speaks one exhibit language in turn (title and invitation),
    // so the languages change with the crossfade and add no frames of their own.
    const int langs = std::max<int>(1, static_cast<int>(ex.languages.size()));
    v.from_lang = static_cast<int>(k % langs);
    v.to_lang = static_cast<int>((k + 1) % langs);
    return v;
}

PanWindow AttractPan(int panel_index, float progress) {
    const float zoom = 1.0f + 0.015f * progress;
    const float pan = (panel_index % 2 == 0 ? 1.0f : -1.0f) * (progress - 0.5f);
    // Zoom crops the texture symmetrically, pan moves the window within it.
    const float inv = 1.0f / std::max(1.0f, zoom);
    const float margin = (1.0f - inv) / 2.0f;
    return {margin + pan * margin, margin + 0.0f * margin, inv};
}

float PanMotionPx(const PanWindow& a, const PanWindow& b, const Rect& rect) {
    // A texture point t is drawn at rect.x + (t - u0) / size * rect.w: the
    // shift is affine in t, so the largest is at an end of either window.
    auto shift = [](float t, float a0, float as, float b0, float bs, float px) {
        return std::abs(((t - b0) / bs - (t - a0) / as) * px);
    };
    float most = 0;
    for (const float t : {a.u0, a.u0 + a.size, b.u0, b.u0 + b.size})
        most = std::max(most, shift(t, a.u0, a.size, b.u0, b.size, rect.w));
    for (const float t : {a.v0, a.v0 + a.size, b.v0, b.v0 + b.size})
        most = std::max(most, shift(t, a.v0, a.size, b.v0, b.size, rect.h));
    return most;
}

int StillThereSecondsLeft(const State& s, const Settings& settings, int64_t now_ms) {
    const int64_t left = s.still_there_since_ms + settings.still_there_ms - now_ms;
    return static_cast<int>(std::max<int64_t>(0, (left + 999) / 1000));
}

namespace {

// The last moment before attract mode has changed by a visible step: the
// crossfade by kMaxFadeStep or a picture by kMaxPanStepPx (so no step is
// larger). Looked for ahead in small steps from the view now (at most a few
// hundred pure evaluations: microseconds).
int64_t AttractDelayMs(const State& s, const Exhibit& ex, const Settings& settings, int64_t now_ms,
                       const FrameLayout& last_frame) {
    const AttractView a = ComputeAttract(s, ex, settings, now_ms);
    // The pictures pan at the size they were last drawn (none drawn: none pan).
    Rect largest;
    for (const PanShown& shown : last_frame.pans) {
        largest.w = std::max(largest.w, shown.rect.w);
        largest.h = std::max(largest.h, shown.rect.h);
    }
    const bool pans = largest.w > 0 && largest.h > 0;
    for (int64_t d = kAttractProbeMs; d < kAttractMaxSleepMs; d += kAttractProbeMs) {
        const AttractView b = ComputeAttract(s, ex, settings, now_ms + d);
        // At the end of a fade `to` becomes `from`: the same picture, the
        // same place (mix 1 then is mix 0 now).
        const bool moved_on = b.from != a.from || b.to != a.to;
        const float mix_a = moved_on ? a.mix - 1.0f : a.mix;
        const int64_t before = std::max(kAttractProbeMs, d - kAttractProbeMs);
        if (std::abs(b.mix - mix_a) >= kMaxFadeStep) return before;
        if (!pans) continue;
        const float from_a = moved_on ? a.to_progress : a.from_progress;
        const int from_index = moved_on ? a.to : a.from;
        if (PanMotionPx(AttractPan(from_index, from_a), AttractPan(b.from, b.from_progress),
                        largest) >= kMaxPanStepPx)
            return before;
        if (!moved_on && b.mix > 0.0f &&
            PanMotionPx(AttractPan(a.to, a.to_progress), AttractPan(b.to, b.to_progress),
                        largest) >= kMaxPanStepPx)
            return before;
    }
    return kAttractMaxSleepMs;
}

} // namespace

int64_t NextFrameDelayMs(const State& s, const Exhibit& ex, const Settings& settings,
                         int64_t now_ms, const FrameLayout& last_frame) {
    if (now_ms - s.screen_since_ms < kScreenFadeMs) return kAnimationFrameMs;
    switch (s.screen) {
    case Screen::Unavailable:
        return 5000;
    case Screen::Attract:
        return AttractDelayMs(s, ex, settings, now_ms, last_frame);
    case Screen::StillThere: {
        const int64_t left = s.still_there_since_ms + settings.still_there_ms - now_ms;
        return std::clamp<int64_t>(left % 1000 == 0 ? 1000 : left % 1000, 1, 1000);
    }
    case Screen::Home:
    case Screen::Panel: {
        if (s.text_velocity != 0.0f || s.home_velocity != 0.0f ||
            s.active_scroll != ScrollTarget::None)
            return kInteractiveFrameMs;
        if (s.pressed.type != ActionType::None) return kAnimationFrameMs;
        return std::max<int64_t>(1, s.last_touch_ms + settings.idle_timeout_ms - now_ms);
    }
    }
    return 1000;
}

} // namespace kiosk
