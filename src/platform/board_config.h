// The board's settings in /etc/kiosk/kiosk.toml: the opening hours
// ([schedule]) and the screen's rotation ([display] rotation). The rest of
// the file ([paths], [visit], [display]) is read by app/config. A wrong value
// is a ConfigError naming the file, the line and what to write instead.
//
//   [schedule]
//   mode = "always-open"          # "hours" | "always-open" | "closed"
//   monday = "09:00-18:00"        # also "09:00-12:00, 13:00-18:00", "closed",
//   ...                           #   "18:00-02:00" (past midnight), or a list
//   sunday = "closed"             # a day left out is closed
//   closed_dates = ["2025-12-25", "12-24..12-26", "2026-01-05..2026-01-16"]
//   [schedule.dates]              # hours for one date instead of its weekday's
//   "2025-12-31" = "10:00-14:00"
#pragma once

#include "core/schedule.h"

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk {

struct BoardConfig {
    Schedule schedule; // [schedule], see above; mode = "always-open" when absent
    int rotation = 0;  // [display] rotation = 0 | 90 | 180 | 270 (clockwise; display and
                       // touch together, applied by kiosk-session before the kiosk starts)
};

// Reads `path`. Throws ConfigError ("PATH line N: ...") on a wrong value or
// an unknown key in [schedule] (a misspelt weekday must not pass silently).
BoardConfig LoadBoardConfig(const std::string& path);

// From the parsed file (storage/settings_file reads it once for every room).
BoardConfig ReadBoardConfig(const std::string& path, const toml::table& table);

// The same from text; `path` only names it in messages.
BoardConfig ParseBoardConfig(std::string_view toml_text, const std::string& path);

// The kiosk's ToLocal: the system's time zone (/etc/localtime, or TZ).
LocalTime SystemLocalTime(int64_t utc_s);

} // namespace kiosk
