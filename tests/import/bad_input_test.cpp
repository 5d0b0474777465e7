// Every way a stick can be wrong: the import refuses with a clear reason on
// the screen (status file), in the kiosk's log and in the report on the
// stick, and the installed exhibit stays byte-for-byte as it was. Each case
// is built so that only the defence it names stands in its way: tampered
// packages are signed after tampering, so the package checks must catch them.
//
// [SECTION] Signatures
// [SECTION] The package as untrusted input
// [SECTION] Versions and several packages
// [SECTION] Odd files on the stick
// [SECTION] A failing stick, a full disk

#include "import/hostile_support.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using kiosk::ImportOptions;
using kiosk::ImportResult;
using kiosk::Outcome;
using namespace kiosk::test;

// [SECTION] Signatures -----------------------------------------------------

TEST_CASE("a package without a signature is refused") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk", Signing::None);
    k.ExpectRefused(k.kiosk.Import(), "new.kiosk has no signature file new.kiosk.minisig");
}

TEST_CASE("a package signed by a key the kiosk does not trust is refused") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk",
                Signing::Stranger);
    k.ExpectRefused(k.kiosk.Import(), "is signed with a key this kiosk does not trust");
}

TEST_CASE("a package with one flipped byte no longer matches its signature and is refused") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    // A byte of a panel text: the package stays a sound SQLite file, so only
    // the signature stands between it and the screen.
    ReplaceInFile(pkg, "We remember.", "We rememberX");
    REQUIRE(kiosk::CheckPackage(pkg).empty());
    k.ExpectRefused(k.kiosk.Import(), "the signature does not match the file new.kiosk");
}

TEST_CASE("a legacy (minisign -l) signature is refused before the package is read") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk", Signing::Legacy);
    ImportOptions o = k.kiosk.Options();
    // Verifying -l needs the whole file in memory: not one byte may be read.
    auto read_bytes = std::make_shared<uint64_t>(0);
    o.ops.read_source = [read_bytes](int fd, void* buf, size_t n) -> ssize_t {
        const ssize_t got = ::read(fd, buf, n);
        if (got > 0) *read_bytes += static_cast<uint64_t>(got);
        return got;
    };
    k.ExpectRefused(k.kiosk.Import(o),
                    "new.kiosk is signed in minisign's old format (-l), which this kiosk does not "
                    "accept; sign it again without -l");
    CHECK(*read_bytes == 0);
}

TEST_CASE("a kiosk without trusted keys refuses every package") {
    Installed k;
    fs::remove(k.kiosk.keys() + "/curator.pub");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "this kiosk has no trusted keys yet");
}

// [SECTION] The package as untrusted input ---------------------------------

TEST_CASE("a truncated package is refused, whether cut before or after signing") {
    Installed k;
    const auto bytes = ReadBytes(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8));
    const std::vector<uint8_t> half(bytes.begin(),
                                    bytes.begin() + static_cast<long>(bytes.size() / 2));
    SECTION("signed after it was cut (kiosk-pack was interrupted)") {
        WriteBytes(k.kiosk.tmp("cut.kiosk"), half);
        k.kiosk.Put(k.kiosk.tmp("cut.kiosk"), "new.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "new.kiosk is incomplete: the file is cut short");
    }
    SECTION("cut after signing (the copy to the stick was interrupted)") {
        const std::string pkg = k.kiosk.Put(k.kiosk.tmp("v8.kiosk"), "new.kiosk");
        WriteBytes(pkg, half);
        k.ExpectRefused(k.kiosk.Import(), "the signature does not match the file new.kiosk");
    }
}

TEST_CASE("a signed file that is not SQLite is refused") {
    Installed k;
    WriteFile(k.kiosk.tmp("text.kiosk"), std::string(4096, 'x'));
    k.kiosk.Put(k.kiosk.tmp("text.kiosk"), "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(),
                    "new.kiosk is not an exhibit package (it is not a SQLite file)");
}

