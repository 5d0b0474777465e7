// The exhibit package: one SQLite file (see DESIGN.md). This file owns its
// schema, the defensive way to open one, reading it into core types, writing
// one (for kiosk-pack) and checking one deeply (for kiosk-pack check and imports).
#pragma once

#include "core/model.h"
#include "media/byte_source.h"
#include "media/probe.h"
#include "storage/sqlite.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

// 'KIOS' in ASCII: PRAGMA application_id of every exhibit package.
constexpr int32_t kPackageApplicationId = 0x4B494F53;
// PRAGMA user_version of the schema this build reads and writes.
constexpr int kPackageSchemaVersion = 1;
// A package with video, narration or subtitles (its `media` table) is stamped
// version 2, so a kiosk built before media says "update the kiosk" instead of
// showing an exhibit without them; one without media stays version 1.
constexpr int kPackageMediaSchemaVersion = 2;

// Limits a package must keep to; an untrusted package beyond them is refused.
constexpr size_t kMaxTitleChars = 120;
constexpr size_t kMaxBodyChars = 12000;
constexpr size_t kMaxCaptionChars = 400;
constexpr size_t kMaxNoteChars = 400; // the home screen's content note, per language
constexpr int kMaxPanels = 5000;

// The largest media file a package holds (an SQLite blob's offsets are ints).
constexpr uint64_t kMaxMediaBytes = 1ull << 30;

// One media file of the package: a panel's video, its narration in a
// language, or a video's subtitles in a language.
struct MediaEntry {
    int64_t id = 0;
    std::string source_name; // as in the source folder: "video/map.mp4"
    std::string role;        // "video", "narration" or "subtitles"
    std::string panel;       // the panel's id
    int position = 0;        // video: its place among the panel's videos; subtitles: their video's
    std::string lang;        // narration, subtitles: the language; video: ""
    std::string kind;        // video: photo | illustration | map; else ""
    MediaInfo info;          // subtitles: container "vtt"/"srt", no codecs
    uint64_t bytes = 0;
    int64_t poster_image_id = 0; // video: the image of its poster frame; else 0
};

struct FontBlob {
    std::string name;
    std::vector<uint8_t> data;
};

class Package {
  public:
    // Opens a package read-only as untrusted input: checks the file header,
    // defensive mode, trusted_schema off, lowered limits, application_id,
    // schema version, quick_check, and only the expected tables. Then reads
    // the exhibit. Throws PackageError with a plain sentence on any failure;
    // nothing is left open then.
    // `quick_check` false skips the whole-file scan (everything else stays):
    // only with QuickCheck() run on another thread meanwhile, and the package
    // refused when it fails (the kiosk's installed package, an import's copy
    // whose signature held). The scan reads every page, seconds on an SD card
    // for a large exhibit.
    static Package Open(const std::string& path, bool quick_check = true);

    const Exhibit& exhibit() const { return m_exhibit; }
    const std::string& path() const { return m_path; }

    // The stored, screen-sized image or its thumbnail. Throws PackageError when
    // the id is unknown or the read fails.
    std::vector<uint8_t> ImageData(int64_t image_id, bool thumbnail) const;
    std::vector<FontBlob> Fonts() const;
    int ImageCount() const;
    // Every media file's description (not its bytes), in id order.
    std::vector<MediaEntry> Media() const;
    // A small media file whole (subtitles): throws PackageError when the id is
    // unknown or it is larger than `max_bytes`.
    std::vector<uint8_t> MediaData(int64_t media_id, uint64_t max_bytes) const;

  private:
    Package() = default;
    std::string m_path;
    Db m_db;
    Exhibit m_exhibit;
};

// Reads image blobs from a package on its own connection, for the decode
// worker thread (SQLite connections are not shared between threads here).
class ImageReader {
  public:
    explicit ImageReader(const std::string& path); // throws PackageError
    std::vector<uint8_t> Read(int64_t image_id, bool thumbnail) const;

  private:
    Db m_db;
};

// Opens `path` read-only with the defensive settings only (no reading). Used
// by Package::Open and by readers on other threads. Throws PackageError.
Db OpenUntrusted(const std::string& path);

// SQLite's quick_check of the file on a connection of its own; "" when it
// passes, else what is wrong in plain words. Never throws; safe on any thread.
// `mapped`: read through a memory mapping, about twice as fast (as
// Package::Open's check); only for a file nobody can cut short meanwhile,
// such as an import's own copy (a mapping past the end is SIGBUS).
std::string QuickCheck(const std::string& path, bool mapped = false);

// Every problem found in the package, in words a curator understands; empty
// when the package is sound. Runs integrity_check, checks every text and
// reference, every image's header, sizes and layout (CheckImageLayout: no
// pixels are decoded, so the check reads at disk speed) and every font.
// `structure_checked`: the caller runs SQLite's quick_check of this very file
// (Package::Open or QuickCheck, before or beside this call), refuses the file
// when it fails, and nothing writes the file meanwhile; the whole-file scan is
// not repeated, and the file is read through a memory mapping (only for a
// copy nobody else can truncate). `stop`, when given and set, ends the check
// between two images (or before the fonts, or the media) with a problem that
// says so: for a check begun ahead of time whose answer is no longer wanted.
// Never throws.
std::vector<std::string> CheckPackage(const std::string& path, bool structure_checked = false,
                                      const std::atomic<bool>* stop = nullptr);

// Writes a package. Used by kiosk-pack; the caller writes to a temporary path
// and renames when Finish() succeeded.
class PackageWriter {
  public:
    explicit PackageWriter(const std::string& path); // creates a new, empty file
    void SetExhibit(const Exhibit& exhibit);         // metadata, languages, titles
    // Stores an image and its thumbnail; returns its id.
    int64_t AddImage(const std::string& source_name, const std::string& format, int width,
                     int height, const std::vector<uint8_t>& data, const std::string& thumb_format,
                     int thumb_width, int thumb_height, const std::vector<uint8_t>& thumb);
    void AddPanel(const Panel& panel, int position); // texts, image refs and captions
    void AddFont(const std::string& name, const std::vector<uint8_t>& data);
    // Stores a media file of a panel already added, copying `data` in chunks
    // (a video never has to fit in memory); returns its id. The first one
    // creates the media table and stamps kPackageMediaSchemaVersion.
    int64_t AddMedia(const MediaEntry& entry, ByteSource& data);
    // Commits, checks and closes; throws PackageError on failure.
    void Finish();

  private:
    Db m_db;
    bool m_has_media = false;
};

} // namespace kiosk
