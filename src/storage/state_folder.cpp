#include "storage/state_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

namespace kiosk {

namespace {

[[noreturn]] void ThrowErrno(const std::string& what) {
    const int err = errno;
    throw IoError(what + ": " + ErrnoText(err), err);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void MakeDir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0755) == 0) return;
    if (errno != EEXIST) ThrowErrno("cannot create the folder " + dir);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw IoError(dir + " is not a folder", ENOTDIR);
}

std::vector<std::string> Names(const std::string& dir) {
    struct Closer {
        void operator()(DIR* d) const { ::closedir(d); }
    };
    std::unique_ptr<DIR, Closer> d(::opendir(dir.c_str()));
    if (!d) ThrowErrno("cannot read the folder " + dir);
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(d.get())) {
        const std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
    }
    if (errno != 0) ThrowErrno("cannot read the folder " + dir);
    return names;
}

void Remove(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) ThrowErrno("cannot remove " + path);
}

std::string OneLineText(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

std::string Trimmed(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/')
        dir.pop_back();
    return dir;
}

} // namespace

// [SECTION] Import status ----------------------------------------------------

const char* ImportPhaseName(ImportPhase phase) {
    switch (phase) {
    case ImportPhase::Checking:
        return "checking";
    case ImportPhase::Copying:
        return "copying";
    case ImportPhase::Verifying:
        return "verifying";
    case ImportPhase::Installed:
        return "installed";
    case ImportPhase::Rejected:
        return "rejected";
    case ImportPhase::Nothing:
        return "nothing";
    }
    return "checking";
}

std::optional<ImportPhase> ParseImportPhase(std::string_view name) {
    for (ImportPhase p : {ImportPhase::Checking, ImportPhase::Copying, ImportPhase::Verifying,
                          ImportPhase::Installed, ImportPhase::Rejected, ImportPhase::Nothing})
        if (name == ImportPhaseName(p)) return p;
    return std::nullopt;
}

bool IsRunningPhase(ImportPhase phase) {
    return phase == ImportPhase::Checking || phase == ImportPhase::Copying ||
           phase == ImportPhase::Verifying;
}

std::string ImportStatusText(const ImportStatus& status) {
    char progress[16];
    std::snprintf(progress, sizeof progress, "%.2f", std::clamp(status.progress, 0.0, 1.0));
    return std::string("phase=") + ImportPhaseName(status.phase) + "\nprogress=" + progress +
           "\nmessage=" + OneLineText(status.message) +
           "\ntime=" + std::to_string(static_cast<long long>(status.time)) +
           "\npid=" + std::to_string(status.pid) + "\n";
}

std::optional<ImportStatus> ParseImportStatus(std::string_view text) {
    ImportStatus status;
    bool have_phase = false;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view key = line.substr(0, eq);
        const std::string value(line.substr(eq + 1));
        if (key == "phase") {
            const auto phase = ParseImportPhase(value);
            if (!phase) return std::nullopt;
            status.phase = *phase;
            have_phase = true;
        } else if (key == "message") {
            status.message = value;
        } else if (key == "progress") {
            status.progress = std::clamp(std::strtod(value.c_str(), nullptr), 0.0, 1.0);
        } else if (key == "time") {
            status.time = static_cast<std::time_t>(std::atoll(value.c_str()));
        } else if (key == "pid") {
            status.pid = static_cast<pid_t>(std::atoi(value.c_str()));
        }
    }
    if (!have_phase) return std::nullopt;
    return status;
}

bool ImportLockHeld(const std::string& state_dir) {
    const std::string path = state_dir + "/import.lock";
    // Opened without O_CREAT: the kiosk must not create files in a folder
    // it only watches; no lock file means no import.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd) return false;
    if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0) return false;
    return errno == EWOULDBLOCK;
}

// [SECTION] The import lock and the folder ----------------------------------

ImportLock::ImportLock(const std::string& state_dir, NoWait) {
    const std::string path = state_dir + "/import.lock";
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) ThrowErrno("cannot open " + path);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
        m_fd = std::move(fd);
        return;
    }
    if (errno != EWOULDBLOCK) ThrowErrno("cannot lock " + path);
}

ImportLock::ImportLock(const std::string& state_dir, const std::function<void()>& waiting) {
    const std::string path = state_dir + "/import.lock";
    m_fd = UniqueFd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!m_fd) ThrowErrno("cannot open " + path);
    if (::flock(m_fd.get(), LOCK_EX | LOCK_NB) == 0) return;
    if (errno != EWOULDBLOCK) ThrowErrno("cannot lock " + path);
    if (waiting) waiting();
    while (::flock(m_fd.get(), LOCK_EX) != 0)
        if (errno != EINTR) ThrowErrno("cannot lock " + path);
}

StateFolder::StateFolder(std::string dir, NoCreate) : m_dir(Trimmed(std::move(dir))) {}

