// Packages and sticks made to take the kiosk down (issue 12), each refused by
// build, check and import alike, with a message in a curator's words, while
// the installed exhibit stays as it was. Every case fails without the defence
// it names.
//
// [SECTION] Fonts (12.1)
// [SECTION] Letters and the font atlas (12.2)
// [SECTION] Memory: image sizes and legacy signatures (12.3)
// [SECTION] Sizes before hashing (12.4)
// [SECTION] A stick that changes its file while read (12.5)
// [SECTION] A stray journal (12.6)
// [SECTION] One validator for build, check and import (12.10)
// [SECTION] Trusted keys and command lines (12.11)
// [SECTION] A full data partition (12.12)
// [SECTION] Images checked at disk speed, without decoding (16.2)

#include "import/hostile_support.h"
#include "storage/validate.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using kiosk::ImportOptions;
using kiosk::ImportResult;
using kiosk::Outcome;
using namespace kiosk::test;

namespace {

const char* const kFont = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";

// The sample exhibit's source with a font of its own, in `dir`.
fs::path SampleWithFont(const fs::path& dir, const std::vector<uint8_t>& font) {
    WriteSampleExhibit(dir);
    WriteBytes(dir / "fonts/Exhibit.ttf", font);
    return dir;
}

// The sample exhibit (version 7) carrying a sound copy of Noto Sans, built once.
const std::string& FontPackage() {
    static const std::string path = [] {
        const fs::path src = SampleWithFont(Scratch().path() / "font-src", ReadBytes(kFont));
        return BuildOrThrow(src, Scratch() / "font.kiosk");
    }();
    return path;
}

// Counts the bytes an import reads from the stick's package files.
struct ReadCounter {
    std::shared_ptr<uint64_t> bytes = std::make_shared<uint64_t>(0);
    kiosk::ReadFn Fn() const {
        return [b = bytes](int fd, void* buf, size_t n) -> ssize_t {
            const ssize_t got = ::read(fd, buf, n);
            if (got > 0) *b += static_cast<uint64_t>(got);
            return got;
        };
    }
};

std::string Problems(const std::string& package) {
    return Joined(kiosk::CheckPackage(package));
}

// Everything an import showed or wrote: result, details, status, log, report.
std::string Everything(const Kiosk& k, const ImportResult& r) {
    return r.message + "\n" + Joined(r.details) + ReadFile(k.state() + "/import-status") +
           ReadFile(k.state() + "/import-log") + k.Report();
}

// A CJK text of `n` distinct ideographs (each is a letter the atlas must hold).
std::string Ideographs(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        const char32_t c = 0x4E00 + static_cast<char32_t>(i);
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

} // namespace

// [SECTION] Fonts (12.1) ---------------------------------------------------

TEST_CASE("a sound font of the exhibit builds, checks and installs") {
    CHECK(Problems(FontPackage()).empty());
    Installed k;
    k.kiosk.Put(Variant(FontPackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    CHECK(k.kiosk.Import().outcome == Outcome::Installed);
}

TEST_CASE("kiosk-pack build refuses a truncated font, naming the file, and writes nothing") {
    TempDir tmp;
    auto font = ReadBytes(kFont);
    font.resize(font.size() / 2);
    SampleWithFont(tmp / "src", font);
    const kiosk::BuildResult r = kiosk::BuildPackage(tmp / "src", tmp / "out.kiosk");
    CHECK_FALSE(r.ok);
    CHECK_THAT(Joined(r.problems), Contains("fonts/Exhibit.ttf: font 'Exhibit.ttf' is damaged"));
    CHECK_FALSE(fs::exists(tmp / "out.kiosk"));
}

TEST_CASE("check and import refuse a signed package whose font was cut short") {
    Installed k;
    const std::string pkg = Variant(FontPackage(), k.kiosk.tmp("v8.kiosk"), 8);
    SECTION("cut in half") {
        SqlExec(pkg, "UPDATE font SET data = substr(data, 1, length(data) / 2)");
    }
    SECTION("only its first bytes left (what the old check looked at)") {
        SqlExec(pkg, "UPDATE font SET data = substr(data, 1, 4096)");
    }
    CHECK_THAT(Problems(pkg), Contains("font 'Exhibit.ttf' is damaged"));
    k.kiosk.Put(pkg, "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "new.kiosk: font 'Exhibit.ttf' is damaged");
}

// [SECTION] Letters and the font atlas (12.2) -------------------------------

TEST_CASE("texts with more different letters than the font atlas holds are refused everywhere") {
    TempDir tmp;
    WriteSampleExhibit(tmp / "src");
    WriteFile(tmp / "src/text/en/memory.md", "# Memory\n\n" + Ideographs(3200) + "\n");
    const kiosk::BuildResult r = kiosk::BuildPackage(tmp / "src", tmp / "out.kiosk");
    CHECK_FALSE(r.ok);
    CHECK_THAT(Joined(r.problems), Contains("different letters and signs"));

    Installed k;
    k.kiosk.Put(Tampered(k.kiosk, "UPDATE panel_text SET body = '" + Ideographs(3200) +
                                      "' WHERE lang = 'en'"),
                "new.kiosk");
    CHECK_THAT(Problems(k.kiosk.stick() + "/new.kiosk"), Contains("different letters and signs"));
    k.ExpectRefused(k.kiosk.Import(), "different letters and signs");
}

// [SECTION] Memory: image sizes and legacy signatures (12.3) ----------------

TEST_CASE("a stored image larger than the package's screen is refused by check and import") {
    Installed k;
    const std::string pkg = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    // A 24 MP photo where kiosk-pack stores at most the 1920x1080 screen.
    ReplaceImageBlob(pkg, "images/night.jpg", JpegOf(6000, 4000));
    const std::string problems = Problems(pkg);
    CHECK_THAT(problems, Contains("image 'images/night.jpg': it is 6000x4000 pixels, larger than "
                                  "the 1920x1080 screen the package is made for"));
    k.kiosk.Put(pkg, "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "larger than the 1920x1080 screen");
}

TEST_CASE("an image that is not the size the package says is refused") {
    TempDir tmp;
    const std::string pkg = CopyOf(SamplePackage(), tmp / "lie.kiosk");
    SqlExec(pkg, "UPDATE image SET width = 16, height = 16 WHERE source_name = 'images/map.png'");
    CHECK_THAT(Problems(pkg), Contains("but the package says 16x16"));
}

TEST_CASE("a package made for a screen larger than 4K is refused by build, check and import") {
    TempDir tmp;
    WriteSampleExhibit(tmp / "src");
    kiosk::BuildOptions wall;
    wall.screen_width = 8192;
    wall.screen_height = 8192;
    const kiosk::BuildResult r = kiosk::BuildPackage(tmp / "src", tmp / "out.kiosk", wall);
    CHECK_FALSE(r.ok);
    CHECK_THAT(Joined(r.problems), Contains("has more pixels than a 3840x2160 screen"));

    Installed k;
    k.kiosk.Put(Tampered(k.kiosk, "UPDATE exhibit SET value = '8192' WHERE key IN "
                                  "('screen_width', 'screen_height')"),
                "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "has more pixels than a 3840x2160 screen");
}

// [SECTION] Sizes before hashing (12.4) ------------------------------------

TEST_CASE("a 1 TB sparse package with a forged signature is refused before a byte is hashed") {
    Installed k;
    const std::string huge = k.kiosk.stick() + "/huge.kiosk";
    {
        const int fd = ::open(huge.c_str(), O_WRONLY | O_CREAT, 0644);
        REQUIRE(fd >= 0);
        REQUIRE(::ftruncate(fd, off_t{1} << 40) == 0);
        ::close(fd);
    }
    // A real signature by the trusted key, of another file: only the size stops it.
    Sign(SamplePackage());
    fs::copy_file(SamplePackage() + ".minisig", huge + ".minisig");
    ImportOptions o = k.kiosk.Options();
    ReadCounter counter;
    o.ops.read_source = counter.Fn();
    k.ExpectRefused(k.kiosk.Import(o), "huge.kiosk is 1048576 MB, more than the 2048 MB an "
                                       "exhibit package may be");
    CHECK(*counter.bytes == 0);
    CHECK_THAT(Problems(huge), Contains("more than the 2048 MB an exhibit package may be"));
}

TEST_CASE("a package larger than the kiosk's free space is refused before a byte is read") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    const uint64_t free = fs::file_size(pkg) + o.free_space_margin - 1;
    o.ops.free_space = [free](const std::string&) { return free; };
    ReadCounter counter;
    o.ops.read_source = counter.Fn();
    k.ExpectRefused(k.kiosk.Import(o), "the kiosk's disk is too full");
    CHECK(*counter.bytes == 0);
}

// [SECTION] A stick that changes its file while read (12.5) ----------------

TEST_CASE("a package swapped on the stick after it was read never reaches the screen or report") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    // An unsigned package with a tempting title and version, swapped in by
    // rename the moment the signed one has been read to its end.
    const std::string evil = Variant(SamplePackage(), k.kiosk.tmp("evil.kiosk"), 99);
    SqlExec(evil, "UPDATE language SET title = 'UNSIGNED CONTENT'");
    ImportOptions o = k.kiosk.Options();
    auto swapped = std::make_shared<int>(0);
    o.ops.read_source = [swapped, evil, pkg](int fd, void* buf, size_t n) -> ssize_t {
        const ssize_t got = ::read(fd, buf, n);
        if (got == 0 && (*swapped)++ == 0)
            fs::copy_file(evil, pkg + ".x"), fs::rename(pkg + ".x", pkg);
        return got;
    };
    const ImportResult r = k.kiosk.Import(o);
    CHECK(*swapped >= 1);
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.message == "Installed 'Remembrance' version 8: 3 panels, 3 languages");
    CHECK(Everything(k.kiosk, r).find("UNSIGNED") == std::string::npos);
    // The evil version by its words, not the digits: a pid or a time in the
    // status file may hold "99".
    CHECK(Everything(k.kiosk, r).find("version 99") == std::string::npos);
    CHECK(Everything(k.kiosk, r).find("-v99") == std::string::npos);
    CHECK(kiosk::Package::Open(k.kiosk.state() + "/current").exhibit().version == 8);
}

TEST_CASE("a package rewritten in place while being read is refused, never parsed") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    const std::string evil = Variant(SamplePackage(), k.kiosk.tmp("evil.kiosk"), 99);
    SqlExec(evil, "UPDATE language SET title = 'UNSIGNED CONTENT'");
    const auto evil_bytes = ReadBytes(evil);
    ImportOptions o = k.kiosk.Options();
    // A stick that answers with other bytes than the signed file holds.
    auto offset = std::make_shared<size_t>(0);
    o.ops.read_source = [offset, evil_bytes](int fd, void* buf, size_t n) -> ssize_t {
        const ssize_t got = ::read(fd, buf, n);
        if (got <= 0) return got;
        for (ssize_t i = 0; i < got && *offset + static_cast<size_t>(i) < evil_bytes.size(); ++i)
            static_cast<uint8_t*>(buf)[i] = evil_bytes[*offset + static_cast<size_t>(i)];
        *offset += static_cast<size_t>(got);
        return got;
    };
    const ImportResult r = k.kiosk.Import(o);
    k.ExpectRefused(r, "the signature does not match the file new.kiosk");
    CHECK(Everything(k.kiosk, r).find("UNSIGNED") == std::string::npos);
}

// [SECTION] A stray journal (12.6) -----------------------------------------

namespace {

// What a database program leaves beside a file it had open for writing when
// it was stopped: a journal whose header says it must be rolled back.
void WriteHotJournal(const std::string& package) {
    std::vector<uint8_t> journal = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1,
                                    0x63, 0xd7, 0xff, 0xff, 0xff, 0xff};
    journal.resize(512);
    WriteBytes(package + "-journal", journal);
}

} // namespace

TEST_CASE("a stray NAME.kiosk-journal beside a good package does not block it") {
    TempDir tmp;
    const std::string pkg = CopyOf(SamplePackage(), tmp / "exhibit.kiosk");
    WriteHotJournal(pkg);
    CHECK(OpenError(pkg).empty());
    CHECK(Problems(pkg).empty());
    // Nor beside the installed package, which the import reads to compare versions.
    Installed k;
    WriteHotJournal(k.kiosk.state() + "/exhibits/sample-exhibit-v7.kiosk");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.installed_file == "sample-exhibit-v8.kiosk");
}

