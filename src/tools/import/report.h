// What an import tells people: the status file the kiosk's screen shows while
// it runs, one line per import in the kiosk's log for the admin panel, and a
// plain-text report on the stick that the curator takes home.
#pragma once

#include "storage/state_folder.h"

#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace kiosk {

// The status file's phases and format belong to the state folder (storage).
using Phase = ImportPhase;
inline const char* PhaseName(Phase phase) {
    return ImportPhaseName(phase);
}

struct Status {
    Phase phase = Phase::Checking;
    double progress = 0; // 0..1 over the whole import
    std::string message; // one plain sentence for curators
};

// The content of <state>/import-status: phase=, progress=, message=, time=,
// pid= lines (pid lets the kiosk tell a status left by a killed import).
std::string StatusText(const Status& status, std::time_t now, pid_t pid);

// Keeps <state>/import-status up to date, replacing it atomically each time.
// Progress-only updates are written when they moved at least 1% (the kiosk
// polls the file; more would only wear the SD card). A write that fails is
// reported once through `warn` and otherwise ignored: the status is a
// courtesy, and the import's own result does not depend on it.
class StatusFile {
  public:
    using Observer = std::function<void(const Status&)>;
    StatusFile(std::string state_dir, Observer observer,
               std::function<void(const std::string&)> warn);
    void Set(Phase phase, double progress, const std::string& message);
    void Progress(double progress);
    const Status& current() const { return m_status; }

  private:
    // `file`: also rewrite the status file (the observer hears every step).
    void Write(bool durable, bool file = true);
    std::string m_path;
    Status m_status;
    double m_written_progress = -1;
    std::chrono::steady_clock::time_point m_file_written{};
    bool m_warned = false;
    Observer m_observer;
    std::function<void(const std::string&)> m_warn;
};

enum class Outcome { Installed, NothingToDo, Rejected };
const char* OutcomeName(Outcome outcome); // "installed", "nothing to do", "rejected"

struct ReportContent {
    std::time_t when = 0;
    std::string hostname;
    Outcome outcome = Outcome::NothingToDo;
    std::string message;
    std::vector<std::string> details;   // skipped files, every problem found, the signer
    std::vector<std::string> installed; // the kiosk's packages afterwards, "(showing)" marked
    std::string visits;                 // <state>/visits-report.txt, "" when absent
};

std::string ReportText(const ReportContent& report);

// Writes `text` to <source>/kiosk-report/import-YYYYMMDD-HHMMSS.txt (local
// time; "-2", "-3"... when that name is taken), never following a symlink on
// the stick, and fsyncs it. Returns the path. Throws IoError when the stick
// cannot be written (read-only, full, pulled).
std::string WriteStickReport(const std::string& source_dir, const std::string& text,
                             std::time_t when);

// Appends "<unix time>\t<outcome>\t<message>" to <state>/import-log. Throws IoError.
void AppendImportLog(const std::string& state_dir, std::time_t when, Outcome outcome,
                     const std::string& message);

// One line: control characters (newlines above all) become spaces, so a
// message can never add a key to the status file or a line to the log.
std::string OneLine(const std::string& text);

} // namespace kiosk
