#include "tools/import/report.h"

#include "storage/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <utility>

namespace kiosk {

const char* OutcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Installed:
        return "installed";
    case Outcome::NothingToDo:
        return "nothing to do";
    case Outcome::Rejected:
        return "rejected";
    }
    return "rejected";
}

std::string OneLine(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

std::string StatusText(const Status& status, std::time_t now, pid_t pid) {
    return ImportStatusText({status.phase, status.progress, status.message, now, pid});
}

StatusFile::StatusFile(std::string state_dir, Observer observer,
                       std::function<void(const std::string&)> warn)
    : m_path(std::move(state_dir) + "/import-status"), m_observer(std::move(observer)),
      m_warn(std::move(warn)) {}

namespace {
// How often progress alone rewrites the status file.
constexpr auto kFileInterval = std::chrono::milliseconds(100);
} // namespace

void StatusFile::Set(Phase phase, double progress, const std::string& message) {
    m_status = {phase, progress, message};
    const bool final =
        phase == Phase::Installed || phase == Phase::Rejected || phase == Phase::Nothing;
    Write(final);
}

void StatusFile::Progress(double progress) {
    m_status.progress = progress;
    if (std::fabs(progress - m_written_progress) < 0.01) return;
    // The screen reads the file a few times a second; rewriting it (a rename
    // that makes the file system write it out) for every percent cost a fast
    // import half its time. Phases and the outcome are always written.
    const bool due = std::chrono::steady_clock::now() - m_file_written >= kFileInterval;
    Write(false, due);
}

void StatusFile::Write(bool durable, bool file) {
    m_written_progress = m_status.progress;
    if (m_observer) m_observer(m_status);
    if (!file) return;
    m_file_written = std::chrono::steady_clock::now();
    try {
        ReplaceFile(m_path, StatusText(m_status, std::time(nullptr), ::getpid()), durable);
    } catch (const IoError& e) {
        if (!m_warned && m_warn)
            m_warn(std::string("the import status cannot be shown: ") + e.what());
        m_warned = true;
    }
}

std::string ReportText(const ReportContent& r) {
    char date[64] = "";
    std::tm local{};
    if (localtime_r(&r.when, &local))
        std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", &local);
    std::string s = "Kiosk exhibit import report\n===========================\n\n";
    s += std::string("Date:    ") + date + "\n";
    s += "Kiosk:   " + r.hostname + "\n";
    s += std::string("Outcome: ") + OutcomeName(r.outcome) + "\n\n";
    s += r.message + "\n";
    if (!r.details.empty()) {
        s += "\nDetails:\n";
        for (const auto& d : r.details)
            s += "  - " + d + "\n";
    }
    s += "\nExhibit packages on this kiosk:\n";
    if (r.installed.empty()) s += "  (none)\n";
    for (const auto& p : r.installed)
        s += "  - " + p + "\n";
    if (!r.visits.empty()) {
        s += "\nVisit statistics\n----------------\n" + r.visits;
        if (r.visits.back() != '\n') s += "\n";
    }
    return s;
}

std::string WriteStickReport(const std::string& source_dir, const std::string& text,
                             std::time_t when) {
    const std::string dir = source_dir + "/kiosk-report";
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
        throw IoError("cannot create " + dir + ": " + ErrnoText(errno), errno);
    // O_NOFOLLOW on the folder too: a "kiosk-report" link on the stick must
    // not make the kiosk write somewhere else.
    UniqueFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dfd) throw IoError("cannot open " + dir + ": " + ErrnoText(errno), errno);
    char stamp[32] = "unknown-time";
    std::tm local{};
    if (localtime_r(&when, &local)) std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    for (int n = 1; n < 100; ++n) {
        const std::string name =
            std::string("import-") + stamp + (n == 1 ? "" : "-" + std::to_string(n)) + ".txt";
        UniqueFd fd(::openat(dfd.get(), name.c_str(),
                             O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (!fd) {
            if (errno == EEXIST) continue;
            throw IoError("cannot write " + dir + "/" + name + ": " + ErrnoText(errno), errno);
        }
        const std::string path = dir + "/" + name;
        WriteAll(fd.get(), ::write, reinterpret_cast<const uint8_t*>(text.data()), text.size());
        SyncFd(fd.get(), path);
        fd.Close(path);
        SyncFd(dfd.get(), dir);
        return path;
    }
    throw IoError("too many reports in " + dir + " for one second", EEXIST);
}

void AppendImportLog(const std::string& state_dir, std::time_t when, Outcome outcome,
                     const std::string& message) {
    AppendLine(state_dir + "/import-log",
               std::to_string(when) + "\t" + OutcomeName(outcome) + "\t" + OneLine(message));
}

} // namespace kiosk
