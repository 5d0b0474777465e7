// Packages built with kiosk::BuildPackage from fixtures written in code, and
// small helpers to read what Package::Open / CheckPackage say about them.
#pragma once

#include "core/error.h"
#include "fixtures.h"
#include "storage/package.h"
#include "temp_dir.h"
#include "tools/pack/pack.h"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiosk::test {

inline std::string Joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

// Builds `source` into `out`; throws (failing the test with the problems) when
// the build fails.
inline std::string BuildOrThrow(const fs::path& source, const std::string& out,
                                const BuildOptions& options = {}) {
    const BuildResult r = BuildPackage(source.string(), out, options);
    if (!r.ok) throw std::runtime_error("the fixture did not build:\n" + Joined(r.problems));
    return out;
}

// Writes the sample exhibit into tmp/src and builds it into tmp/sample.kiosk.
inline std::string BuildSamplePackage(const TempDir& tmp) {
    WriteSampleExhibit(tmp.path() / "src");
    return BuildOrThrow(tmp.path() / "src", tmp / "sample.kiosk");
}

// Copies a package so a test can tamper with the copy.
inline std::string CopyOf(const std::string& package, const std::string& copy) {
    fs::copy_file(package, copy, fs::copy_options::overwrite_existing);
    return copy;
}

// What Package::Open says about `path`: "" when it opens.
inline std::string OpenError(const std::string& path) {
    try {
        Package::Open(path);
    } catch (const PackageError& e) {
        return e.what();
    }
    return "";
}

inline const Panel* FindPanel(const Exhibit& ex, const std::string& id) {
    for (const auto& p : ex.panels)
        if (p.id == id) return &p;
    return nullptr;
}

} // namespace kiosk::test