TEST_CASE("a signed package damaged inside its pages is refused by SQLite's whole-file check") {
    Installed k;
    const std::string pkg = k.kiosk.tmp("v8.kiosk");
    Variant(SamplePackage(), pkg, 8);
    // Zeros over pages in the middle (a photograph's): the header, the schema
    // and the exhibit's rows still read, so only the whole-file check (run
    // beside the other checks) stands between it and the screen.
    const auto size = fs::file_size(pkg);
    REQUIRE(size > 16 * 4096);
    {
        std::fstream f(pkg, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size * 3 / 5 / 4096 * 4096));
        const std::string zeros(4 * 4096, '\0');
        f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    REQUIRE_NOTHROW(kiosk::Package::Open(pkg, false));
    k.kiosk.Put(pkg, "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "new.kiosk is damaged (");
}

TEST_CASE("a deep check begun ahead of time stops when its answer is no longer wanted") {
    const std::string& pkg = SamplePackage();
    std::atomic<bool> stop{false};
    CHECK(kiosk::CheckPackage(pkg, false, &stop).empty());
    stop = true;
    CHECK(kiosk::CheckPackage(pkg, false, &stop) ==
          std::vector<std::string>{"the check was stopped before it ended"});
}

TEST_CASE("a signed SQLite file with another application id is refused") {
    Installed k;
    k.kiosk.Put(Tampered(k.kiosk, "PRAGMA application_id = 1234"), "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "not an exhibit package (wrong application id)");
}

TEST_CASE("a signed package of an unknown schema version is refused") {
    Installed k;
    k.kiosk.Put(Tampered(k.kiosk, "PRAGMA user_version = 99"), "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "uses package format version 99");
}

TEST_CASE("a signed package whose schema carries a trigger or a view is refused") {
    Installed k;
    SECTION("a trigger") {
        k.kiosk.Put(Tampered(k.kiosk, "CREATE TRIGGER t AFTER UPDATE ON panel BEGIN SELECT 1; END"),
                    "new.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "contains a trigger named 't'");
    }
    SECTION("a view") {
        k.kiosk.Put(Tampered(k.kiosk, "CREATE VIEW v AS SELECT slug FROM panel"), "new.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "contains a view named 'v'");
    }
}

TEST_CASE("a signed package with a 60000x60000 image header (a decompression bomb) is refused") {
    Installed k;
    const std::string pkg = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    ReplaceImageBlob(pkg, "images/map.png", PngHeaderOnly(60000, 60000));
    k.kiosk.Put(pkg, "new.kiosk");
    const ImportResult r = k.kiosk.Import();
    k.ExpectRefused(r, "new.kiosk: image 'images/map.png'");
    // Found on the copy by the deep check: the copy is gone again.
    CHECK(kiosk::test::Joined(r.details).find("60000") != std::string::npos);
}

TEST_CASE("a signed package with invalid UTF-8 in a text is refused") {
    Installed k;
    k.kiosk.Put(
        Tampered(k.kiosk, "UPDATE panel_text SET body = CAST(x'4FC328' AS TEXT) WHERE lang = 'az'"),
        "new.kiosk");
    k.ExpectRefused(k.kiosk.Import(), "is not valid UTF-8 text");
}

TEST_CASE("a signed package whose exhibit id is not a safe file name is refused") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8, "../../escape"), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    o.allow_other_exhibit = true;
    k.ExpectRefused(k.kiosk.Import(o), "the exhibit id '../../escape' is not lower-case letters");
    CHECK_FALSE(fs::exists(k.kiosk.state() + "/../escape-v8.kiosk"));
}

// [SECTION] Versions and several packages ----------------------------------

TEST_CASE("an older or equal version is not installed: nothing to do") {
    Installed k;
    SECTION("older") {
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v6.kiosk"), 6), "old.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "the stick has version 6, older than the version 7",
                        Outcome::NothingToDo);
    }
    SECTION("equal") {
        k.kiosk.Put(SamplePackage(), "same.kiosk");
        k.ExpectRefused(k.kiosk.Import(), "version 7 of 'Remembrance' is already installed",
                        Outcome::NothingToDo);
    }
}

TEST_CASE("a package of another exhibit is refused unless the kiosk allows it") {
    Installed k;
    k.kiosk.Put(Variant(SmallPackage(), k.kiosk.tmp("other.kiosk"), 1, "other-exhibit"),
                "other.kiosk");
    k.ExpectRefused(
        k.kiosk.Import(),
        "other.kiosk is the exhibit 'other-exhibit', but this kiosk shows 'sample-exhibit'");
    ImportOptions o = k.kiosk.Options();
    o.allow_other_exhibit = true;
    const ImportResult r = k.kiosk.Import(o);
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.installed_file == "other-exhibit-v1.kiosk");
}

TEST_CASE("several versions of the exhibit on one stick: the highest is installed") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v9.kiosk"), 9), "a.kiosk");
    k.kiosk.Put(Variant(SmallPackage(), k.kiosk.tmp("v11.kiosk"), 11), "b.kiosk");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v10.kiosk"), 10), "c.kiosk");
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.installed_file == "sample-exhibit-v11.kiosk");
    CHECK(r.message == "Installed 'Minimal' version 11: 1 panel, 1 language");
}

