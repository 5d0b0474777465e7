// Fixtures generated in code: files, synthetic images, crafted image headers
// and small exhibit source folders. Everything a test needs is written into
// its own TempDir; nothing is read from the source tree.
#pragma once

#include "media/image.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiosk::test {

namespace fs = std::filesystem;

// [SECTION] Files ----------------------------------------------------------

inline void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline void WriteBytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
    WriteFile(path, std::string(bytes.begin(), bytes.end()));
}

inline std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<uint8_t> ReadBytes(const fs::path& path) {
    const std::string s = ReadFile(path);
    return {s.begin(), s.end()};
}

// Replaces the one occurrence of `from` in the file at `path` with `to`.
inline void ReplaceInFile(const fs::path& path, const std::string& from, const std::string& to) {
    std::string s = ReadFile(path);
    const size_t pos = s.find(from);
    if (pos == std::string::npos || s.find(from, pos + 1) != std::string::npos)
        throw std::runtime_error("'" + from + "' is not in " + path.string() + " exactly once");
    s.replace(pos, from.size(), to);
    WriteFile(path, s);
}

// Names of the files directly in `dir`, sorted.
inline std::vector<std::string> ListDir(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// [SECTION] Images ---------------------------------------------------------

// A w x h gradient; `alpha` below 255 makes every pixel translucent.
inline RgbaImage MakeImage(int w, int h, uint8_t alpha = 255) {
    RgbaImage img;
    img.width = w;
    img.height = h;
    img.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &img.pixels[(static_cast<size_t>(y) * static_cast<size_t>(w) +
                                      static_cast<size_t>(x)) *
                                     4];
            p[0] = static_cast<uint8_t>(x * 255 / (w > 1 ? w - 1 : 1));
            p[1] = static_cast<uint8_t>(y * 255 / (h > 1 ? h - 1 : 1));
            p[2] = static_cast<uint8_t>((x + y) & 0xFF);
            p[3] = alpha;
        }
    return img;
}

inline std::vector<uint8_t> PngOf(int w, int h) {
    return EncodePng(MakeImage(w, h));
}
inline std::vector<uint8_t> JpegOf(int w, int h) {
    return EncodeJpeg(MakeImage(w, h));
}

inline uint32_t Crc32(const uint8_t* data, size_t n) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
        crc ^= data[i];
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

inline void PutBigEndian(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<uint8_t>(v >> shift));
}

inline void AppendPngChunk(std::vector<uint8_t>& png, const char type[4],
                           const std::vector<uint8_t>& data) {
    PutBigEndian(png, static_cast<uint32_t>(data.size()));
    std::vector<uint8_t> typed(type, type + 4);
    typed.insert(typed.end(), data.begin(), data.end());
    png.insert(png.end(), typed.begin(), typed.end());
    PutBigEndian(png, Crc32(typed.data(), typed.size()));
}

// A PNG that is only a header: signature, an IHDR claiming w x h (8-bit,
// `color_type` 2 = RGB by default) with a correct CRC, then IEND. No pixels:
// a decompression bomb's calling card.
inline std::vector<uint8_t> PngHeaderOnly(uint32_t w, uint32_t h, uint8_t color_type = 2) {
    std::vector<uint8_t> png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<uint8_t> ihdr;
    PutBigEndian(ihdr, w);
    PutBigEndian(ihdr, h);
    ihdr.insert(ihdr.end(), {8, color_type, 0, 0, 0});
    AppendPngChunk(png, "IHDR", ihdr);
    AppendPngChunk(png, "IEND", {});
    return png;
}

// A real JPEG whose frame header (SOF0) is patched to claim w x h.
inline std::vector<uint8_t> JpegClaiming(uint16_t w, uint16_t h) {
    std::vector<uint8_t> jpg = JpegOf(16, 16);
    for (size_t i = 2; i + 8 < jpg.size(); ++i) {
        if (jpg[i] == 0xFF && (jpg[i + 1] == 0xC0 || jpg[i + 1] == 0xC2)) {
            // FF C0, length(2), precision(1), height(2), width(2)
            jpg[i + 5] = static_cast<uint8_t>(h >> 8);
            jpg[i + 6] = static_cast<uint8_t>(h & 0xFF);
            jpg[i + 7] = static_cast<uint8_t>(w >> 8);
            jpg[i + 8] = static_cast<uint8_t>(w & 0xFF);
            return jpg;
        }
    }
    throw std::runtime_error("the test JPEG has no SOF0 marker");
}

// A real PNG (16x16, RGB) whose header is rewritten to claim w x h, its
// checksum made right again: a header that does not belong to its data.
inline std::vector<uint8_t> PngClaiming(uint32_t w, uint32_t h) {
    std::vector<uint8_t> png = PngOf(16, 16);
    std::vector<uint8_t> size;
    PutBigEndian(size, w);
    PutBigEndian(size, h);
    std::copy(size.begin(), size.end(), png.begin() + 16); // after signature, length, "IHDR"
    std::vector<uint8_t> crc;
    PutBigEndian(crc, Crc32(png.data() + 12, 4 + 13));
    std::copy(crc.begin(), crc.end(), png.begin() + 12 + 4 + 13);
    return png;
}

