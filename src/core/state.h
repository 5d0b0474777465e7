// The kiosk's state machine: Attract -> Home -> Panel -> (idle) -> StillThere
// -> Attract. Step() is a pure function of the state, the exhibit, the
// gestures of this frame, what the last frame drew (hit regions) and the time,
// so every timeout and transition is tested with a fake clock and no GPU.
#pragma once

#include "core/gesture.h"
#include "core/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

enum class Screen { Attract, Home, Panel, StillThere, Unavailable };

// "attract", "home", "panel", "still-there", "unavailable" (script `expect` names).
const char* ScreenName(Screen screen);

struct Settings {
    int64_t idle_timeout_ms = 90'000; // no touch for this long: "Still there?"
    int64_t still_there_ms = 20'000;  // countdown before the visit resets
    double inertia_tau_s = 0.35;      // how quickly a flung text slows down
    bool large_text_default = false;  // what each new visit starts with
    bool high_contrast_default = false;
};

enum class HomeView { Tiles, Timeline };

enum class ActionType {
    None,
    OpenPanel, // index = panel
    Back,
    Home,
    SetLanguage, // index = position in exhibit.languages
    NextImage,
    PrevImage,
    NextPanel,
    PrevPanel,
    EnlargeImage,
    CloseImage,
    ToggleLargeText,
    ToggleHighContrast,
    ShowTiles,
    ShowTimeline,
    Continue, // dismiss "Still there?"
    ToggleLanguageMenu,
    // Larger text and High contrast behind one button where the bar has no
    // room for both toggles (a narrow portrait screen).
    ToggleReadingMenu,
    // Staff (behind the hidden gesture and the PIN).
    AdminDigit, // index = 0..9
    AdminBackspace,
    AdminSubmit,
    AdminClose,
    AdminRollback, // index = position in the list of previous packages
    AdminRestart,
    AdminTestPattern,
    AdminCloseTestPattern,
    AdminScreenOff,
    // Playback (issue 15).
    ToggleVideo,     // index = picture position on the panel (a video): play, pause, play
    ToggleNarration, // the panel's narration in the visitor's language: play, pause, play
    SeekMedia,       // index = where on the bar, in thousandths of the whole
};

struct Action {
    ActionType type = ActionType::None;
    int index = 0;
    bool operator==(const Action&) const = default;
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool Contains(double px, double py) const {
        return px >= x && py >= y && px < x + w && py < y + h;
    }
};

// Drawn by the UI each frame; a tap activates the last region containing it.
struct HitRegion {
    Rect rect;
    Action action;
};

enum class ScrollTarget { None, Text, Home };

// A vertically scrollable area the UI drew, with how far it can scroll.
struct ScrollRegion {
    Rect rect;
    ScrollTarget target = ScrollTarget::None;
    float max_scroll = 0;
};

// An area where a horizontal swipe changes images/panels.
struct SwipeRegion {
    Rect rect;
};

// The part of a panel's picture attract mode shows: a window into the
// texture (texture coordinates, a square fraction `size` of it from u0, v0).
struct PanWindow {
    float u0 = 0, v0 = 0, size = 1;
};

// A picture attract mode drew with its slow pan/zoom: which panel, where on
// screen, and which part of it. The frame pacing and the frame log use it.
struct PanShown {
    int panel = 0;
    Rect rect;
    PanWindow window;
};

struct FrameLayout {
    std::vector<HitRegion> hits;
    std::vector<ScrollRegion> scrolls;
    std::vector<SwipeRegion> swipes;
    // The staff gesture's corners: inside the screen margins, where no
    // button ever is, so neither step of it touches anything a visitor uses.
    Rect corner_hold;           // top left: press and hold
    Rect corner_tap;            // bottom right: then tap
    std::vector<PanShown> pans; // attract mode's panning pictures (none: nothing pans)
    Rect video;                 // where a playing video's picture was drawn (w 0: none):
                                // the player renders it at that size, not larger
    // Where each paragraph of the panel text begins (scroll pixels), and for
    // which text size and language: Step keeps the reader's paragraph when
    // either changes.
    std::vector<float> text_blocks;
    bool text_blocks_large = false;
    std::string text_blocks_lang;
};

// What the visitor asked to play: one video of the panel, or the panel's
// narration. The app's player follows it (and says when it ended); Step
// only ever changes it on a visitor's tap or when the visit moves on.
enum class MediaKind { None, Video, Narration };

struct MediaPlay {
    MediaKind kind = MediaKind::None;
    int64_t media_id = 0;
    int picture = -1; // Video: its position among the panel's pictures
    std::string lang; // Narration: the language it speaks
    bool paused = false;
    int64_t seek_ms = -1; // a tap on the bar asked for this position; the app seeks, then clears it
    int64_t duration_ms = 0;
    bool operator==(const MediaPlay&) const = default;
};

// Staff mode, on top of whatever the visitor screen was.
enum class AdminScreen { None, Pin, Panel, TestPattern };

// Work the app does after Step for a staff action (slow or outside the core).
enum class AdminCommand { None, CheckPin, Rollback, Restart, ScreenOff };

constexpr int64_t kAdminHoldMs = 5000;      // the corner press of the hidden gesture
constexpr int64_t kAdminTapWindowMs = 4000; // then the opposite corner, this soon
constexpr int64_t kAdminIdleMs = 60000;     // the staff panel closes itself
constexpr size_t kMaxPinDigits = 12;

