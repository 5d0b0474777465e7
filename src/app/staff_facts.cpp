#include "app/staff_facts.h"

#include "storage/state_folder.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <ctime>
#include <filesystem>
#include <fstream>

namespace kiosk {

namespace {

std::string LastLine(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

} // namespace

std::string WallClockText(int64_t unix_s) {
    char buf[64];
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

StaffFacts GatherStaffFacts(const StaffFactsInput& in) {
    StaffFacts out;
    auto add = [&](const std::string& k, const std::string& v) { out.facts.emplace_back(k, v); };
    add("Exhibit", in.title.empty() ? "none (unavailable)" : in.title);
    add("Id and version", in.id + ", version " + std::to_string(in.version));
    std::error_code ec;
    const auto target = std::filesystem::canonical(in.exhibit_path, ec);
    add("File", ec ? in.exhibit_path : target.filename().string());
    struct stat st {};
    if (!ec && stat(target.c_str(), &st) == 0) add("Installed", WallClockText(st.st_mtime));
    const std::string sig = ec ? "" : LastLine(target.string() + ".minisig");
    add("Signature", sig.empty() ? "none beside the package"
                                 : "present (" + target.filename().string() + ".minisig)");
    add("Running for", std::to_string(in.uptime_s / 3600) + " h " +
                           std::to_string(in.uptime_s / 60 % 60) + " min");
    add("Last restart", in.last_run);
    const std::string import = LastLine(in.state_dir + "/import-log");
    add("Last import", import.empty() ? "none" : import);
    add("Screen", std::to_string(in.width) + " x " + std::to_string(in.height) + " px, " +
                      std::to_string(static_cast<int>(in.dpi)) + " dpi");
    add("Graphics", in.graphics);
    std::optional<uint64_t> free_bytes = in.free_bytes;
    struct statvfs vfs {};
    if (!free_bytes && statvfs(in.state_dir.c_str(), &vfs) == 0)
        free_bytes = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    if (free_bytes) {
        const uint64_t free = *free_bytes;
        std::string text = std::to_string(free / (1024 * 1024)) + " MB in " + in.state_dir;
        if (free < kFullDiskBytes)
            text = "FULL: " + text + " (new exhibits and visits cannot be stored)";
        add("Free space", text);
    }
    std::string visits = std::to_string(in.visits_since_start) + " since this start";
    if (!in.visits_summary.empty()) visits += ", " + in.visits_summary;
    add("Visits", visits);
    out.previous_packages = StateFolder::Existing(in.state_dir).PreviousPackages();
    return out;
}

} // namespace kiosk
