#include "app/exhibit_source.h"

#include "core/error.h"
#include "storage/state_folder.h"

#include <sys/stat.h>

#include <filesystem>

namespace kiosk {

FileKey KeyOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {st.st_dev, st.st_ino, static_cast<int64_t>(st.st_size),
            static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

ExhibitSource::ExhibitSource(std::string exhibit_path, std::string state_dir, LogFn log)
    : m_exhibit_path(std::move(exhibit_path)), m_state_dir(std::move(state_dir)),
      m_log(std::move(log)) {}

std::optional<LoadedExhibit> ExhibitSource::TryOpen(const std::string& path,
                                                    std::string& why) const {
    const FileKey key = KeyOf(path);
    if (IsBad(key)) {
        why = "it failed its check earlier";
        return std::nullopt;
    }
    try {
        // The whole-file scan runs afterwards as a job (Check): the exhibit
        // is on screen in a moment even when the file is large.
        Package pkg = Package::Open(path, false);
        LoadedExhibit out{path, key, pkg.exhibit(), pkg.Fonts()};
        const Exhibit& ex = out.exhibit;
        m_log("exhibit '" + ex.id + "' version " + std::to_string(ex.version) + ": " +
              std::to_string(ex.panels.size()) + " panels, " + std::to_string(ex.languages.size()) +
              " languages, from " + path);
        return out;
    } catch (const Error& e) {
        why = e.what();
        return std::nullopt;
    }
}

std::optional<LoadedExhibit> ExhibitSource::Load(bool fallback) const {
    // Open what the path points at now, by its real name: the image reader
    // must read the same file even if `current` moves on.
    std::error_code ec;
    const std::string real = std::filesystem::weakly_canonical(m_exhibit_path, ec).string();
    std::string why;
    if (auto loaded = TryOpen(ec ? m_exhibit_path : real, why)) return loaded;
    m_log("the exhibit cannot be shown: " + why);
    if (!fallback) return std::nullopt;
    const StateFolder folder = StateFolder::Existing(m_state_dir);
    for (const auto& name : folder.PreviousPackages()) {
        const std::string path = folder.ExhibitsDir() + "/" + name;
        if (std::filesystem::equivalent(path, m_exhibit_path, ec)) continue;
        std::string why_not;
        if (auto loaded = TryOpen(path, why_not)) {
            m_log("showing the previous exhibit " + name + " instead");
            return loaded;
        }
        m_log("the previous exhibit " + name + " cannot be shown either: " + why_not);
    }
    return std::nullopt;
}

std::string ExhibitSource::Check(const std::string& path) const {
    return QuickCheck(path);
}

void ExhibitSource::MarkBad(const FileKey& key) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_bad.insert(key);
}

bool ExhibitSource::IsBad(const FileKey& key) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_bad.count(key) > 0;
}

} // namespace kiosk