TEST_CASE("a package switched to write-ahead-log mode by another program is refused") {
    TempDir tmp;
    const std::string pkg = CopyOf(SamplePackage(), tmp / "wal.kiosk");
    SqlExec(pkg, "PRAGMA journal_mode=WAL");
    CHECK_THAT(Problems(pkg), Contains("was changed by another program after kiosk-pack built it"));
}

// [SECTION] One validator for build, check and import (12.10) ---------------

TEST_CASE("check and import refuse what build refuses: ids, titles, versions") {
    Installed k;
    struct Case {
        const char* what;
        std::string sql;
        const char* why;
    };
    const Case cases[] = {
        {"duplicate panel ids",
         "CREATE TABLE p2(id INTEGER PRIMARY KEY, slug TEXT NOT NULL, position INTEGER NOT NULL, "
         "date TEXT NOT NULL DEFAULT ''); INSERT INTO p2 SELECT * FROM panel; DROP TABLE panel; "
         "ALTER TABLE p2 RENAME TO panel; UPDATE panel SET slug = 'memory' WHERE slug = "
         "'aftermath'",
         "the panel id 'memory' is used twice"},
        {"a panel id with ../", "UPDATE panel SET slug = '../../etc' WHERE slug = 'memory'",
         "the panel id '../../etc' is not lower-case letters"},
        {"a panel id with HTML", "UPDATE panel SET slug = '<b>x</b>' WHERE slug = 'memory'",
         "the panel id '<b>x</b>' is not lower-case letters"},
        {"a panel id that is a spreadsheet formula",
         "UPDATE panel SET slug = '=HYPERLINK(\"http://x\")' WHERE slug = 'memory'",
         "the panel id '=HYPERLINK(\"http://x\")' is not lower-case letters"},
        {"ESC in a title",
         "UPDATE panel_text SET title = 'A' || char(27) || '[2J' WHERE lang = 'en'",
         "holds the control character U+001B"},
        {"a line break forging a report line",
         "UPDATE language SET title = 'X' || char(10) || 'FAKE: Installed' WHERE code = 'en'",
         "holds the control character U+000A"},
        {"CR in a title", "UPDATE panel_text SET title = 'A' || char(13) || 'B' WHERE lang = 'en'",
         "holds the control character U+000D"},
        {"a bidi override", "UPDATE language SET title = 'abc' || char(8238) || 'fed'",
         "holds the writing-direction control U+202E"},
        {"an exhibit id with a path", "UPDATE exhibit SET value = '../../etc/x' WHERE key = 'id'",
         "the exhibit id '../../etc/x' is not lower-case letters"},
        {"an absurd version",
         "UPDATE exhibit SET value = '9223372036854775807' WHERE key = 'version'",
         "the version 9223372036854775807 is not a whole number from 1 to 999999999"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        k.kiosk.ClearStick();
        const std::string pkg = Tampered(k.kiosk, c.sql);
        CHECK_THAT(Problems(pkg), Contains(c.why));
        k.kiosk.Put(pkg, "new.kiosk");
        ImportOptions o = k.kiosk.Options();
        o.allow_other_exhibit = true; // the id case must be stopped by the id rule itself
        const ImportResult r = k.kiosk.Import(o);
        k.ExpectRefused(r, c.why);
        const std::string all = Everything(k.kiosk, r);
        CHECK(all.find('\x1b') == std::string::npos);
        CHECK(all.find("\nFAKE") == std::string::npos);
        CHECK(all.find("\xE2\x80\xAE") == std::string::npos);
    }
}

TEST_CASE("build refuses a version above the cap, naming the line") {
    TempDir tmp;
    WriteSampleExhibit(tmp / "src");
    ReplaceInFile(tmp / "src/exhibit.toml", "version = 7", "version = 9223372036854775807");
    const kiosk::BuildResult r = kiosk::BuildPackage(tmp / "src", tmp / "out.kiosk");
    CHECK_FALSE(r.ok);
    CHECK_THAT(Joined(r.problems), Contains("exhibit.toml line 2: 'version' must be a whole number "
                                            "from 1 to 999999999"));
}

TEST_CASE("build refuses control characters and bidi overrides in a panel title") {
    TempDir tmp;
    WriteSampleExhibit(tmp / "src");
    WriteFile(tmp / "src/text/en/memory.md", "# Mem\xE2\x80\xAEory\n\nWe remember.\n");
    const kiosk::BuildResult r = kiosk::BuildPackage(tmp / "src", tmp / "out.kiosk");
    CHECK_FALSE(r.ok);
    CHECK_THAT(Joined(r.problems), Contains("the text of panel 'memory' (en): its title holds the "
                                            "writing-direction control U+202E"));
}

TEST_CASE("a technician puts back a lower version with kiosk-import --allow-older") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v9.kiosk"), 9), "new.kiosk");
    REQUIRE(k.kiosk.Import().outcome == Outcome::Installed);
    k.kiosk.ClearStick();
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v3.kiosk"), 3), "new.kiosk");
    CHECK(k.kiosk.Import().outcome == Outcome::NothingToDo);
    const int status = std::system((std::string(KIOSK_IMPORT_BIN) + " --allow-older --source " +
                                    k.kiosk.stick() + " --state " + k.kiosk.state() +
                                    " --trusted-keys " + k.kiosk.keys() + " >/dev/null 2>&1")
                                       .c_str());
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(kiosk::Package::Open(k.kiosk.state() + "/current").exhibit().version == 3);
}