StateFolder StateFolder::Existing(std::string dir) {
    return StateFolder(std::move(dir), NoCreate{});
}

StateFolder::StateFolder(std::string dir) : m_dir(Trimmed(std::move(dir))) {
    MakeDir(m_dir);
    struct stat st {};
    if (::stat(ExhibitsDir().c_str(), &st) != 0) {
        MakeDir(ExhibitsDir());
        SyncDir(m_dir);
    }
}

std::optional<std::string> StateFolder::CurrentFile() const {
    char target[4096];
    const ssize_t n = ::readlink(CurrentPath().c_str(), target, sizeof target - 1);
    if (n <= 0) return std::nullopt;
    const std::string t(target, static_cast<size_t>(n));
    const std::string prefix = "exhibits/";
    if (t.rfind(prefix, 0) != 0) {
        // An absolute link written by hand (a technician's rollback) still counts.
        const std::string absolute = ExhibitsDir() + "/";
        if (t.rfind(absolute, 0) != 0) return std::nullopt;
        return t.substr(absolute.size());
    }
    const std::string file = t.substr(prefix.size());
    if (file.empty() || file.find('/') != std::string::npos) return std::nullopt;
    return file;
}

void StateFolder::CleanStale() const {
    for (const auto& name : Names(ExhibitsDir()))
        if (EndsWith(name, ".partial") || EndsWith(name, ".tmp"))
            Remove(ExhibitsDir() + "/" + name);
    Remove(m_dir + "/current.tmp");
}

void StateFolder::SwitchCurrent(const std::string& file) const {
    const std::string tmp = m_dir + "/current.tmp";
    Remove(tmp);
    const std::string target = "exhibits/" + file;
    if (::symlink(target.c_str(), tmp.c_str()) != 0) ThrowErrno("cannot create " + tmp);
    if (::rename(tmp.c_str(), CurrentPath().c_str()) != 0)
        ThrowErrno("cannot switch " + CurrentPath());
    SyncDir(m_dir);
}

std::vector<StateFolder::Entry> StateFolder::Packages() const {
    std::vector<Entry> out;
    for (const auto& name : Names(ExhibitsDir())) {
        if (!EndsWith(name, ".kiosk")) continue;
        struct stat st {};
        if (::lstat((ExhibitsDir() + "/" + name).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        out.push_back(
            {name, static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec});
    }
    // Newest first; the name breaks ties so the order never depends on readdir.
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        return a.mtime_ns != b.mtime_ns ? a.mtime_ns > b.mtime_ns : a.name > b.name;
    });
    return out;
}

std::vector<std::string> StateFolder::Prune(int keep_previous) const {
    const auto current = CurrentFile();
    std::vector<std::string> removed;
    std::set<std::string> kept;
    int previous = 0;
    for (const auto& e : Packages()) {
        if ((current && e.name == *current) || previous++ < keep_previous) {
            kept.insert(e.name);
            continue;
        }
        Remove(ExhibitsDir() + "/" + e.name);
        removed.push_back(e.name);
    }
    for (const auto& name : Names(ExhibitsDir())) {
        const std::string suffix = ".minisig";
        if (EndsWith(name, suffix) && !kept.count(name.substr(0, name.size() - suffix.size())))
            Remove(ExhibitsDir() + "/" + name);
    }
    SyncDir(ExhibitsDir());
    return removed;
}

std::vector<std::string> StateFolder::Listing() const {
    const auto current = CurrentFile();
    std::vector<std::string> lines;
    for (const auto& e : Packages())
        lines.push_back(e.name + (current && e.name == *current ? " (showing now)" : ""));
    return lines;
}

std::vector<std::string> StateFolder::PreviousPackages() const {
    std::vector<std::string> out;
    try {
        const auto current = CurrentFile();
        for (const auto& e : Packages())
            if (!current || e.name != *current) out.push_back(e.name);
    } catch (const IoError&) {
        out.clear(); // no folder, no fallbacks: the caller says what it shows instead
    }
    return out;
}

void StateFolder::RollBack(const std::string& file) const {
    if (file.empty() || file.find('/') != std::string::npos || !EndsWith(file, ".kiosk"))
        throw IoError("'" + file + "' is not an installed package", EINVAL);
    struct stat st {};
    if (::lstat((ExhibitsDir() + "/" + file).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw IoError(file + " is not installed", ENOENT);
    const ImportLock lock(m_dir, ImportLock::NoWait{});
    if (!lock.locked())
        throw IoError("an import is running; try again when it has finished", EBUSY);
    SwitchCurrent(file);
}

std::optional<ImportStatus> StateFolder::ReadImportStatus() const {
    try {
        return ParseImportStatus(ReadSmallFile(m_dir + "/import-status", 64 * 1024));
    } catch (const IoError&) {
        return std::nullopt;
    }
}

} // namespace kiosk
