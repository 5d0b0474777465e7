// Where the exhibit comes from: the package behind the exhibit path (the
// `current` symlink on a board), else the newest previous package installed
// in the state folder that still opens. Packages that failed their check are
// remembered by content (device, inode, size, time), not by name, so a
// repaired package imported under the same name is shown again.
//
// Load() and Check() read the disk: the app runs them on its jobs worker
// (and once at start, before anything is on screen). The set of bad packages
// is shared between that worker and the render thread, behind a mutex.
#pragma once

#include "core/model.h"
#include "storage/package.h"

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace kiosk {

// What identifies a file's content without reading it.
struct FileKey {
    dev_t dev = 0;
    ino_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileKey&) const = default;
    bool operator<(const FileKey& o) const {
        return std::tie(dev, ino, size, mtime_ns) < std::tie(o.dev, o.ino, o.size, o.mtime_ns);
    }
};

// The key of the file at `path` (following links); {} when it is missing.
FileKey KeyOf(const std::string& path);

// A package opened and read, ready to be shown.
struct LoadedExhibit {
    std::string path; // the real file, not the link: readers stay on it when the link moves
    FileKey key;
    Exhibit exhibit;
    std::vector<FontBlob> fonts;
};

class ExhibitSource {
  public:
    using LogFn = std::function<void(const std::string&)>;
    ExhibitSource(std::string exhibit_path, std::string state_dir, LogFn log);

    const std::string& exhibit_path() const { return m_exhibit_path; }
    const std::string& state_dir() const { return m_state_dir; }

    // Opens the package behind the exhibit path. When it cannot be shown and
    // `fallback` is set, the previous installed packages are tried, newest
    // first. Logs why each one was passed over. nullopt: nothing opens.
    std::optional<LoadedExhibit> Load(bool fallback) const;

    // The whole-file check of a package; "" when it is sound, else the
    // problem in plain words.
    std::string Check(const std::string& path) const;

    // Never show this content again (until the kiosk restarts).
    void MarkBad(const FileKey& key);
    bool IsBad(const FileKey& key) const;

  private:
    std::optional<LoadedExhibit> TryOpen(const std::string& path, std::string& why) const;
    std::string m_exhibit_path;
    std::string m_state_dir;
    LogFn m_log;
    mutable std::mutex m_mutex;
    std::set<FileKey> m_bad;
};

} // namespace kiosk
