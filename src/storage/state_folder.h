// The kiosk's state folder (default /var/lib/kiosk): its one set of rules,
// used by kiosk-import, the kiosk and its staff panel.
//   exhibits/<id>-v<version>.kiosk          installed packages
//   exhibits/<id>-v<version>.kiosk.minisig  their signatures (the admin panel
//                                           shows the signer key)
//   current -> exhibits/<file>              relative symlink, swapped by rename(2)
//   import-status, import-log, import.lock  the importer's own files
// Temporary files end in ".partial" or ".tmp", never in ".kiosk", so the
// kiosk's fallback scanner never sees a half-written package.
#pragma once

#include "storage/files.h"

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// [SECTION] Import status: <state>/import-status, written by kiosk-import,
// shown by the kiosk. One enum, so writer and reader cannot drift apart.
enum class ImportPhase { Checking, Copying, Verifying, Installed, Rejected, Nothing };

// "checking", "copying", "verifying", "installed", "rejected", "nothing".
const char* ImportPhaseName(ImportPhase phase);
// The phase for its name; nullopt for anything else.
std::optional<ImportPhase> ParseImportPhase(std::string_view name);
// Checking, copying and verifying: an import is under way.
bool IsRunningPhase(ImportPhase phase);

struct ImportStatus {
    ImportPhase phase = ImportPhase::Checking;
    double progress = 0; // 0..1 over the whole import
    std::string message; // one plain sentence for curators
    std::time_t time = 0;
    pid_t pid = 0;
};

// The file's content: phase=, progress=, message=, time=, pid= lines. The
// message is made one line, so it can never add a key.
std::string ImportStatusText(const ImportStatus& status);
// Reads that content back; nullopt when there is no valid phase line.
std::optional<ImportStatus> ParseImportStatus(std::string_view text);

// Holds <state>/import.lock (flock) for the lifetime of the object, so two
// sticks plugged in at once are imported one after the other.
class ImportLock {
  public:
    // Blocks until the lock is free; calls `waiting` once first if it is not.
    // Throws IoError when the lock file cannot be opened.
    ImportLock(const std::string& state_dir, const std::function<void()>& waiting);
    // Takes the lock only if it is free now; `locked()` says whether it did.
    struct NoWait {};
    ImportLock(const std::string& state_dir, NoWait);
    bool locked() const { return static_cast<bool>(m_fd); }

  private:
    UniqueFd m_fd;
};

// True while some process holds <state>/import.lock: the only trustworthy
// sign that an import runs (a pid in the status file may be reused after a
// power cut). False when there is no lock file.
bool ImportLockHeld(const std::string& state_dir);

class StateFolder {
  public:
    // Creates the folder and exhibits/ when missing. Throws IoError.
    explicit StateFolder(std::string dir);
    // The folder as it is, created by nobody (the kiosk only reads it and
    // switches `current`; a development run may have no folder at all).
    static StateFolder Existing(std::string dir);

    const std::string& dir() const { return m_dir; }
    std::string ExhibitsDir() const { return m_dir + "/exhibits"; }
    std::string CurrentPath() const { return m_dir + "/current"; }

    // The file name in exhibits/ that `current` points to, or nullopt when
    // there is no `current` or it does not point into exhibits/.
    std::optional<std::string> CurrentFile() const;

    // Removes what an interrupted import left: exhibits/*.partial and
    // current.tmp. Only call while holding the ImportLock.
    void CleanStale() const;

    // Points `current` at exhibits/<file>: a new symlink current.tmp, then
    // rename(2) over current, then fsync of the folder. A crash at any point
    // leaves `current` at the old or the new package. Throws IoError.
    void SwitchCurrent(const std::string& file) const;

    // Deletes all but the `keep_previous` most recently installed packages
    // besides the current one (and their signatures, and signatures whose
    // package is gone). Returns the names removed. Throws IoError.
    std::vector<std::string> Prune(int keep_previous) const;

    // "file (showing now)" lines of exhibits/*.kiosk, newest first.
    std::vector<std::string> Listing() const;

    // Installed packages other than the current one, newest first (the name
    // breaks ties): the fallbacks and the staff panel's rollback choices.
    // Empty when the folder cannot be read.
    std::vector<std::string> PreviousPackages() const;

    // The staff panel's rollback: points `current` at exhibits/<file>, an
    // installed package, with the same switch as an import, under the import
    // lock (never at the same time as an import: throws IoError EBUSY while
    // one runs). A power cut leaves `current` at the old or the new package
    // and current.tmp is removed by the next switch or clean-up.
    void RollBack(const std::string& file) const;

    // The import status, nullopt when there is none or it cannot be read.
    std::optional<ImportStatus> ReadImportStatus() const;

  private:
    struct NoCreate {};
    StateFolder(std::string dir, NoCreate);
    struct Entry {
        std::string name;
        int64_t mtime_ns = 0;
    };
    std::vector<Entry> Packages() const;
    std::string m_dir;
};

} // namespace kiosk