// [SECTION] Trusted keys and command lines (12.11) -------------------------

TEST_CASE("a FIFO named *.pub among the trusted keys neither hangs nor blocks the import") {
    Installed k;
    REQUIRE(::mkfifo((k.kiosk.keys() + "/pipe.pub").c_str(), 0644) == 0);
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK_THAT(k.kiosk.Report(), Contains("pipe.pub is not a regular file; it was skipped"));
}

TEST_CASE("one malformed *.pub is skipped and named and the others still work") {
    Installed k;
    WriteFile(k.kiosk.keys() + "/broken.pub", "untrusted comment: half a key\nRWQ\n");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK_THAT(k.kiosk.Report(), Contains("Trusted key not used: " + k.kiosk.keys() +
                                          "/broken.pub is not a minisign public key"));
    // Only broken keys: refused, naming the file to replace.
    fs::remove(k.kiosk.keys() + "/curator.pub");
    k.kiosk.ClearStick();
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v9.kiosk"), 9), "new.kiosk");
    const ImportResult none = k.kiosk.Import();
    CHECK(none.outcome == Outcome::Rejected);
    CHECK_THAT(none.message, Contains("none of this kiosk's trusted keys can be used"));
    CHECK_THAT(none.message, Contains("broken.pub"));
}

namespace {

struct ToolRun {
    int code = -1;
    std::string err;
};

ToolRun RunTool(const std::string& tool, const std::string& args) {
    TempDir tmp;
    const int status = std::system((tool + " " + args + " >/dev/null 2>" + (tmp / "err")).c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(tmp / "err")};
}

} // namespace

