// kiosk-pack's work, as a library so tests call it directly: read an exhibit
// source folder, report every problem with file and line, write a package.
#pragma once

#include "core/model.h"
#include "storage/package.h"

#include <string>
#include <vector>

namespace kiosk {

struct BuildOptions {
    int screen_width =
        0; // images are scaled to fit this box; 0: exhibit.toml's [screen], else 1920x1080
    int screen_height = 0;
    int thumb_width = 640; // home-screen tiles
    int thumb_height = 360;
    int jobs = 0; // image workers; 0 = one per core
    // Warnings about media (a video without subtitles in a language, a codec
    // a Pi decodes only in software) stop the build instead of being notes.
    bool strict = false;
};

struct BuildResult {
    bool ok = false;
    std::vector<std::string> problems; // "FILE line N: what is wrong; what to do"
    std::vector<std::string> notes;    // not errors: fallbacks, untranslated buttons
    int panels = 0;
    int languages = 0;
    int images = 0;
    int media = 0; // videos, narration and subtitle files
    uint64_t bytes = 0;
};

// Compiles `source_dir` into `out_path`. Writes a temporary file beside
// `out_path` and renames it only when everything succeeded, so a failed build
// leaves no file and never replaces a good one. Never throws.
BuildResult BuildPackage(const std::string& source_dir, const std::string& out_path,
                         const BuildOptions& options = {});

struct PackageSummary {
    std::string id;
    int64_t version = 0;
    std::string title;
    std::vector<std::string> languages;
    std::string default_language;
    int panels = 0;
    int images = 0;
    uint64_t bytes = 0;
    std::vector<MediaEntry> media;
};

// Opens a package (as untrusted) and summarises it. Throws PackageError.
PackageSummary SummarisePackage(const std::string& path);
std::string SummaryText(const PackageSummary& s);
std::string SummaryJson(const PackageSummary& s);

} // namespace kiosk
