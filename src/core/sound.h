// Sound etiquette: one volume, a lower one in quiet hours (a service in the
// next room, a school group), and no sound at all when no visitor is there
// (attract mode) or the exhibit is closed. Pure: the app asks each frame.
#pragma once

#include "core/schedule.h"

#include <vector>

namespace kiosk {

struct SoundSettings {
    int volume = 80;                       // [sound] volume = 80 (0 to 100)
    int quiet_volume = 30;                 // [sound] quiet_volume = 30 (0 to 100)
    std::vector<OpenInterval> quiet_hours; // [sound] quiet_hours = "" ("12:00-14:00, 17:00-18:00")
};

// The volume now. `minute_of_day`: local minutes since midnight.
int VolumeAt(const SoundSettings& sound, bool visitor_present, bool closed, int minute_of_day);

} // namespace kiosk
