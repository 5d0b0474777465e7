// kiosk-import's work, as a library so tests drive it directly: find the
// package on a stick, verify it (signature by a trusted key, exhibit id and
// version, the package itself as untrusted input), copy it into the state
// folder, verify the copy again, switch `current` atomically, keep the
// previous packages, and tell the curator what happened.
#pragma once

#include "storage/files.h"
#include "tools/import/errors.h"
#include "tools/import/report.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kiosk {

struct ImportOptions {
    std::string source_dir;                                   // the stick's mount point
    std::string state_dir = "/var/lib/kiosk";                 // --state
    std::string trusted_keys_dir = "/etc/kiosk/trusted-keys"; // --trusted-keys
    // [import] allow_other_exhibit = false: install a package whose exhibit id
    // differs from the one the kiosk shows now.
    bool allow_other_exhibit = false;
    // --allow-older: install the stick's package even when its version is
    // lower than the installed one's (a technician's way back from a version
    // number set too high). Never set from kiosk.toml.
    bool allow_older = false;
    // [import] keep_previous = 2: older packages kept for a rollback.
    int keep_previous = 2;
    // Bytes that must stay free on the kiosk's disk after the copy.
    uint64_t free_space_margin = 32ull << 20;
    FileOps ops;                                        // tests pull the stick or fill the disk
    StatusFile::Observer on_status;                     // progress, for the command line
    std::function<void(const std::string&)> on_warning; // problems that do not stop the import
    std::string hostname;                               // for the report; "" asks the system
    // Called with the name of each step as it completes ("started", "chosen",
    // "copying", "copied", "verified", "signature-saved", "renamed",
    // "switched", "pruned"; "copying" and "copied" come once per package on
    // the stick, before "chosen"); the power-loss tests kill the import there.
    std::function<void(const char* step)> on_step;
};

struct ImportResult {
    Outcome outcome = Outcome::Rejected;
    std::string message;              // the one sentence shown on the kiosk's screen
    std::vector<std::string> details; // everything else the report says
    std::string installed_file;       // exhibits/<file> now current, when installed
    std::string report_path;          // "" when the stick could not be written
};

// 0 installed, 3 nothing to do, 1 rejected (2 is the command line's usage error).
int ExitCode(Outcome outcome);

// Runs one import. Never throws: every failure is a Rejected result whose
// message says why, and the installed exhibit is untouched then. Writes the
// status file, the import log and the report on the stick.
ImportResult RunImport(const ImportOptions& options);

} // namespace kiosk
