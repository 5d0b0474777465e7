// The scripted headless mode's script: timed lines, one per line.
//   T tap X Y | T drag X1 Y1 X2 Y2 SECONDS | T key NAME | T shot NAME
//   T expect STATE | T quit        (T: seconds since start; # starts a comment)
// STATE: a screen (attract, home, panel, still-there, unavailable) or what
// plays (playing, paused, stopped).
// Parsing and expanding into pointer events are pure, so they are unit-tested.
#pragma once

#include "core/gesture.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct ScriptStep {
    enum class Type { Pointer, Key, Shot, Expect, Quit };
    Type type = Type::Pointer;
    int64_t t_ms = 0;
    PointerEvent pointer; // Type::Pointer
    std::string name;     // key name, shot name, expected state
    int line = 0;
};

// At most this many steps (pointer samples included): about 20 MB.
constexpr size_t kMaxScriptSteps = 200'000;

// Parses a script into steps ordered by time (taps and drags expanded into
// pointer events). Throws ConfigError("script line N: ...") on any bad line.
std::vector<ScriptStep> ParseScript(std::string_view text);

} // namespace kiosk
