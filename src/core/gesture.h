// Turns raw pointer events (X turns a touchscreen into a mouse) into the few
// gestures a visitor makes: tap, vertical drag (scroll), horizontal swipe.
// Thresholds are in pixels derived from the screen's DPI by the caller.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace kiosk {

struct PointerEvent {
    enum class Type { Down, Move, Up };
    Type type = Type::Move;
    double x = 0;
    double y = 0;
    int64_t t_ms = 0; // when the kiosk read it
    // The earliest it can have happened, when it was read late: queued while
    // a frame was drawn, it came at any time during that frame. A tap's
    // length is judged from here, so that a quick tap stays a tap when the
    // finger lifted while the kiosk was busy (a slow board, a new shader).
    int64_t earliest_ms = std::numeric_limits<int64_t>::max();
};

// The window system's pointer callbacks in, PointerEvents out, in the order
// they happened. A button callback carries no position, and asking the
// window system for "the cursor position" answers where the pointer is when
// the batch is read, not where it was at the press: an absolute tablet (and
// X's touchscreen emulation) moves and presses in one report, and in a slow
// frame several taps are read together. So each press and release is placed
// where the cursor events before it in the same stream left the pointer.
class PointerStream {
  public:
    // Where the pointer is before any cursor event (the window asks once).
    void Seed(double x, double y);
    bool seeded() const { return m_seeded; }
    // A read of the window system's events begins at `t_ms`; the read before
    // it ended at `last_read_ms`. A button event read within kQueuedMs of the
    // start was waiting in the queue (a frame was being drawn): it happened
    // no earlier than `last_read_ms`. One read later, it woke the wait and
    // happened as it was read.
    void BeginRead(int64_t t_ms, int64_t last_read_ms);
    static constexpr int64_t kQueuedMs = 3;
    void Cursor(double x, double y, int64_t t_ms);
    void Button(bool down, int64_t t_ms);
    std::vector<PointerEvent> Take();

  private:
    bool m_seeded = false;
    bool m_down = false;
    bool m_reading = false;
    int64_t m_read_ms = 0, m_last_read_ms = 0;
    double m_x = 0, m_y = 0;
    std::vector<PointerEvent> m_events;
};

struct GestureConfig {
    double tap_slop_px = 24;      // a finger moving less than this is still a tap
    int64_t tap_max_ms = 800;     // a longer press is not a tap
    double swipe_min_px = 120;    // horizontal travel that makes a swipe...
    double swipe_min_speed = 700; // ...or this speed (px/s) after at least the slop
};

struct Gesture {
    enum class Type {
        Press,    // a finger touched the screen (x, y)
        Tap,      // short touch without travel (x, y)
        DragMove, // finger moving (dx, dy since the last move)
        DragEnd,  // finger lifted after a drag (vx, vy in px/s, for inertia)
        Swipe,    // horizontal fling: dir +1 = towards the next item (finger moved left)
        Release,  // finger lifted (always follows Press)
    };
    Type type = Type::Tap;
    double x = 0, y = 0;   // where the touch started
    double dx = 0, dy = 0; // DragMove
    double vx = 0, vy = 0; // DragEnd
    int dir = 0;           // Swipe
};

class GestureRecognizer {
  public:
    explicit GestureRecognizer(GestureConfig config = {}) : m_config(config) {}

    // Feeds one event; returns the gestures it completes, in order.
    std::vector<Gesture> Feed(const PointerEvent& event);
    bool IsPressed() const { return m_pressed; }
    // True once the current touch travelled beyond the tap slop.
    bool IsDragging() const { return m_dragging; }
    void Cancel() {
        m_pressed = m_dragging = false;
        m_samples.clear();
    }

  private:
    GestureConfig m_config;
    bool m_pressed = false;
    bool m_dragging = false;
    double m_x0 = 0, m_y0 = 0, m_last_x = 0, m_last_y = 0;
    int64_t m_t0 = 0;
    struct Sample {
        double x, y;
        int64_t t;
    };
    std::deque<Sample> m_samples; // the last ~100 ms, for release velocity
};

} // namespace kiosk
