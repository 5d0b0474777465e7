// The facts on the staff panel: what is shown, from which file, signed or
// not, since when the kiosk runs and how its last run ended, the last import,
// the screen, free space (a full data partition said plainly), visits, and the
// packages a rollback can go back to. Gathered on the jobs worker: it reads
// files, the folder and the statistics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiosk {

struct StaffFactsInput {
    std::string title; // "" when no exhibit is shown
    std::string id;
    int64_t version = 0;
    std::string exhibit_path;
    std::string state_dir;
    int64_t uptime_s = 0;
    std::string last_run;
    int width = 0, height = 0;
    float dpi = 96;
    std::string graphics;
    int visits_since_start = 0;
    std::string visits_summary;         // "N today, M in the last 7 days", "" when unknown
    std::optional<uint64_t> free_bytes; // unset: asked of the file system (statvfs)
};

struct StaffFacts {
    std::vector<std::pair<std::string, std::string>> facts; // label, value
    std::vector<std::string> previous_packages;             // newest first
};

// Below this much free space the data partition counts as full: an import
// and the visit statistics can no longer be stored.
constexpr uint64_t kFullDiskBytes = 8ull << 20;

StaffFacts GatherStaffFacts(const StaffFactsInput& in);

// "2026-03-01 14:05" in local time.
std::string WallClockText(int64_t unix_s);

} // namespace kiosk