// The first `keep` bytes of a JPEG and nothing after: the entropy-coded data
// and the end marker are gone.
inline std::vector<uint8_t> Truncated(std::vector<uint8_t> data, size_t keep) {
    data.resize(std::min(keep, data.size()));
    return data;
}

// [SECTION] SQLite ---------------------------------------------------------

// Runs `sql` on the database at `path`, opened read-write (for tampering with
// a copy of a package). Throws with sqlite's message on failure.
inline void SqlExec(const fs::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path.string() + ": " + msg);
    }
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        sqlite3_close(db);
        throw std::runtime_error("'" + sql + "' failed: " + msg);
    }
    sqlite3_close(db);
}

// Replaces the `data` blob of every image named `source_name` in the package.
inline void ReplaceImageBlob(const fs::path& path, const std::string& source_name,
                             const std::vector<uint8_t>& blob) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_stmt* st = nullptr;
    const char* sql = "UPDATE image SET data = ?1 WHERE source_name = ?2";
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
        const std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error("cannot tamper with " + path.string() + ": " + msg);
    }
    sqlite3_bind_blob(st, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, source_name.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    const int changed = sqlite3_changes(db);
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc != SQLITE_DONE || changed != 1)
        throw std::runtime_error("no image '" + source_name + "' was replaced in " + path.string());
}

// [SECTION] Exhibit source folders -----------------------------------------

// The smallest sound exhibit: one language, one panel, one small photo.
// Tests overwrite single files of it to introduce one mistake at a time.
inline void WriteMinimalExhibit(const fs::path& dir) {
    WriteFile(dir / "exhibit.toml", "id = \"minimal\"\n"              // line 1
                                    "version = 1\n"                   // line 2
                                    "languages = [\"en\"]\n"          // line 3
                                    "\n"                              // line 4
                                    "[title]\n"                       // line 5
                                    "en = \"Minimal\"\n"              // line 6
                                    "\n"                              // line 7
                                    "[[panel]]\n"                     // line 8
                                    "id = \"only\"\n"                 // line 9
                                    "date = \"1992\"\n"               // line 10
                                    "\n"                              // line 11
                                    "[[panel.image]]\n"               // line 12
                                    "file = \"images/photo.jpg\"\n"); // line 13
    WriteFile(dir / "text/en/only.md", "# The only panel\n"
                                       "\n"
                                       "A short text.\n"
                                       "\n"
                                       "![A photo](images/photo.jpg)\n");
    WriteBytes(dir / "images/photo.jpg", JpegOf(32, 24));
}

// A three-language exhibit with three panels (dated, month-dated, undated),
// images of every kind, and texts missing in some languages (fallback "en").
//   images/night.jpg   2000x500  photo  -> 1920x480, thumbnail 640x160
//   images/map.png      300x1200 map    -> 270x1080, thumbnail 90x360
//   images/drawing.png  200x100  illus. -> 200x100 (never scaled up)
inline void WriteSampleExhibit(const fs::path& dir) {
    WriteFile(dir / "exhibit.toml", R"(id = "sample-exhibit"
version = 7
languages = ["az", "en", "ru"]
default_language = "en"
fallback_language = "en"

[title]
en = "Remembrance"
az = "Xatirə"
ru = "Память"

[attract]
dwell_s = 12
transition_s = 0.5

[[panel]]
id = "the-night"
date = "1992-02-26"

[[panel.image]]
file = "images/night.jpg"
kind = "photo"

[[panel.image]]
file = "images/map.png"
kind = "map"

[[panel]]
id = "aftermath"
date = "1992-03"

[[panel.image]]
file = "images/drawing.png"
kind = "illustration"

[[panel]]
id = "memory"
)");
    WriteFile(dir / "text/en/the-night.md", "# The night\n"
                                            "\n"
                                            "First line of a paragraph\n"
                                            "and its second line.\n"
                                            "\n"
                                            "## What happened\n"
                                            "\n"
                                            "- one\n"
                                            "- two\n"
                                            "\n"
                                            "![Night photo](images/night.jpg)\n"
                                            "![The map](images/map.png)\n");
    WriteFile(dir / "text/az/the-night.md", "# Gecə\n"
                                            "\n"
                                            "Əziz xatirə: ğ ı İ ö ü ç ş.\n"
                                            "\n"
                                            "![Gecə şəkli](images/night.jpg)\n");
    WriteFile(dir / "text/ru/the-night.md", "# Ночь\n\nПамять о погибших.\n");
    WriteFile(dir / "text/en/aftermath.md", "# Aftermath\n\nWhat followed.\n");
    WriteFile(dir / "text/az/aftermath.md", "# Sonra\n\nSonrakı günlər.\n");
    WriteFile(dir / "text/en/memory.md", "# Memory\n\nWe remember.\n");
    WriteBytes(dir / "images/night.jpg", JpegOf(2000, 500));
    WriteBytes(dir / "images/map.png", PngOf(300, 1200));
    WriteBytes(dir / "images/drawing.png", PngOf(200, 100));
}

} // namespace kiosk::test