TEST_CASE("packages of different exhibits on one stick are refused, naming them") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "a.kiosk");
    k.kiosk.Put(Variant(SmallPackage(), k.kiosk.tmp("o.kiosk"), 3, "other-exhibit"), "b.kiosk");
    ImportOptions o = k.kiosk.Options();
    o.allow_other_exhibit = true; // even then: which one was meant is not clear
    k.ExpectRefused(k.kiosk.Import(o),
                    "packages of different exhibits ('other-exhibit', 'sample-exhibit')");
}

TEST_CASE("a good package is installed beside a bad one, and the report names the bad one") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "good.kiosk");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v9.kiosk"), 9), "unsigned.kiosk",
                Signing::None);
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.installed_file == "sample-exhibit-v8.kiosk");
    CHECK_THAT(k.kiosk.Report(), Contains("Not used: unsigned.kiosk has no signature file"));
}

TEST_CASE("a bad newer package beside the installed version is refused, not 'nothing to do'") {
    Installed k;
    k.kiosk.Put(SamplePackage(), "same.kiosk");
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v9.kiosk"), 9), "newer.kiosk",
                Signing::Stranger);
    k.ExpectRefused(k.kiosk.Import(), "newer.kiosk is signed with a key this kiosk does not trust");
}

// [SECTION] Odd files on the stick -----------------------------------------

TEST_CASE("a symlink on the stick is never followed") {
    Installed k;
    const std::string elsewhere = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    Sign(elsewhere);
    fs::create_symlink(elsewhere, k.kiosk.stick() + "/new.kiosk");
    fs::create_symlink(elsewhere + ".minisig", k.kiosk.stick() + "/new.kiosk.minisig");
    k.ExpectRefused(k.kiosk.Import(), "new.kiosk: it is a link, not a file");
}

TEST_CASE("a symlinked signature beside a real package counts as no signature") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    fs::rename(pkg + ".minisig", k.kiosk.tmp("sig"));
    fs::create_symlink(k.kiosk.tmp("sig"), pkg + ".minisig");
    k.ExpectRefused(k.kiosk.Import(), "new.kiosk has no signature file");
}

TEST_CASE("odd file names on the stick are refused or ignored, never used") {
    Installed k;
    const std::string good = Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8);
    // Signed under a plain name, then renamed with its signature.
    auto put_as = [&](const std::string& name) {
        const std::string plain = k.kiosk.Put(good, "plain.kiosk");
        fs::rename(plain, k.kiosk.stick() + "/" + name);
        fs::rename(plain + ".minisig", k.kiosk.stick() + "/" + name + ".minisig");
    };
    put_as("bad\xff.kiosk");
    put_as("two\nlines.kiosk");
    put_as("._new.kiosk");   // a macOS resource fork: ignored
    put_as(".hidden.kiosk"); // hidden: ignored
    fs::create_directories(k.kiosk.stick() + "/folder.kiosk");
    REQUIRE(::mkfifo((k.kiosk.stick() + "/pipe.kiosk").c_str(), 0644) == 0);
    const ImportResult r = k.kiosk.Import();
    k.ExpectRefused(r, "its name has characters the kiosk does not accept");
    const std::string report = k.kiosk.Report();
    CHECK_THAT(report, Contains("two?lines.kiosk"));
    CHECK_THAT(report, Contains("folder.kiosk: it is not a file"));
    CHECK_THAT(report, Contains("pipe.kiosk: it is not a file"));
    CHECK(report.find("hidden") == std::string::npos);
}