struct State {
    Screen screen = Screen::Attract;
    Screen resume_screen = Screen::Home; // where "Still there?" returns to
    int64_t now_ms = 0;
    int64_t attract_since_ms = 0;
    int64_t last_touch_ms = 0;
    int64_t still_there_since_ms = 0;
    int64_t screen_since_ms = 0; // for fades between screens

    // The visit.
    std::string lang;
    HomeView home_view = HomeView::Tiles;
    int panel = 0;
    int image = 0;
    bool image_enlarged = false;
    bool language_menu = false;
    bool reading_menu = false; // Larger text and High contrast, opened from the bar
    bool large_text = false;
    bool high_contrast = false;
    float text_scroll = 0, text_scroll_max = 0, text_velocity = 0;
    // While an image is enlarged the text scroll moves its caption; the
    // panel text's place waits here.
    float panel_text_scroll = 0;
    // The paragraph the reader was at when Larger text or the language
    // changed; the next frame's layout turns it into a scroll (-1: none).
    int text_anchor = -1;
    float home_scroll = 0, home_scroll_max = 0, home_velocity = 0;

    // The touch in progress.
    ScrollTarget active_scroll = ScrollTarget::None;
    bool swallow_touch = false; // the touch that woke the kiosk activates nothing
    bool touch_in_swipe_area = false;
    Action pressed; // highlighted while the finger is down on it
    int visits = 0; // visits started since the kiosk started

    // Playback. The idle timer stands still while something plays and starts
    // again when it ends or is paused.
    MediaPlay media;

    // Staff mode.
    AdminScreen admin = AdminScreen::None;
    std::string pin_entry;
    std::string admin_message; // the last outcome, in plain words
    int64_t admin_last_touch_ms = 0;
    int64_t hold_start_ms = -1;  // a press in the hold corner began then
    int64_t armed_until_ms = -1; // the hold was long enough: tap corner open until then
    AdminCommand command = AdminCommand::None;
    int command_index = 0;
    std::vector<std::pair<float, float>> test_points; // touches on the test pattern
};

// A fresh state at `now_ms` in attract mode.
State InitialState(const Exhibit& exhibit, const Settings& settings, int64_t now_ms);

// Advances `state` to `now_ms` (timeouts fire at their exact deadlines, however
// far the clock jumps), then applies this frame's gestures against the regions
// the last frame drew.
void Step(State& state, const Exhibit& exhibit, const Settings& settings,
          const std::vector<Gesture>& gestures, const FrameLayout& last_frame, int64_t now_ms);

// Applies one action (a tap on a button). Exposed for tests.
// `last_frame` tells where the panel text's paragraphs were, to keep the
// reader's place when the text size or the language changes.
void ApplyAction(State& state, const Exhibit& exhibit, const Settings& settings,
                 const Action& action, const FrameLayout& last_frame = {});

// The app's player reached the end of what `state.media` asked for (or could
// not play it): the poster comes back and the idle timer starts from `now_ms`.
void MediaFinished(State& state, int64_t now_ms);

// "playing", "paused" or "stopped": the scripted mode's `expect` names.
const char* MediaStateName(const State& state);

// Ends the visit: attract mode, default language, scrolls and zoom reset.
void ResetToAttract(State& state, const Exhibit& exhibit, const Settings& settings, int64_t at_ms);

// What attract mode shows at `now_ms`: a crossfade from one panel to the next,
// each with its slow pan/zoom progress and the language it is shown in.
struct AttractView {
    int from = 0;            // panel index fully shown
    int to = 0;              // panel index fading in
    float mix = 0;           // 0: only `from`, 1: only `to`
    float from_progress = 0; // 0..1 through `from`'s pan/zoom
    float to_progress = 0;
    int from_lang = 0; // index into exhibit.languages: `from`'s title and invitation
    int to_lang = 0;
    int drift_slot = 0; // changes each panel: moves static text against burn-in
};
AttractView ComputeAttract(const State& state, const Exhibit& exhibit, const Settings& settings,
                           int64_t now_ms);

// The window of a panel's picture at `progress` (0..1 through its time on
// screen): barely noticeable, a 1.5 % zoom, drifting left or right by turns.
PanWindow AttractPan(int panel_index, float progress);

// How far, in screen pixels, the point of a picture drawn into `rect` that
// moves most travels from window `a` to window `b`.
float PanMotionPx(const PanWindow& a, const PanWindow& b, const Rect& rect);

// Attract mode draws a frame only when the picture changes by a step the eye
// can see, and never lets one jump more than this: the slow pan moves no
// point of a picture further than kMaxPanStepPx between two frames (under
// the 1 px the benchmark checks, leaving room for a late wake-up), and a
// crossfade step changes the mix by at most kMaxFadeStep (about what 15 fps
// gave in the middle of a fade, where it is fastest).
constexpr float kMaxPanStepPx = 0.7f;
constexpr float kMaxFadeStep = 1.0f / 16.0f;

// How long the loop may sleep before the picture changes by itself: short
// while something animates, long on a static screen (the CPU idles).
// `last_frame` says where attract mode's pictures were drawn (their size sets
// how fast the pan moves them in pixels).
int64_t NextFrameDelayMs(const State& state, const Exhibit& exhibit, const Settings& settings,
                         int64_t now_ms, const FrameLayout& last_frame = {});

// Seconds left on the "Still there?" countdown, rounded up.
int StillThereSecondsLeft(const State& state, const Settings& settings, int64_t now_ms);

} // namespace kiosk