TEST_CASE("usage errors of kiosk-import and kiosk-pack exit 2 and name the option") {
    const std::string import = KIOSK_IMPORT_BIN, pack = KIOSK_PACK_BIN;
    for (const auto& [tool, args, named] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {import, "--source /x --bogus", "unknown option '--bogus'"},
             {import, "--source /x --keep-previous lots", "--keep-previous must be a number"},
             {import, "--source", "--source needs a value"},
             {import, "--state /x", "--source is required"},
             {pack, "build src --widht 3", "unknown option '--widht'"},
             {pack, "build src -o x.kiosk --width 99999", "--width must be a number"},
             {pack, "build src", "build needs -o OUT.kiosk"},
             {pack, "check --deep x.kiosk", "check has no option '--deep'"},
             {pack, "info --jsn x.kiosk", "info has no option '--jsn'"},
             {pack, "chek x.kiosk", "unknown command 'chek'"},
         }) {
        INFO(tool << " " << args);
        const ToolRun r = RunTool(tool, args);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Contains(named));
    }
    CHECK(RunTool(import, "--help").code == 0);
}

// [SECTION] A full data partition (12.12) ----------------------------------

TEST_CASE("a full data partition is reported first on the stick, even with nothing to install") {
    Installed k;
    ImportOptions o = k.kiosk.Options();
    o.ops.free_space = [](const std::string&) { return uint64_t{300} << 10; };
    const ImportResult r = k.kiosk.Import(o);
    CHECK(r.outcome == Outcome::NothingToDo);
    REQUIRE_FALSE(r.details.empty());
    CHECK_THAT(r.details.front(), Contains("WARNING: the kiosk's disk is full (1 MB free)"));
    CHECK_THAT(k.kiosk.Report(), Contains("WARNING: the kiosk's disk is full"));
}

