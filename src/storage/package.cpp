// [SECTION] Schema
// [SECTION] Defensive open
// [SECTION] Reading into core types
// [SECTION] Deep check
// [SECTION] Writing

#include "storage/package.h"

#include "core/glyphs.h"
#include "core/i18n.h"
#include "core/subtitles.h"
#include "core/text.h"
#include "media/image.h"
#include "media/media_module.h"
#include "storage/media_blob.h"
#include "storage/media_rules.h"
#include "storage/validate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sys/stat.h>

namespace kiosk {

// [SECTION] Schema ---------------------------------------------------------

namespace {

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE exhibit(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE language(
  code TEXT PRIMARY KEY NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE panel(
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL UNIQUE,
  date TEXT NOT NULL DEFAULT ''
);
CREATE TABLE panel_text(
  panel_id INTEGER NOT NULL REFERENCES panel(id),
  lang TEXT NOT NULL REFERENCES language(code),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY(panel_id, lang)
) WITHOUT ROWID;
CREATE TABLE image(
  id INTEGER PRIMARY KEY,
  source_name TEXT NOT NULL,
  format TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  data BLOB NOT NULL,
  thumb_format TEXT NOT NULL,
  thumb_width INTEGER NOT NULL,
  thumb_height INTEGER NOT NULL,
  thumb BLOB NOT NULL
);
CREATE TABLE panel_image(
  panel_id INTEGER NOT NULL REFERENCES panel(id),
  position INTEGER NOT NULL,
  image_id INTEGER NOT NULL REFERENCES image(id),
  kind TEXT NOT NULL,
  PRIMARY KEY(panel_id, position)
) WITHOUT ROWID;
CREATE TABLE caption(
  panel_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  lang TEXT NOT NULL REFERENCES language(code),
  text TEXT NOT NULL,
  PRIMARY KEY(panel_id, position, lang)
) WITHOUT ROWID;
CREATE TABLE font(name TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
)sql";

// Only in packages of kPackageMediaSchemaVersion: videos, narration and
// subtitles, described by the columns and stored whole in `data`. A video's
// poster frame is a row of `image` (poster_image_id; 0 for narration and
// subtitles). Format version 2 has never shipped, so its schema still
// changes without a new version number.
constexpr const char* kMediaSchemaSql = R"sql(
CREATE TABLE media(
  id INTEGER PRIMARY KEY,
  source_name TEXT NOT NULL,
  role TEXT NOT NULL,
  panel_id INTEGER NOT NULL REFERENCES panel(id),
  position INTEGER NOT NULL,
  lang TEXT NOT NULL,
  kind TEXT NOT NULL,
  container TEXT NOT NULL,
  video_codec TEXT NOT NULL,
  audio_codec TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  poster_image_id INTEGER NOT NULL,
  data BLOB NOT NULL
);
)sql";

const std::set<std::string> kTables{"exhibit", "language",    "panel",   "panel_text",
                                    "image",   "panel_image", "caption", "font"};

// Keys of the optional parts in the `exhibit` table: "note.LANG" holds the
// home screen's content note, "image.PANEL.POSITION.LANG" the id of a panel
// image's own drawing for that language.
constexpr const char* kNoteKey = "note.";
constexpr const char* kImageVariantKey = "image.";

std::string ImageVariantKey(const std::string& panel, size_t position, const std::string& lang) {
    return kImageVariantKey + panel + "." + std::to_string(position) + "." + lang;
}

uint32_t BigEndian(const unsigned char* p, int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

// Reads the 100-byte SQLite header and refuses what is clearly not our package
// before SQLite parses anything: missing, empty, not SQLite, truncated, wrong
// application or schema version.
void CheckHeader(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
        throw PackageError("the exhibit file " + path + " does not exist");
    if (!S_ISREG(st.st_mode)) throw PackageError(path + " is not a file");
    // Before a byte is read: a huge (or sparse) file would keep a check or an
    // import busy for hours.
    if (static_cast<uint64_t>(st.st_size) > kMaxPackageBytes)
        throw PackageError(path + " is " + std::to_string(st.st_size >> 20) +
                           " MB, more than the " + std::to_string(kMaxPackageBytes >> 20) +
                           " MB an exhibit package may be; use smaller or fewer images");
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 100> h{};
    if (!in.read(reinterpret_cast<char*>(h.data()), h.size()))
        throw PackageError(path + " is not an exhibit package: the file is empty or cut short");
    static constexpr char kMagic[] = "SQLite format 3";
    if (!std::equal(kMagic, kMagic + 16, h.begin()))
        throw PackageError(path + " is not an exhibit package (it is not a SQLite file); build "
                                  "one with kiosk-pack build");
    const auto app_id = static_cast<int32_t>(BigEndian(&h[68], 4));
    if (app_id != kPackageApplicationId)
        throw PackageError(path + " is a SQLite database but not an exhibit package (wrong "
                                  "application id); build one with kiosk-pack build");
    const auto version = static_cast<int>(BigEndian(&h[60], 4));
    if (version != kPackageSchemaVersion && version != kPackageMediaSchemaVersion)
        throw PackageError(path + " uses package format version " + std::to_string(version) +
                           ", but this kiosk reads versions " +
                           std::to_string(kPackageSchemaVersion) + " and " +
                           std::to_string(kPackageMediaSchemaVersion) +
                           "; rebuild it with this kiosk's kiosk-pack or update the kiosk");
    // kiosk-pack writes rollback-journal files; a write-ahead-log package was
    // changed by another program (and would need files beside it).
    if (h[18] != 1 || h[19] != 1)
        throw PackageError(path + " was changed by another program after kiosk-pack built it "
                                  "(it is in write-ahead-log mode); build it again with "
                                  "kiosk-pack build");
    uint32_t page_size = BigEndian(&h[16], 2);
    if (page_size == 1) page_size = 65536;
    const uint32_t page_count = BigEndian(&h[28], 4);
    const bool count_valid = BigEndian(&h[24], 4) == BigEndian(&h[92], 4);
    if (count_valid && page_count > 0 &&
        static_cast<uint64_t>(st.st_size) < static_cast<uint64_t>(page_size) * page_count)
        throw PackageError(path + " is incomplete: the file is cut short (" +
                           std::to_string(st.st_size) + " of " +
                           std::to_string(static_cast<uint64_t>(page_size) * page_count) +
                           " bytes); copy it again");
}

} // namespace

// [SECTION] Defensive open -------------------------------------------------

Db OpenUntrusted(const std::string& path) {
    CheckHeader(path);
    // immutable=1: a package is never changed in place (a new one replaces it
    // by rename), so SQLite takes no lock and ignores any journal beside it:
    // a stray NAME.kiosk-journal left by a database program cannot make a
    // good package unreadable ("attempt to write a readonly database").
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7F) {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            uri += hex;
        } else {
            uri += static_cast<char>(c);
        }
    }
    uri += "?immutable=1";
    Db db;
    try {
        db = Db(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI);
    } catch (const PackageError& e) {
        std::string msg = e.what();
        if (const size_t at = msg.find(uri); at != std::string::npos)
            msg.replace(at, uri.size(), path);
        throw PackageError(msg);
    }
    sqlite3* raw = db.get();
    int off = 0;
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, &off);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &off);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off);
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 96 << 20);
    sqlite3_limit(raw, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(raw, SQLITE_LIMIT_COLUMN, 100);
    sqlite3_limit(raw, SQLITE_LIMIT_EXPR_DEPTH, 20);
    sqlite3_limit(raw, SQLITE_LIMIT_COMPOUND_SELECT, 4);
    sqlite3_limit(raw, SQLITE_LIMIT_VDBE_OP, 25000);
    sqlite3_limit(raw, SQLITE_LIMIT_FUNCTION_ARG, 8);
    sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(raw, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50);
    sqlite3_limit(raw, SQLITE_LIMIT_VARIABLE_NUMBER, 16);
    sqlite3_limit(raw, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    // A small page cache: every reader of a package reads it once through
    // (the exhibit at start, the whole-file checks, image blobs that the
    // texture cache keeps decoded), so SQLite's default 2 MB per connection
    // would only hold pages nobody reads again, and stay in the heap after.
    db.Exec("PRAGMA cell_size_check=ON; PRAGMA mmap_size=0; PRAGMA cache_size=-256;",
            "preparing the package");
    return db;
}

namespace {

void CheckStructure(Db& db, const std::string& path) {
    // application_id and user_version were read from the header already; ask
    // SQLite too, in case the header check is ever loosened.
    if (db.QueryInt("PRAGMA application_id").value_or(0) != kPackageApplicationId)
        throw PackageError(path + " is not an exhibit package (wrong application id)");
    const int64_t version = db.QueryInt("PRAGMA user_version").value_or(-1);
    if (version != kPackageSchemaVersion && version != kPackageMediaSchemaVersion)
        throw PackageError(path + " uses a package format this kiosk does not read");
    Stmt objects(db, "SELECT type, name FROM sqlite_schema");
    while (objects.Step()) {
        const std::string type = objects.Text(0), name = objects.Text(1);
        if (type == "table" && kTables.count(name)) continue;
        if (type == "table" && name == "media" && version == kPackageMediaSchemaVersion) continue;
        if (type == "index" && name.rfind("sqlite_autoindex_", 0) == 0) continue;
        throw PackageError(path + " contains a " + type + " named '" + name +
                           "' that exhibit packages never have; it was not made by kiosk-pack "
                           "and will not be used");
    }
}

void RequireSound(Db& db, const std::string& path, const char* pragma) {
    Stmt check(db, pragma);
    if (!check.Step() || check.Text(0) != "ok") {
        // SQLite's report spans lines; a log line and a status line must not.
        std::string detail = check.Text(0).empty() ? "unreadable" : check.Text(0);
        std::replace(detail.begin(), detail.end(), '\n', ' ');
        throw PackageError(path + " is damaged (" + detail + "); copy it again or rebuild it");
    }
}

} // namespace

// [SECTION] Reading into core types ----------------------------------------

namespace {

std::string RequireText(const std::string& value, const std::string& where, size_t max_chars) {
    if (auto bad = FindInvalidUtf8(value))
        throw PackageError(where + " is not valid UTF-8 text (byte " + std::to_string(*bad + 1) +
                           ")");
    if (Utf8Length(value) > max_chars)
        throw PackageError(where + " is longer than " + std::to_string(max_chars) + " characters");
    return value;
}

int64_t MetaInt(const std::map<std::string, std::string>& meta, const std::string& key,
                int64_t fallback, int64_t lo, int64_t hi) {
    auto it = meta.find(key);
    if (it == meta.end()) return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0' || v < lo || v > hi)
        throw PackageError("the exhibit setting '" + key + "' has an invalid value '" +
                           Printable(it->second) + "'");
    return v;
}

// Reads the content note and the per-language images out of the exhibit
// table's `meta` (see kNoteKey); throws PackageError for one that refers to a
// language, panel or image the package lacks.
void ReadOptionalParts(Db& db, const std::map<std::string, std::string>& meta, Exhibit& ex) {
    auto has_lang = [&](const std::string& l) {
        return std::find(ex.languages.begin(), ex.languages.end(), l) != ex.languages.end();
    };
    for (const auto& [key, value] : meta) {
        if (key.rfind(kNoteKey, 0) == 0) {
            const std::string lang = key.substr(std::string(kNoteKey).size());
            if (!has_lang(lang))
                throw PackageError("the package has a content note in '" + lang +
                                   "', which is not one of its languages");
            ex.note[lang] = value;
        } else if (key.rfind(kImageVariantKey, 0) == 0) {
            // image.PANEL.POSITION.LANG: panel ids hold no '.', so split from the right.
            const size_t lang_dot = key.rfind('.');
            const size_t pos_dot = key.rfind('.', lang_dot - 1);
            if (pos_dot == std::string::npos || pos_dot < std::string(kImageVariantKey).size())
                throw PackageError("the package has an unreadable image setting '" + key + "'");
            const std::string lang = key.substr(lang_dot + 1);
            const std::string slug = key.substr(std::string(kImageVariantKey).size(),
                                                pos_dot - std::string(kImageVariantKey).size());
            const std::string pos_text = key.substr(pos_dot + 1, lang_dot - pos_dot - 1);
            auto panel = std::find_if(ex.panels.begin(), ex.panels.end(),
                                      [&](const Panel& p) { return p.id == slug; });
            char* end = nullptr;
            const unsigned long long pos = std::strtoull(pos_text.c_str(), &end, 10);
            if (panel == ex.panels.end() || pos_text.empty() || *end != '\0' ||
                pos >= panel->images.size() || !has_lang(lang))
                throw PackageError("the package has a language's image ('" + key +
                                   "') for a panel, image or language it does not list");
            const int64_t id = MetaInt(meta, key, 0, 1, INT64_MAX);
            Stmt st(db, "SELECT 1 FROM image WHERE id = ?1");
            st.Bind(1, id);
            if (!st.Step())
                throw PackageError("panel '" + slug + "' refers to an image for '" + lang +
                                   "' that is missing");
            panel->images[pos].image_by_language[lang] = id;
        }
    }
}

bool HasMediaTable(const Db& db) {
    Stmt st(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'media'");
    return st.Step();
}

// The media table's rows without their bytes, each checked against the
// exhibit: a known role, a listed panel and language, a video for every
// subtitle file, sizes and durations in range. Throws PackageError.
std::vector<MediaEntry> ReadMediaRows(const Db& db, const Exhibit& ex) {
    std::vector<MediaEntry> out;
    if (!HasMediaTable(db)) return out;
    Stmt st(db, "SELECT m.id, m.source_name, m.role, p.slug, m.position, m.lang, m.kind, "
                "m.container, m.video_codec, m.audio_codec, m.width, m.height, m.duration_ms, "
                "length(m.data), m.poster_image_id FROM media m LEFT JOIN panel p ON p.id = "
                "m.panel_id ORDER BY m.id");
    while (st.Step()) {
        MediaEntry e;
        e.id = st.Int(0);
        e.source_name = RequireText(st.Text(1), "a media file name", 300);
        const std::string what = "media '" + Printable(e.source_name) + "'";
        e.role = st.Text(2);
        if (e.role != "video" && e.role != "narration" && e.role != "subtitles")
            throw PackageError(what + " has an unknown role '" + Printable(e.role) + "'");
        if (st.IsNull(3)) throw PackageError(what + " belongs to a panel the package lacks");
        e.panel = st.Text(3);
        e.position = static_cast<int>(std::clamp<int64_t>(st.Int(4), -1, 1000));
        e.lang = st.Text(5);
        e.kind = st.Text(6);
        e.info.container = RequireText(st.Text(7), what, 40);
        e.info.video_codec = RequireText(st.Text(8), what, 40);
        e.info.audio_codec = RequireText(st.Text(9), what, 40);
        const int64_t w = st.Int(10), h = st.Int(11), d = st.Int(12);
        if (w < 0 || h < 0 || w > kMaxVideoSide || h > kMaxVideoSide || d < 0 ||
            d > kMaxMediaDurationMs)
            throw PackageError(what + " has an impossible size or length");
        e.info.width = static_cast<int>(w);
        e.info.height = static_cast<int>(h);
        e.info.duration_ms = d;
        e.bytes = static_cast<uint64_t>(st.Int(13));
        e.poster_image_id = st.Int(14);
        const bool needs_lang = e.role != "video";
        if (needs_lang != !e.lang.empty() ||
            (needs_lang &&
             std::find(ex.languages.begin(), ex.languages.end(), e.lang) == ex.languages.end()))
            throw PackageError(what + " is for a language the exhibit does not list");
        if (e.role == "video" && !ParseImageKind(e.kind))
            throw PackageError(what + " has an unknown kind '" + Printable(e.kind) + "'");
        if (e.position < 0) throw PackageError(what + " has an invalid position");
        out.push_back(std::move(e));
    }
    return out;
}

// Puts the media rows onto their panels (videos in position order, then
// narration and subtitles). Throws PackageError for subtitles without a video.
void AttachMedia(Exhibit& ex, const std::vector<MediaEntry>& media) {
    auto panel_of = [&](const MediaEntry& e) -> Panel& {
        for (Panel& p : ex.panels)
            if (p.id == e.panel) return p;
        throw PackageError("media '" + Printable(e.source_name) +
                           "' belongs to a panel the "
                           "package lacks");
    };
    std::vector<const MediaEntry*> videos;
    for (const auto& e : media)
        if (e.role == "video") videos.push_back(&e);
    std::stable_sort(videos.begin(), videos.end(), [](const MediaEntry* a, const MediaEntry* b) {
        return a->position < b->position;
    });
    for (const MediaEntry* e : videos) {
        Panel& p = panel_of(*e);
        if (static_cast<size_t>(e->position) != p.videos.size())
            throw PackageError("the videos of panel '" + Printable(p.id) + "' are out of order");
        PanelVideo v;
        v.media_id = e->id;
        v.kind = *ParseImageKind(e->kind);
        v.source_name = e->source_name;
        v.width = e->info.width;
        v.height = e->info.height;
        v.duration_ms = e->info.duration_ms;
        v.poster_image_id = e->poster_image_id;
        p.videos.push_back(std::move(v));
    }
    for (const auto& e : media) {
        if (e.role == "video") continue;
        Panel& p = panel_of(e);
        if (e.role == "narration") {
            p.narration[e.lang] = {e.id, e.info.duration_ms};
        } else {
            if (static_cast<size_t>(e.position) >= p.videos.size())
                throw PackageError("subtitles '" + Printable(e.source_name) +
                                   "' belong to a video panel '" + Printable(p.id) + "' lacks");
            p.videos[static_cast<size_t>(e.position)].subtitles[e.lang] = e.id;
        }
    }
}

// The subtitles of every video, read once with the exhibit: the kiosk draws
// them in its own fonts, and the font atlas needs their letters. A file with
// problems (the validator names them) gives that language no subtitles.
void ReadSubtitleCues(Db& db, Exhibit& ex) {
    for (Panel& p : ex.panels)
        for (PanelVideo& v : p.videos)
            for (const auto& [lang, id] : v.subtitles) {
                Stmt st(db, "SELECT length(data), data FROM media WHERE id = ?1");
                st.Bind(1, id);
                if (!st.Step() || static_cast<uint64_t>(st.Int(0)) > kMaxSubtitleBytes) continue;
                const std::vector<uint8_t> data = st.Blob(1);
                Subtitles parsed = ParseSubtitles(
                    std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
                if (parsed.problems.empty()) v.cues[lang] = std::move(parsed.cues);
            }
}

Exhibit ReadExhibit(Db& db) {
    Exhibit ex;
    std::map<std::string, std::string> meta;
    {
        Stmt st(db, "SELECT key, value FROM exhibit");
        while (st.Step()) {
            const std::string key = st.Text(0);
            const bool note = key.rfind(kNoteKey, 0) == 0;
            meta[key] = RequireText(st.Text(1), note ? "the content note" : "an exhibit setting",
                                    note ? kMaxNoteChars : 200);
        }
    }
    ex.id = meta["id"];
    if (ex.id.empty()) throw PackageError("the package has no exhibit id");
    ex.version = MetaInt(meta, "version", 0, 1, INT64_MAX); // range: ExhibitProblems
    if (ex.version < 1) throw PackageError("the package has no exhibit version");
    ex.default_language = meta["default_language"];
    ex.fallback_language = meta["fallback_language"];
    ex.dwell_ms = static_cast<int>(MetaInt(meta, "dwell_ms", 9000, 1000, 600000));
    ex.transition_ms = static_cast<int>(MetaInt(meta, "transition_ms", 1500, 0, 10000));
    ex.screen_width = static_cast<int>(MetaInt(meta, "screen_width", 1920, 16, 16384));
    ex.screen_height = static_cast<int>(MetaInt(meta, "screen_height", 1080, 16, 16384));
    {
        Stmt st(db, "SELECT code, title FROM language ORDER BY position");
        while (st.Step()) {
            const std::string code = st.Text(0);
            if (!IsKnownLanguage(code))
                throw PackageError("the package uses the language code '" + Printable(code) +
                                   "', which this kiosk does not know");
            ex.languages.push_back(code);
            ex.title[code] =
                RequireText(st.Text(1), "the exhibit title (" + code + ")", kMaxTitleChars);
        }
    }
    auto has_lang = [&](const std::string& l) {
        return std::find(ex.languages.begin(), ex.languages.end(), l) != ex.languages.end();
    };
    if (ex.languages.empty()) throw PackageError("the package has no languages");
    if (!has_lang(ex.default_language))
        throw PackageError("the default language '" + Printable(ex.default_language) +
                           "' is not one of the exhibit's languages");
    if (!ex.fallback_language.empty() && !has_lang(ex.fallback_language))
        throw PackageError("the fallback language '" + Printable(ex.fallback_language) +
                           "' is not one of the exhibit's languages");

    std::map<int64_t, size_t> index_of;
    {
        Stmt st(db, "SELECT id, slug, date FROM panel ORDER BY position");
        while (st.Step()) {
            if (ex.panels.size() >= static_cast<size_t>(kMaxPanels))
                throw PackageError("the package has more than " + std::to_string(kMaxPanels) +
                                   " panels");
            Panel p;
            p.id = RequireText(st.Text(1), "a panel id", 100);
            p.date = st.Text(2);
            if (!p.date.empty() && !IsValidPartialDate(p.date))
                throw PackageError("panel '" + Printable(p.id) + "' has an invalid date '" +
                                   Printable(p.date) + "'");
            index_of[st.Int(0)] = ex.panels.size();
            ex.panels.push_back(std::move(p));
        }
    }
    if (ex.panels.empty()) throw PackageError("the exhibit has no panels");
    {
        Stmt st(db, "SELECT panel_id, lang, title, body FROM panel_text");
        while (st.Step()) {
            auto it = index_of.find(st.Int(0));
            const std::string lang = st.Text(1);
            if (it == index_of.end() || !has_lang(lang))
                throw PackageError("the package has a text for a panel or language it does not "
                                   "list");
            Panel& p = ex.panels[it->second];
            const std::string where =
                "the text of panel '" + Printable(p.id) + "' (" + Printable(lang) + ")";
            p.texts[lang] = {RequireText(st.Text(2), where, kMaxTitleChars),
                             RequireText(st.Text(3), where, kMaxBodyChars)};
        }
    }
    {
        Stmt st(db, "SELECT pi.panel_id, pi.position, pi.image_id, pi.kind, i.width, i.height "
                    "FROM panel_image pi LEFT JOIN image i ON i.id = pi.image_id "
                    "ORDER BY pi.panel_id, pi.position");
        while (st.Step()) {
            auto it = index_of.find(st.Int(0));
            if (it == index_of.end())
                throw PackageError("the package has an image for a panel it does not list");
            Panel& p = ex.panels[it->second];
            if (st.IsNull(4))
                throw PackageError("panel '" + Printable(p.id) +
                                   "' refers to an image that is missing");
            auto kind = ParseImageKind(st.Text(3));
            if (!kind)
                throw PackageError("panel '" + Printable(p.id) +
                                   "' has an image of unknown kind '" + Printable(st.Text(3)) +
                                   "'");
            PanelImage img;
            img.image_id = st.Int(2);
            img.kind = *kind;
            img.width = static_cast<int>(st.Int(4));
            img.height = static_cast<int>(st.Int(5));
            p.images.push_back(std::move(img));
        }
    }
    {
        Stmt st(db, "SELECT p.id, c.position, c.lang, c.text FROM caption c "
                    "JOIN panel p ON p.id = c.panel_id");
        while (st.Step()) {
            auto it = index_of.find(st.Int(0));
            Panel& p = ex.panels[it->second];
            const auto pos = static_cast<size_t>(st.Int(1));
            if (pos >= p.images.size() || !has_lang(st.Text(2)))
                throw PackageError("panel '" + Printable(p.id) +
                                   "' has a caption for an image it lacks");
            p.images[pos].captions[st.Text(2)] = RequireText(
                st.Text(3), "a caption of panel '" + Printable(p.id) + "'", kMaxCaptionChars);
        }
    }
    ReadOptionalParts(db, meta, ex);
    ex.synthetic_narration = meta["synthetic_narration"] == "1";
    AttachMedia(ex, ReadMediaRows(db, ex));
    ReadSubtitleCues(db, ex);
    if (HasMediaTable(db)) {
        std::set<int64_t> image_ids;
        Stmt ids(db, "SELECT id FROM image");
        while (ids.Step())
            image_ids.insert(ids.Int(0));
        if (const auto problems = PosterProblems(ex, image_ids); !problems.empty())
            throw PackageError(problems.front());
    }
    {
        Stmt st(db, "SELECT name FROM font ORDER BY name");
        while (st.Step())
            ex.font_names.push_back(RequireText(st.Text(0), "a font name", 200));
    }
    // Every panel must be readable in every language, directly or by fallback.
    for (const Panel& p : ex.panels)
        for (const auto& lang : ex.languages)
            if (!TextFor(ex, p, lang))
                throw PackageError("panel '" + Printable(p.id) + "' has no text in '" + lang +
                                   "' and the exhibit has no fallback language");
    return ex;
}

} // namespace

Package Package::Open(const std::string& path, bool quick_check) {
    Package pkg;
    pkg.m_path = path;
    pkg.m_db = OpenUntrusted(path);
    CheckStructure(pkg.m_db, path);
    if (quick_check) {
        // The whole file is read once: through a mapping it costs no system
        // call per 4 KB page (half the time). Only for the check: the kiosk's
        // own reads stay unmapped (a file cut short under a mapping is SIGBUS).
        pkg.m_db.Exec("PRAGMA mmap_size=" + std::to_string(kMaxPackageBytes), "checking");
        RequireSound(pkg.m_db, path, "PRAGMA quick_check(1)");
        pkg.m_db.Exec("PRAGMA mmap_size=0", "checking");
    }
    try {
        pkg.m_exhibit = ReadExhibit(pkg.m_db);
        if (const auto problems = ExhibitProblems(pkg.m_exhibit); !problems.empty())
            throw PackageError(problems.front());
    } catch (const PackageError& e) {
        throw PackageError(path + ": " + e.what());
    }
    return pkg;
}

namespace {

std::vector<uint8_t> ReadImageBlob(const Db& db, int64_t image_id, bool thumbnail) {
    Stmt st(db, thumbnail ? "SELECT thumb FROM image WHERE id = ?1"
                          : "SELECT data FROM image WHERE id = ?1");
    st.Bind(1, image_id);
    if (!st.Step())
        throw PackageError("image " + std::to_string(image_id) + " is not in the package");
    return st.Blob(0);
}

} // namespace

std::vector<uint8_t> Package::ImageData(int64_t image_id, bool thumbnail) const {
    return ReadImageBlob(m_db, image_id, thumbnail);
}

ImageReader::ImageReader(const std::string& path) : m_db(OpenUntrusted(path)) {}

std::vector<uint8_t> ImageReader::Read(int64_t image_id, bool thumbnail) const {
    return ReadImageBlob(m_db, image_id, thumbnail);
}

std::vector<FontBlob> Package::Fonts() const {
    std::vector<FontBlob> fonts;
    Stmt st(m_db, "SELECT name, data FROM font ORDER BY name");
    while (st.Step())
        fonts.push_back({st.Text(0), st.Blob(1)});
    return fonts;
}

std::vector<MediaEntry> Package::Media() const {
    return ReadMediaRows(m_db, m_exhibit);
}

std::vector<uint8_t> Package::MediaData(int64_t media_id, uint64_t max_bytes) const {
    Stmt st(m_db, "SELECT length(data), data FROM media WHERE id = ?1");
    st.Bind(1, media_id);
    if (!st.Step())
        throw PackageError("media " + std::to_string(media_id) + " is not in the package");
    if (static_cast<uint64_t>(st.Int(0)) > max_bytes)
        throw PackageError("media " + std::to_string(media_id) + " is larger than expected");
    return st.Blob(1);
}

int Package::ImageCount() const {
    Stmt st(m_db, "SELECT count(*) FROM image");
    st.Step();
    return static_cast<int>(st.Int(0));
}

std::string QuickCheck(const std::string& path, bool mapped) {
    try {
        Db db = OpenUntrusted(path);
        CheckStructure(db, path);
        if (mapped) db.Exec("PRAGMA mmap_size=" + std::to_string(kMaxPackageBytes), "checking");
        RequireSound(db, path, "PRAGMA quick_check(1)");
        return {};
    } catch (const Error& e) {
        return e.what();
    }
}

// [SECTION] Deep check -----------------------------------------------------

namespace {

// Every media file probed where it lies (no copy) and held to the rules of
// media_rules.h; the stored description must match what the probe finds.
void CheckMedia(const Db& db, const Exhibit& ex, std::vector<std::string>& problems) {
    const std::vector<MediaEntry> rows = ReadMediaRows(db, ex);
    if (rows.empty()) return;
    // Said once, not for every file: without the media module nothing can be probed.
    try {
        LoadMediaModule();
    } catch (const MediaError& e) {
        problems.push_back("the package's " + std::to_string(rows.size()) +
                           " media files cannot be checked: " + e.what());
        return;
    }
    for (const MediaEntry& e : rows) {
        const std::string what = "media '" + Printable(e.source_name) + "'";
        if (e.bytes > kMaxMediaBytes) {
            problems.push_back(what + " is larger than a media file may be");
            continue;
        }
        try {
            if (e.role == "subtitles") {
                const Panel* panel = nullptr;
                for (const Panel& p : ex.panels)
                    if (p.id == e.panel) panel = &p;
                if (!panel || static_cast<size_t>(e.position) >= panel->videos.size()) continue;
                if (e.bytes > kMaxSubtitleBytes) {
                    problems.push_back(what + " is too large for subtitles");
                    continue;
                }
                MediaBlob blob(db, e.id);
                std::string text(e.bytes, '\0');
                if (blob.ReadAt(0, {reinterpret_cast<uint8_t*>(text.data()), text.size()}) !=
                    static_cast<int64_t>(e.bytes))
                    throw PackageError("it cannot be read");
                for (auto& p : SubtitleProblems(
                         ParseSubtitles(text),
                         panel->videos[static_cast<size_t>(e.position)].duration_ms, what))
                    problems.push_back(std::move(p));
                continue;
            }
            MediaBlob blob(db, e.id);
            const MediaInfo got = ProbeMedia(blob);
            if (auto p = RoleProblem(got, e.role); !p.empty()) problems.push_back(what + ": " + p);
            if (auto p = VideoSizeProblem(got, ex.screen_width, ex.screen_height); !p.empty())
                problems.push_back(what + ": " + p);
            if (got.video_codec != e.info.video_codec || got.width != e.info.width ||
                got.height != e.info.height ||
                std::abs(got.duration_ms - e.info.duration_ms) > 1000)
                problems.push_back(what + ": the file is not the one the package describes "
                                          "(another codec, size or length); build it again");
        } catch (const Error& err) {
            problems.push_back(what + ": " + err.what());
        }
    }
}

} // namespace

std::vector<std::string> CheckPackage(const std::string& path, bool structure_checked,
                                      const std::atomic<bool>* stop) {
    std::vector<std::string> problems;
    const auto stopped = [&] {
        if (!stop || !stop->load()) return false;
        problems.push_back("the check was stopped before it ended");
        return true;
    };
    try {
        Db db = OpenUntrusted(path);
        CheckStructure(db, path);
        if (!structure_checked) RequireSound(db, path, "PRAGMA integrity_check(1)");
        // The import's own copy, in a folder nobody else writes, cannot shrink
        // under a mapping (the one danger of mmap with SQLite): reading the
        // image blobs through it saves a system call for every 4 KB page.
        if (structure_checked)
            db.Exec("PRAGMA mmap_size=" + std::to_string(kMaxPackageBytes), "preparing the check");
        Exhibit ex = ReadExhibit(db);
        for (auto& p : ExhibitProblems(ex))
            problems.push_back(std::move(p));
        // Stored images are screen-sized: one larger than the package's screen
        // was not made by kiosk-pack and only costs memory. Each image is
        // checked without decoding its pixels (CheckImageLayout): its header,
        // sizes and layout, so a package is checked at the speed it is read.
        // Damage inside the compressed pixels shows as a placeholder.
        const int max_w = MaxImageSide(ex.screen_width), max_h = MaxImageSide(ex.screen_height);
        ImageLimits limits;
        limits.max_file_bytes = kMaxImageBytes;
        Stmt st(db, "SELECT source_name, format, width, height, data, "
                    "thumb_format, thumb_width, thumb_height, thumb FROM image ORDER BY id");
        while (st.Step()) {
            if (stopped()) return problems;
            const std::string name = Printable(st.Text(0));
            for (const bool thumb : {false, true}) {
                const int col = thumb ? 5 : 1; // format, width, height, data
                const std::string what =
                    "image '" + name + "'" + (thumb ? " (thumbnail)" : "") + ": ";
                const std::span<const uint8_t> blob = st.BlobView(col + 3);
                if (blob.size() > kMaxImageBytes) {
                    problems.push_back(what + "it is stored in " +
                                       std::to_string(blob.size() >> 20) + " MB, more than the " +
                                       std::to_string(kMaxImageBytes >> 20) +
                                       " MB an image may take; build the package again");
                    continue;
                }
                try {
                    // The general limits first: the screen's own limit gets
                    // the clearer message below.
                    const ImageInfo info = CheckImageLayout(blob, limits);
                    if (info.width > max_w || info.height > max_h) {
                        problems.push_back(
                            what + "it is " + std::to_string(info.width) + "x" +
                            std::to_string(info.height) + " pixels, larger than the " +
                            std::to_string(ex.screen_width) + "x" +
                            std::to_string(ex.screen_height) +
                            " screen the package is made for; build the package again with "
                            "kiosk-pack, which scales images to the screen");
                        continue;
                    }
                    if (info.width != st.Int(col + 1) || info.height != st.Int(col + 2)) {
                        problems.push_back(what + "it is " + std::to_string(info.width) + "x" +
                                           std::to_string(info.height) +
                                           " pixels, but the package says " +
                                           std::to_string(st.Int(col + 1)) + "x" +
                                           std::to_string(st.Int(col + 2)) + "; build it again");
                        continue;
                    }
                    if (st.Text(col) != ImageFormatName(info.format))
                        problems.push_back(what + "it is a " + ImageFormatName(info.format) +
                                           " image, but the package says " +
                                           Printable(st.Text(col)) + "; build it again");
                } catch (const MediaError& e) {
                    problems.push_back(what + e.what());
                }
            }
        }
        if (stopped()) return problems;
        const std::set<char32_t> glyphs = GlyphsOnScreen(ex);
        Stmt fonts(db, "SELECT name, length(data) FROM font ORDER BY name");
        while (fonts.Step()) {
            const std::string name = fonts.Text(0);
            if (static_cast<uint64_t>(fonts.Int(1)) > kMaxFontBytes) {
                problems.push_back("font '" + Printable(name) + "' is " +
                                   std::to_string(fonts.Int(1) >> 20) + " MB, more than the " +
                                   std::to_string(kMaxFontBytes >> 20) + " MB a font may be");
                continue;
            }
            Stmt data(db, "SELECT data FROM font WHERE name = ?1");
            data.Bind(1, name);
            if (!data.Step()) continue;
            for (auto& p : CheckFont(name, data.Blob(0), glyphs))
                problems.push_back(std::move(p));
        }
        if (stopped()) return problems;
        CheckMedia(db, ex, problems);
    } catch (const Error& e) {
        problems.emplace_back(e.what());
    }
    return problems;
}

// [SECTION] Writing --------------------------------------------------------

PackageWriter::PackageWriter(const std::string& path) {
    std::remove(path.c_str());
    m_db = Db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // The package is written once and then only read: no journal file to
    // leave behind, a compact page size for blobs, the kiosk's ids stamped in.
    m_db.Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;",
              "preparing the package");
    m_db.Exec("PRAGMA application_id=" + std::to_string(kPackageApplicationId) +
                  "; PRAGMA user_version=" + std::to_string(kPackageSchemaVersion) + ";",
              "stamping the package");
    m_db.Exec("BEGIN", "starting the package");
    m_db.Exec(kSchemaSql, "creating the package tables");
}

void PackageWriter::SetExhibit(const Exhibit& ex) {
    Stmt meta(m_db, "INSERT INTO exhibit(key, value) VALUES(?1, ?2)");
    const std::pair<const char*, std::string> rows[] = {
        {"id", ex.id},
        {"version", std::to_string(ex.version)},
        {"default_language", ex.default_language},
        {"fallback_language", ex.fallback_language},
        {"dwell_ms", std::to_string(ex.dwell_ms)},
        {"transition_ms", std::to_string(ex.transition_ms)},
        {"screen_width", std::to_string(ex.screen_width)},
        {"screen_height", std::to_string(ex.screen_height)},
        {"generator", "kiosk-pack"},
    };
    if (ex.synthetic_narration)
        meta.Bind(1, std::string("synthetic_narration")).Bind(2, std::string("1")).Run();
    for (const auto& [k, v] : rows)
        meta.Bind(1, std::string(k)).Bind(2, v).Run();
    // Optional parts live in this key/value table too, so a kiosk that does not
    // know them still opens the package (it ignores keys it does not read).
    for (const auto& [lang, text] : ex.note)
        meta.Bind(1, std::string(kNoteKey) + lang).Bind(2, text).Run();
    Stmt lang(m_db, "INSERT INTO language(code, position, title) VALUES(?1, ?2, ?3)");
    int pos = 0;
    for (const auto& code : ex.languages) {
        auto it = ex.title.find(code);
        lang.Bind(1, code)
            .Bind(2, int64_t{pos++})
            .Bind(3, it == ex.title.end() ? ex.id : it->second)
            .Run();
    }
}

int64_t PackageWriter::AddImage(const std::string& source_name, const std::string& format,
                                int width, int height, const std::vector<uint8_t>& data,
                                const std::string& thumb_format, int thumb_width, int thumb_height,
                                const std::vector<uint8_t>& thumb) {
    Stmt st(m_db, "INSERT INTO image(source_name, format, width, height, data, thumb_format, "
                  "thumb_width, thumb_height, thumb) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    st.Bind(1, source_name).Bind(2, format).Bind(3, int64_t{width}).Bind(4, int64_t{height});
    st.Bind(5, data).Bind(6, thumb_format).Bind(7, int64_t{thumb_width});
    st.Bind(8, int64_t{thumb_height}).Bind(9, thumb).Run();
    return sqlite3_last_insert_rowid(m_db.get());
}

void PackageWriter::AddPanel(const Panel& panel, int position) {
    Stmt p(m_db, "INSERT INTO panel(slug, position, date) VALUES(?1, ?2, ?3)");
    p.Bind(1, panel.id).Bind(2, int64_t{position}).Bind(3, panel.date).Run();
    const int64_t id = sqlite3_last_insert_rowid(m_db.get());
    Stmt t(m_db, "INSERT INTO panel_text(panel_id, lang, title, body) VALUES(?1,?2,?3,?4)");
    for (const auto& [lang, text] : panel.texts)
        t.Bind(1, id).Bind(2, lang).Bind(3, text.title).Bind(4, text.body).Run();
    Stmt im(m_db,
            "INSERT INTO panel_image(panel_id, position, image_id, kind) VALUES(?1,?2,?3,?4)");
    Stmt cap(m_db, "INSERT INTO caption(panel_id, position, lang, text) VALUES(?1,?2,?3,?4)");
    for (size_t i = 0; i < panel.images.size(); ++i) {
        const PanelImage& img = panel.images[i];
        im.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, img.image_id);
        im.Bind(4, std::string(ImageKindName(img.kind))).Run();
        for (const auto& [lang, text] : img.captions)
            cap.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, lang).Bind(4, text).Run();
        for (const auto& [lang, image_id] : img.image_by_language) {
            Stmt var(m_db, "INSERT INTO exhibit(key, value) VALUES(?1, ?2)");
            var.Bind(1, ImageVariantKey(panel.id, i, lang)).Bind(2, std::to_string(image_id)).Run();
        }
    }
}

void PackageWriter::AddFont(const std::string& name, const std::vector<uint8_t>& data) {
    Stmt st(m_db, "INSERT INTO font(name, data) VALUES(?1, ?2)");
    st.Bind(1, name).Bind(2, data).Run();
}

int64_t PackageWriter::AddMedia(const MediaEntry& e, ByteSource& data) {
    if (!m_has_media) {
        m_db.Exec(kMediaSchemaSql, "creating the media table");
        m_db.Exec("PRAGMA user_version=" + std::to_string(kPackageMediaSchemaVersion),
                  "stamping the package");
        m_has_media = true;
    }
    const uint64_t size = data.Size();
    if (size > kMaxMediaBytes)
        throw PackageError("'" + e.source_name + "' is " + std::to_string(size >> 20) +
                           " MB, more than the " + std::to_string(kMaxMediaBytes >> 20) +
                           " MB one media file may be");
    Stmt st(m_db, "INSERT INTO media(source_name, role, panel_id, position, lang, kind, container, "
                  "video_codec, audio_codec, width, height, duration_ms, poster_image_id, data) "
                  "VALUES(?1, ?2, (SELECT id FROM panel WHERE slug = ?3), ?4, ?5, ?6, ?7, ?8, ?9, "
                  "?10, ?11, ?12, ?14, zeroblob(?13))");
    st.Bind(1, e.source_name).Bind(2, e.role).Bind(3, e.panel).Bind(4, int64_t{e.position});
    st.Bind(5, e.lang).Bind(6, e.kind).Bind(7, e.info.container).Bind(8, e.info.video_codec);
    st.Bind(9, e.info.audio_codec).Bind(10, int64_t{e.info.width}).Bind(11, int64_t{e.info.height});
    st.Bind(12, e.info.duration_ms).Bind(13, static_cast<int64_t>(size));
    st.Bind(14, e.poster_image_id).Run();
    const int64_t id = sqlite3_last_insert_rowid(m_db.get());
    // The bytes go in by incremental blob I/O, a chunk at a time.
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(m_db.get(), "main", "media", "data", id, 1, &blob) != SQLITE_OK) {
        sqlite3_blob_close(blob);
        throw PackageError("cannot store '" + e.source_name + "': " + sqlite3_errmsg(m_db.get()));
    }
    std::vector<uint8_t> chunk(1 << 20);
    for (uint64_t off = 0; off < size;) {
        const int64_t n = data.ReadAt(off, chunk);
        if (n <= 0 || sqlite3_blob_write(blob, chunk.data(), static_cast<int>(n),
                                         static_cast<int>(off)) != SQLITE_OK) {
            sqlite3_blob_close(blob);
            throw PackageError("cannot store '" + e.source_name +
                               "': it could not be read to "
                               "its end");
        }
        off += static_cast<uint64_t>(n);
    }
    if (sqlite3_blob_close(blob) != SQLITE_OK)
        throw PackageError("cannot store '" + e.source_name + "': " + sqlite3_errmsg(m_db.get()));
    return id;
}

void PackageWriter::Finish() {
    m_db.Exec("COMMIT", "saving the package");
    m_db.Exec("VACUUM", "compacting the package");
    m_db = Db();
}

} // namespace kiosk
