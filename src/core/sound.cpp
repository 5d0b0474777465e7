#include "core/sound.h"

#include <algorithm>

namespace kiosk {

int VolumeAt(const SoundSettings& sound, bool visitor_present, bool closed, int minute_of_day) {
    if (!visitor_present || closed) return 0;
    for (const OpenInterval& q : sound.quiet_hours) {
        const bool in = q.Overnight() ? (minute_of_day >= q.start_min || minute_of_day < q.end_min)
                                      : (minute_of_day >= q.start_min && minute_of_day < q.end_min);
        if (in) return std::clamp(sound.quiet_volume, 0, 100);
    }
    return std::clamp(sound.volume, 0, 100);
}

} // namespace kiosk
