#include "app/run_state.h"

#include "core/error.h"
#include "storage/files.h"

#include <filesystem>
#include <fstream>

namespace kiosk {

std::string ReadLastRun(const std::string& state_dir) {
    std::ifstream in(std::filesystem::path(state_dir) / "run-state");
    std::string line;
    std::getline(in, line);
    if (line.empty()) return "first start";
    if (line.rfind("running", 0) == 0)
        return "unexpected end (crash or power cut) of the run " + line.substr(8);
    return line;
}

void WriteRunState(const std::string& state_dir, const std::string& text) {
    std::error_code ec;
    if (!std::filesystem::is_directory(state_dir, ec)) return;
    try {
        ReplaceFile(state_dir + "/run-state", text + "\n", false);
    } catch (const IoError&) {
        // The record is a courtesy for the staff panel; the kiosk runs on.
    }
}

} // namespace kiosk
