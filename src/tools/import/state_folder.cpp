#include "tools/import/state_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

} // namespace

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

StateFolder::StateFolder(std::string dir) : m_dir(std::move(dir)) {
    while (m_dir.size() > 1 && m_dir.back() == '/')
        m_dir.pop_back();
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

} // namespace kiosk
