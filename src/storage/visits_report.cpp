#include "storage/visits_report.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace kiosk {

namespace {

constexpr size_t kTopHours = 3;
constexpr size_t kTopPanels = 5;

std::string Percent(int64_t part, int64_t whole) {
    if (whole <= 0) return "0 %";
    return std::to_string((part * 100 + whole / 2) / whole) + " %";
}

std::string HourRange(size_t hour) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02zu:00-%02zu:00", hour, (hour + 1) % 24);
    return buf;
}

std::string Line(const std::string& label, const std::string& value) {
    std::string s = "  " + label;
    s.append(label.size() < 20 ? 20 - label.size() : 1, ' ');
    return s + value + "\n";
}

// Closes a file descriptor; the RAII owner for the report's temporary file.
class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    // Closes now, to see close's own error (a delayed write failing).
    int Close() {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }

  private:
    int m_fd;
};

// Breaks a paragraph into lines of at most `width` bytes (at spaces), for
// text read in a plain editor.
std::string Wrap(const std::string& text, size_t width) {
    std::string out, line, word;
    std::istringstream words(text);
    while (words >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + line + "\n";
}

std::string ErrnoText(int err) {
    return std::strerror(err);
}

} // namespace

const char* VisitsPrivacyNote() {
    return "What is recorded: for each visit, when it started (to the quarter hour), how long "
           "the visitor kept touching the screen, the language used most, and which panels were "
           "opened, for how long and how many of their images were seen. Nothing that identifies "
           "a visitor is recorded: no touch positions, no names, no device identifiers, no "
           "photographs. After two years (by default) visits are kept only as daily totals.";
}

std::string VisitsPrivacyNoteText() {
    return Wrap(VisitsPrivacyNote(), 78);
}

std::string VisitsReportText(const VisitSummary& s, const std::string& heading) {
    std::string out = heading + "\n";
    if (s.visits == 0) return out + "  No visits recorded.\n";
    const int64_t day_count = static_cast<int64_t>(s.days.size());
    out += Line("Visits:", FormatCount(s.visits) + " on " + FormatCount(day_count) +
                               (day_count == 1 ? " day" : " days") + " (about " +
                               FormatCount((s.visits + day_count / 2) / day_count) + " a day)");
    if (s.detailed_visits > 0) {
        std::string median = FormatDuration(s.median_duration_ms);
        if (s.detailed_visits < s.visits)
            median += " (of the " + FormatCount(s.detailed_visits) + " visits kept in detail)";
        out += Line("Median visit:", median);
    }
    out += Line("Time spent in all:", FormatDuration(s.total_duration_ms));

    std::vector<size_t> hours(24);
    for (size_t h = 0; h < 24; ++h)
        hours[h] = h;
    std::stable_sort(hours.begin(), hours.end(),
                     [&](size_t a, size_t b) { return s.hours[a] > s.hours[b]; });
    std::string busiest;
    for (size_t i = 0; i < kTopHours && s.hours[hours[i]] > 0; ++i)
        busiest +=
            (i ? ", " : "") + HourRange(hours[i]) + " (" + FormatCount(s.hours[hours[i]]) + ")";
    out += Line("Busiest hours:", busiest);

    std::string langs;
    for (const auto& l : s.languages)
        langs += (langs.empty() ? "" : ", ") + l.language + " " + FormatCount(l.visits) + " (" +
                 Percent(l.visits, s.visits) + ")";
    out += Line("Languages:", langs);

    if (s.panels.empty()) {
        out += Line("Panels opened:", "none");
    } else {
        out += "  Most viewed panels:\n";
        for (size_t i = 0; i < std::min(kTopPanels, s.panels.size()); ++i) {
            const auto& p = s.panels[i];
            out += "    " + std::to_string(i + 1) + ". " + p.panel_id + ": " +
                   FormatCount(p.views) + (p.views == 1 ? " view" : " views") + ", " +
                   FormatDuration(p.total_dwell_ms) + " in all, about " +
                   FormatDuration(p.views ? p.total_dwell_ms / p.views : 0) + " each\n";
        }
    }
    return out;
}

std::string BuildVisitsReport(const VisitStore& store, int64_t now_wall_ms) {
    const std::string today = LocalTimeOf(now_wall_ms).day;
    const int64_t today_number = DayNumber(today).value_or(0);
    const std::string first = DayFromNumber(today_number - 29);
    const VisitSummary month = store.Summarise(LocalMidnightMs(first).value_or(1));
    const VisitSummary all = store.Summarise(0);

    std::string out = VisitsReportText(month, "Last 30 days (" + first + " to " + today + ")");
    out += "\n";
    out += VisitsReportText(all, all.visits ? "All time (since " + all.FirstDay() + ")"
                                            : std::string("All time"));
    out += "\n";
    out += VisitsPrivacyNoteText();
    return out;
}

bool RefreshVisitsReport(const VisitStore& store, const std::string& path, int64_t now_wall_ms) {
    const std::string text = BuildVisitsReport(store, now_wall_ms);
    {
        // Unchanged: no write at all (the SD card is written only when needed).
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream old;
            old << in.rdbuf();
            if (old.str() == text) return false;
        }
    }
    const std::string tmp = path + ".tmp";
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) throw VisitsError("cannot write " + tmp + ": " + ErrnoText(errno));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::unlink(tmp.c_str());
            throw VisitsError("cannot write " + tmp + ": " + ErrnoText(err));
        }
        done += static_cast<size_t>(n);
    }
    // The data reaches the card before the name points at it: after a power
    // cut the report is the old one or the new one, never empty.
    if (::fsync(fd.get()) != 0 || fd.Close() != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw VisitsError("cannot write " + tmp + ": " + ErrnoText(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw VisitsError("cannot replace " + path + ": " + ErrnoText(err));
    }
    return true;
}

} // namespace kiosk
