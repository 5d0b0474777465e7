#include "core/pin_guard.h"

#include <algorithm>

namespace kiosk {

void PinGuard::Failed(int64_t now_ms) {
    m_failures = std::min(m_failures + 1, 30);
    int64_t delay = kFirstDelayMs;
    for (int i = 1; i < m_failures && delay < kMaxDelayMs; ++i)
        delay *= 2;
    m_next_try_ms = now_ms + std::min(delay, kMaxDelayMs);
}

} // namespace kiosk