TEST_CASE("a kiosk-report link on the stick is not followed when writing the report") {
    Installed k;
    fs::create_directories(k.kiosk.tmp("outside"));
    fs::create_symlink(k.kiosk.tmp("outside"), k.kiosk.stick() + "/kiosk-report");
    const ImportResult r = k.kiosk.Import();
    CHECK(r.outcome == Outcome::NothingToDo);
    CHECK(r.report_path.empty());
    CHECK(ListDir(k.kiosk.tmp("outside")).empty());
}

// [SECTION] A failing stick, a full disk -----------------------------------

namespace {

// Reads normally until `budget` bytes were read, then fails as a pulled stick does.
kiosk::ReadFn FailingAfter(uint64_t budget) {
    auto used = std::make_shared<uint64_t>(0);
    return [used, budget](int fd, void* buf, size_t n) -> ssize_t {
        if (*used >= budget) {
            errno = EIO;
            return -1;
        }
        const ssize_t got = ::read(fd, buf, std::min<uint64_t>(n, budget - *used));
        if (got > 0) *used += static_cast<uint64_t>(got);
        return got;
    };
}

} // namespace

TEST_CASE("a stick pulled out in the middle of the copy changes nothing") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    const uint64_t size = fs::file_size(pkg);
    ImportOptions o = k.kiosk.Options();
    // The file is read once, hashed and copied in the same pass; it fails half way.
    o.ops.read_source = FailingAfter(size / 2);
    k.ExpectRefused(k.kiosk.Import(o),
                    "the stick was removed or failed while copying; nothing was changed");
    for (const auto& name : ListDir(k.kiosk.state() + "/exhibits"))
        CHECK(name.find(".partial") == std::string::npos);
}

TEST_CASE("a stick pulled out as soon as its package is read changes nothing") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    o.ops.read_source = FailingAfter(1000);
    k.ExpectRefused(k.kiosk.Import(o), "the stick was removed or failed while copying");
}

TEST_CASE("a kiosk disk too full for the new package changes nothing") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    const uint64_t free = fs::file_size(pkg) + o.free_space_margin - 1; // one byte short
    o.ops.free_space = [free](const std::string&) { return free; };
    k.ExpectRefused(k.kiosk.Import(o), "the kiosk's disk is too full");
}

TEST_CASE("a kiosk disk that fills up during the copy changes nothing") {
    Installed k;
    k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    auto written = std::make_shared<size_t>(0);
    o.ops.write_target = [written](int fd, const void* buf, size_t n) -> ssize_t {
        if (*written > 10000) {
            errno = ENOSPC;
            return -1;
        }
        const ssize_t w = ::write(fd, buf, std::min<size_t>(n, 8192));
        if (w > 0) *written += static_cast<size_t>(w);
        return w;
    };
    k.ExpectRefused(k.kiosk.Import(o), "the kiosk's disk became full while copying");
    for (const auto& name : ListDir(k.kiosk.state() + "/exhibits"))
        CHECK(name.find(".partial") == std::string::npos);
}

TEST_CASE("a kiosk disk that stores other bytes than were written is caught by the read-back") {
    Installed k;
    const std::string pkg =
        k.kiosk.Put(Variant(SamplePackage(), k.kiosk.tmp("v8.kiosk"), 8), "new.kiosk");
    ImportOptions o = k.kiosk.Options();
    // A failing card: the write succeeds, but one byte lands flipped, in a
    // panel text ('.' becomes '/'), so the copy is still a sound package and
    // the signature held over the bytes read from the stick: only reading the
    // copy back from the disk can tell.
    std::ifstream in(pkg, std::ios::binary);
    const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t flip_at = whole.find("We remember.") + 11;
    REQUIRE(flip_at < whole.size());
    auto offset = std::make_shared<size_t>(0);
    o.ops.write_target = [offset, flip_at](int fd, const void* buf, size_t n) -> ssize_t {
        std::vector<uint8_t> bytes(static_cast<const uint8_t*>(buf),
                                   static_cast<const uint8_t*>(buf) + n);
        if (*offset <= flip_at && flip_at < *offset + n) bytes[flip_at - *offset] ^= 0x01;
        const ssize_t w = ::write(fd, bytes.data(), n);
        if (w > 0) *offset += static_cast<size_t>(w);
        return w;
    };
    k.ExpectRefused(k.kiosk.Import(o), "is not what was written (the kiosk's disk may be failing)");
    for (const auto& name : ListDir(k.kiosk.state() + "/exhibits"))
        CHECK(name.find(".partial") == std::string::npos);
}
