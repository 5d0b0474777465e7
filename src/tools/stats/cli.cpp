// kiosk-stats' command line: arguments, opening the database, writing the
// output. The reports themselves are in formats.cpp and html.cpp.

#include "storage/visits.h"
#include "tools/stats/stats.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace kiosk::stats {

namespace {

int64_t WallNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Writes `text` to `path` through PATH.tmp and rename, so an interrupted run
// never leaves half a report where the last good one was. Throws Error.
void WriteFileAtomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
    size_t done = 0;
    int err = 0;
    while (done < text.size() && err == 0) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            err = n < 0 ? errno : EIO;
        else
            done += static_cast<size_t>(n);
    }
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
    if (err != 0) {
        ::unlink(tmp.c_str());
        throw Error("cannot write " + path + ": " + std::strerror(err));
    }
}

} // namespace

const char* FormatName(Format format) {
    switch (format) {
    case Format::Text:
        return "text";
    case Format::Csv:
        return "csv";
    case Format::Json:
        return "json";
    case Format::Html:
        return "html";
    }
    return "text";
}

std::optional<Format> ParseFormat(const std::string& name) {
    for (Format f : {Format::Text, Format::Csv, Format::Json, Format::Html})
        if (name == FormatName(f)) return f;
    return std::nullopt;
}

std::string UsageText() {
    return "usage: kiosk-stats [--db visits.db] [--since YYYY-MM-DD] "
           "[--format text|csv|json|html] [-o FILE]\n"
           "  --db FILE      the kiosk's visit statistics (default /var/lib/kiosk/visits.db)\n"
           "  --since DATE   only visits from this local date on (default: all)\n"
           "  --format NAME  text (default), csv, json, or html (a page with charts)\n"
           "  -o FILE        write the report to FILE instead of the terminal\n";
}

Options ParseArgs(const std::vector<std::string>& args) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--db") {
            o.db = value();
        } else if (a == "--since") {
            o.since = value();
            if (!DayNumber(o.since))
                throw UsageError("--since must be a date like 2025-03-01, not '" + o.since + "'");
        } else if (a == "--format") {
            const std::string& name = value();
            const auto f = ParseFormat(name);
            if (!f)
                throw UsageError("--format must be text, csv, json or html, not '" + name + "'");
            o.format = *f;
        } else if (a == "-o" || a == "--output") {
            o.output = value();
        } else if (a == "-h" || a == "--help") {
            o.help = true;
        } else {
            throw UsageError("unknown argument '" + a + "'");
        }
    }
    if (o.db.empty()) throw UsageError("--db needs a file name");
    return o;
}

std::string Render(const VisitSummary& summary, Format format, const ReportInfo& info) {
    switch (format) {
    case Format::Text:
        return RenderText(summary, info);
    case Format::Csv:
        return RenderCsv(summary);
    case Format::Json:
        return RenderJson(summary, info);
    case Format::Html:
        return RenderHtml(summary, info);
    }
    return RenderText(summary, info);
}

std::string MakeReport(const std::string& db, Format format, const std::string& since,
                       int64_t now_ms) {
    int64_t since_ms = 0;
    if (!since.empty()) {
        const auto midnight = LocalMidnightMs(since);
        if (!midnight) throw UsageError("--since must be a date like 2025-03-01");
        since_ms = *midnight;
    }
    VisitStoreOptions options;
    options.read_only = true;
    const VisitStore store(db, options);
    const VisitSummary summary = store.Summarise(since_ms);
    ReportInfo info;
    // The period ends with the last visit, not today: a copy of visits.db read
    // months later should not show months of empty days.
    const std::string today = LocalTimeOf(now_ms).day;
    info.from_day = since.empty() ? summary.FirstDay() : since;
    info.to_day = summary.visits > 0 ? summary.LastDay() : std::max(today, info.from_day);
    if (info.from_day.empty()) info.from_day = info.to_day;
    info.generated_ms = now_ms;
    return Render(summary, format, info);
}

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Options o;
    try {
        o = ParseArgs(args);
    } catch (const UsageError& e) {
        err << "kiosk-stats: " << e.what() << "\n" << UsageText();
        return 2;
    }
    if (o.help) {
        out << UsageText();
        return 0;
    }
    try {
        const std::string report = MakeReport(o.db, o.format, o.since, WallNowMs());
        if (o.output.empty()) {
            out << report;
            out.flush();
            if (!out) throw Error("cannot write the report to standard output");
        } else {
            WriteFileAtomically(o.output, report);
        }
        return 0;
    } catch (const UsageError& e) {
        err << "kiosk-stats: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "kiosk-stats: " << e.what() << "\n";
        return 1;
    }
}

} // namespace kiosk::stats
