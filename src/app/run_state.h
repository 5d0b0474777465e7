// The kiosk's record of how its last run ended, for the staff panel:
// "running since ..." left behind means a crash or a power cut.
#pragma once

#include <string>

namespace kiosk {

// "first start", "unexpected end (crash or power cut) of the run since ...",
// or what the last run wrote when it stopped.
std::string ReadLastRun(const std::string& state_dir);

// Replaces <state_dir>/run-state atomically; nothing when the folder is
// missing (development runs).
void WriteRunState(const std::string& state_dir, const std::string& text);

} // namespace kiosk
