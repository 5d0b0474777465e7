// Rate limiting for the staff PIN: every wrong attempt doubles the wait
// before the next one (1 s, 2 s, 4 s ... at most 5 minutes), so guessing a
// 4-digit PIN by hand takes days. Pure, so it is tested with a fake clock.
#pragma once

#include <cstdint>

namespace kiosk {

class PinGuard {
  public:
    // True when an attempt may be checked at `now_ms`.
    bool CanTry(int64_t now_ms) const { return now_ms >= m_next_try_ms; }
    // Milliseconds until the next attempt may be checked (0 when it may now).
    int64_t WaitMs(int64_t now_ms) const {
        return now_ms >= m_next_try_ms ? 0 : m_next_try_ms - now_ms;
    }
    void Failed(int64_t now_ms);
    void Succeeded() {
        m_failures = 0;
        m_next_try_ms = 0;
    }
    int failures() const { return m_failures; }

    static constexpr int64_t kFirstDelayMs = 1000;
    static constexpr int64_t kMaxDelayMs = 300'000;

  private:
    int m_failures = 0;
    int64_t m_next_try_ms = 0;
};

} // namespace kiosk