// [SECTION] Images checked at disk speed, without decoding (16.2) ------------

namespace {

// The sample at version 8 with the stored night photo (1920x480, its
// thumbnail 640x160) changed by `sql` after kiosk-pack built it, then signed.
std::string NightPhotoTampered(const Kiosk& k, const std::string& sql) {
    return Tampered(k, sql + " WHERE source_name = 'images/night.jpg'");
}

} // namespace

TEST_CASE("an image whose header claims more pixels than its data holds is refused at import") {
    Installed k;
    const std::string pkg = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    // The package's own record agrees with the lying header: only the data can tell.
    ReplaceImageBlob(pkg, "images/night.jpg", JpegClaiming(1600, 1000));
    SqlExec(pkg, "UPDATE image SET width = 1600, height = 1000 "
                 "WHERE source_name = 'images/night.jpg'");
    k.kiosk.Put(pkg, "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(),
                    "new.kiosk: image 'images/night.jpg': the jpeg image says it is 1600x1000 "
                    "pixels, but it holds too little data for that many");
}

TEST_CASE("an image cut short inside its data is refused at import, thumbnails too") {
    Installed k;
    SECTION("the screen-sized image") {
        k.kiosk.Put(NightPhotoTampered(k.kiosk, "UPDATE image SET data = substr(data, 1, "
                                                "length(data) / 2)"),
                    "new.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "new.kiosk: image 'images/night.jpg': the jpeg image is "
                                          "cut short (its data ends before its end marker)");
    }
    SECTION("its thumbnail") {
        k.kiosk.Put(NightPhotoTampered(k.kiosk, "UPDATE image SET thumb = substr(thumb, 1, "
                                                "length(thumb) - 100)"),
                    "new.kiosk");
        k.ExpectRefused(k.kiosk.Import(),
                        "new.kiosk: image 'images/night.jpg' (thumbnail): the jpeg image is cut "
                        "short");
    }
}

TEST_CASE("an image whose header claims oversized dimensions is refused at import") {
    Installed k;
    const std::string pkg = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    ReplaceImageBlob(pkg, "images/night.jpg", JpegClaiming(60000, 60000));
    k.kiosk.Put(pkg, "new.kiosk");
    const ImportResult r = k.kiosk.Import();
    k.ExpectRefused(r, "new.kiosk: image 'images/night.jpg': the image is 60000x60000 pixels, "
                       "larger than the kiosk accepts");
}

TEST_CASE("a thumbnail or image that is not the size or kind the package says is refused") {
    TempDir tmp;
    const std::string pkg = CopyOf(SamplePackage(), tmp / "lie.kiosk");
    SqlExec(pkg, "UPDATE image SET thumb_width = 64 WHERE source_name = 'images/night.jpg'");
    SqlExec(pkg, "UPDATE image SET format = 'gif' WHERE source_name = 'images/night.jpg'");
    const std::string problems = Problems(pkg);
    CHECK_THAT(problems, Contains("image 'images/night.jpg' (thumbnail): it is 640x160 pixels, "
                                  "but the package says 64x160"));
    CHECK_THAT(problems, Contains("image 'images/night.jpg': it is a jpeg image, but the package "
                                  "says gif"));
}
