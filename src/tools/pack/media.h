// kiosk-pack's media: videos named in exhibit.toml ([[panel.video]]),
// narration (audio/LANG/PANEL-ID.*) and subtitles (subtitles/LANG/NAME.vtt or
// .srt), each probed with libavformat and checked before anything is written.
#pragma once

#include "core/model.h"
#include "storage/package.h"
#include "tools/pack/screen_image.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct MediaSourceFile {
    MediaEntry entry;                  // what goes into the package's media table
    std::filesystem::path path;        // the file in the source folder
    std::optional<ScreenImage> poster; // a video's poster frame, ready to store
};

struct MediaPlan {
    std::vector<MediaSourceFile> files; // videos first (in panel order), then the rest
    bool synthetic_narration = false;   // exhibit.toml [narration] synthetic = true
};

// Reads and probes every media file of the source folder `src` for the
// exhibit read from it, and makes every video's poster frame (DecodePosterFrame,
// scaled like the images: to the exhibit's screen, a thumbnail to
// `thumb_width` x `thumb_height`). Problems ("FILE line N: what; what to do") stop the
// build; warnings (a video without subtitles in a language, a codec a Pi
// decodes only in software) go to `notes`, or to `problems` when `strict`.
MediaPlan CollectMedia(const std::filesystem::path& src, const Exhibit& exhibit, int thumb_width,
                       int thumb_height, bool strict, std::vector<std::string>& problems,
                       std::vector<std::string>& notes);

// Stores every file of `plan` (after the panels), each video's poster frame
// as an image row first. Throws PackageError.
void WriteMedia(PackageWriter& writer, const MediaPlan& plan);

} // namespace kiosk
