#include "core/gesture.h"

#include <algorithm>
#include <cmath>

namespace kiosk {

void PointerStream::Seed(double x, double y) {
    m_x = x;
    m_y = y;
    m_seeded = true;
}

void PointerStream::Cursor(double x, double y, int64_t t_ms) {
    Seed(x, y);
    // A finger only moves while it touches; the position is kept for the press.
    if (m_down) m_events.push_back({PointerEvent::Type::Move, x, y, t_ms});
}

void PointerStream::BeginRead(int64_t t_ms, int64_t last_read_ms) {
    m_reading = true;
    m_read_ms = t_ms;
    m_last_read_ms = last_read_ms;
}

void PointerStream::Button(bool down, int64_t t_ms) {
    m_down = down;
    PointerEvent e{down ? PointerEvent::Type::Down : PointerEvent::Type::Up, m_x, m_y, t_ms};
    if (m_reading && t_ms - m_read_ms <= kQueuedMs) e.earliest_ms = m_last_read_ms;
    m_events.push_back(e);
}

std::vector<PointerEvent> PointerStream::Take() {
    std::vector<PointerEvent> out;
    out.swap(m_events);
    return out;
}

std::vector<Gesture> GestureRecognizer::Feed(const PointerEvent& e) {
    std::vector<Gesture> out;
    auto remember = [&] {
        m_samples.push_back({e.x, e.y, e.t_ms});
        while (m_samples.size() > 2 && e.t_ms - m_samples.front().t > 100)
            m_samples.pop_front();
    };
    switch (e.type) {
    case PointerEvent::Type::Down:
        m_pressed = true;
        m_dragging = false;
        m_x0 = m_last_x = e.x;
        m_y0 = m_last_y = e.y;
        m_t0 = e.t_ms;
        m_samples.clear();
        remember();
        out.push_back({Gesture::Type::Press, e.x, e.y});
        break;
    case PointerEvent::Type::Move:
        if (!m_pressed) break;
        remember();
        if (!m_dragging && std::hypot(e.x - m_x0, e.y - m_y0) > m_config.tap_slop_px) {
            m_dragging = true;
            // The first move beyond the slop carries all travel so far, so a
            // scroll follows the finger from where it landed.
            m_last_x = m_x0;
            m_last_y = m_y0;
        }
        if (m_dragging) {
            Gesture g{Gesture::Type::DragMove, m_x0, m_y0};
            g.dx = e.x - m_last_x;
            g.dy = e.y - m_last_y;
            out.push_back(g);
        }
        m_last_x = e.x;
        m_last_y = e.y;
        break;
    case PointerEvent::Type::Up: {
        if (!m_pressed) break;
        remember();
        const double dx = e.x - m_x0, dy = e.y - m_y0;
        const bool moved = m_dragging || std::hypot(dx, dy) > m_config.tap_slop_px;
        double vx = 0, vy = 0;
        if (m_samples.size() >= 2) {
            const Sample& a = m_samples.front();
            const Sample& b = m_samples.back();
            const double dt = static_cast<double>(b.t - a.t) / 1000.0;
            if (dt > 0.001) {
                vx = (b.x - a.x) / dt;
                vy = (b.y - a.y) / dt;
            }
        }
        if (!moved) {
            // The finger lifted no earlier than it may have (see earliest_ms),
            // and not before it touched.
            const int64_t lifted = std::max(m_t0, std::min(e.t_ms, e.earliest_ms));
            if (lifted - m_t0 <= m_config.tap_max_ms)
                out.push_back({Gesture::Type::Tap, m_x0, m_y0});
        } else {
            const bool horizontal = std::fabs(dx) > 2.0 * std::fabs(dy);
            if (horizontal && (std::fabs(dx) >= m_config.swipe_min_px ||
                               std::fabs(vx) >= m_config.swipe_min_speed)) {
                Gesture g{Gesture::Type::Swipe, m_x0, m_y0};
                g.dir = dx < 0 ? +1 : -1;
                out.push_back(g);
            } else {
                Gesture g{Gesture::Type::DragEnd, m_x0, m_y0};
                g.vx = vx;
                g.vy = vy;
                out.push_back(g);
            }
        }
        out.push_back({Gesture::Type::Release, e.x, e.y});
        m_pressed = m_dragging = false;
        m_samples.clear();
        break;
    }
    }
    return out;
}

} // namespace kiosk
