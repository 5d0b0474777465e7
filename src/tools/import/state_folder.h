// The kiosk's state folder (default /var/lib/kiosk), as the kiosk reads it:
//   exhibits/<id>-v<version>.kiosk          installed packages
//   exhibits/<id>-v<version>.kiosk.minisig  their signatures (the admin panel
//                                           shows the signer key)
//   current -> exhibits/<file>              relative symlink, swapped by rename(2)
//   import-status, import-log, import.lock  the importer's own files
// Temporary files end in ".partial" or ".tmp", never in ".kiosk", so the
// kiosk's fallback scanner never sees a half-written package.
#pragma once

#include "tools/import/files.h"

#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// Holds <state>/import.lock (flock) for the lifetime of the object, so two
// sticks plugged in at once are imported one after the other.
class ImportLock {
  public:
    // Blocks until the lock is free; calls `waiting` once first if it is not.
    // Throws IoError when the lock file cannot be opened.
    ImportLock(const std::string& state_dir, const std::function<void()>& waiting);

  private:
    UniqueFd m_fd;
};

class StateFolder {
  public:
    // Creates the folder and exhibits/ when missing. Throws IoError.
    explicit StateFolder(std::string dir);

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

  private:
    struct Entry {
        std::string name;
        int64_t mtime_ns = 0;
    };
    std::vector<Entry> Packages() const;
    std::string m_dir;
};

} // namespace kiosk
