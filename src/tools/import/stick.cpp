#include "tools/import/stick.h"

#include "core/text.h"
#include "storage/files.h"
#include "tools/import/errors.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <memory>

namespace kiosk {

namespace {

std::string Lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool HasControlCharacter(const std::string& name) {
    return std::any_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

// RAII for a DIR*, closed once.
struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};

} // namespace

std::string PrintableName(const std::string& name) {
    std::string out;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    // Replace every byte of an invalid UTF-8 sequence, one at a time.
    while (auto bad = FindInvalidUtf8(out))
        out[*bad] = '?';
    return out;
}

StickScan ScanStick(const std::string& source_dir) {
    const int dfd = ::open(source_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        throw ImportError("the stick cannot be read (" + ErrnoText(errno) +
                          "); take it out and plug it in again");
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dfd));
    if (!dir) {
        const int err = errno;
        ::close(dfd);
        throw ImportError("the stick cannot be read (" + ErrnoText(err) + ")");
    }
    // Every name once, and its lower-case form, so NAME.minisig is found on a
    // FAT stick that changed the case of one of the two files.
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(dir.get()))
        names.emplace_back(e->d_name);
    if (errno != 0)
        throw ImportError("the stick cannot be read (" + ErrnoText(errno) +
                          "); take it out and plug it in again");
    std::sort(names.begin(), names.end());
    std::map<std::string, std::string> by_lower;
    for (const auto& n : names)
        by_lower.emplace(Lower(n), n); // the first in sort order wins
    auto regular = [&](const std::string& name) {
        struct stat st {};
        return ::fstatat(dfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
    };

    StickScan scan;
    for (const auto& name : names) {
        if (!EndsWith(Lower(name), ".kiosk")) continue;
        // Hidden files (and macOS's "._NAME" resource forks) are not the
        // curator's; ignore them without a word.
        if (name[0] == '.') continue;
        const std::string shown = PrintableName(name);
        if (FindInvalidUtf8(name) || HasControlCharacter(name)) {
            scan.skipped.push_back(shown + ": its name has characters the kiosk does not accept; "
                                           "rename it with letters, digits and dashes");
            continue;
        }
        struct stat st {};
        if (::fstatat(dfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            scan.skipped.push_back(shown + ": it cannot be read (" + ErrnoText(errno) + ")");
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            scan.skipped.push_back(shown + ": it is a link, not a file; copy the file itself");
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            scan.skipped.push_back(shown + ": it is not a file");
            continue;
        }
        if (scan.packages.size() == kMaxStickPackages) {
            scan.skipped.push_back(shown + ": the stick holds more than " +
                                   std::to_string(kMaxStickPackages) +
                                   " packages; only the first ones by name were checked");
            continue;
        }
        StickPackage pkg{name, source_dir + "/" + name, ""};
        std::string sig = name + ".minisig";
        if (!regular(sig)) {
            auto it = by_lower.find(Lower(sig));
            sig = it == by_lower.end() ? "" : it->second;
        }
        if (!sig.empty() && regular(sig)) pkg.signature_path = source_dir + "/" + sig;
        scan.packages.push_back(std::move(pkg));
    }
    return scan;
}

} // namespace kiosk
