// tools/import/stick: which files on a stick are packages, and which are not.

#include "tools/import/stick.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using kiosk::test::TempDir;
using kiosk::test::WriteFile;

namespace {

std::vector<std::string> Names(const kiosk::StickScan& scan) {
    std::vector<std::string> names;
    for (const auto& p : scan.packages)
        names.push_back(p.name);
    return names;
}

std::string Skipped(const kiosk::StickScan& scan) {
    return kiosk::test::Joined(scan.skipped);
}

} // namespace

TEST_CASE("a stick's packages are the *.kiosk files of its top folder, any case, sorted") {
    TempDir tmp;
    WriteFile(tmp / "b.kiosk", "x");
    WriteFile(tmp / "A.KIOSK", "x");
    WriteFile(tmp / "notes.txt", "x");
    WriteFile(tmp / "b.kiosk.minisig", "x");
    WriteFile(tmp / "sub/c.kiosk", "x"); // no recursion
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(Names(scan) == std::vector<std::string>{"A.KIOSK", "b.kiosk"});
    CHECK(scan.skipped.empty());
    CHECK(scan.packages[0].signature_path.empty());
    CHECK(scan.packages[1].signature_path == tmp / "b.kiosk.minisig");
}

TEST_CASE("a signature whose name changed case on a FAT stick is still found") {
    TempDir tmp;
    WriteFile(tmp / "Memorial.kiosk", "x");
    WriteFile(tmp / "MEMORIAL.KIOSK.MINISIG", "x");
    const auto scan = kiosk::ScanStick(tmp.path());
    REQUIRE(scan.packages.size() == 1);
    CHECK(scan.packages[0].signature_path == tmp / "MEMORIAL.KIOSK.MINISIG");
}

TEST_CASE("hidden files and macOS ._ files are ignored without a word") {
    TempDir tmp;
    WriteFile(tmp / ".hidden.kiosk", "x");
    WriteFile(tmp / "._exhibit.kiosk", "x");
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(scan.packages.empty());
    CHECK(scan.skipped.empty());
}

TEST_CASE("a symlink named like a package is skipped and said to be a link") {
    TempDir tmp;
    WriteFile(tmp / "real/exhibit.kiosk", "x");
    fs::create_symlink(tmp / "real/exhibit.kiosk", tmp / "link.kiosk");
    fs::create_symlink("/etc/passwd", tmp / "passwd.kiosk");
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(scan.packages.empty());
    CHECK_THAT(Skipped(scan), Contains("link.kiosk: it is a link, not a file"));
    CHECK_THAT(Skipped(scan), Contains("passwd.kiosk: it is a link, not a file"));
}

TEST_CASE("a symlinked signature counts as no signature") {
    TempDir tmp;
    WriteFile(tmp / "exhibit.kiosk", "x");
    WriteFile(tmp / "elsewhere.minisig", "x");
    fs::create_symlink(tmp / "elsewhere.minisig", tmp / "exhibit.kiosk.minisig");
    const auto scan = kiosk::ScanStick(tmp.path());
    REQUIRE(scan.packages.size() == 1);
    CHECK(scan.packages[0].signature_path.empty());
}

TEST_CASE("folders and FIFOs named like packages are skipped, never opened") {
    TempDir tmp;
    fs::create_directories(tmp / "folder.kiosk");
    REQUIRE(::mkfifo((tmp / "pipe.kiosk").c_str(), 0644) == 0);
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(scan.packages.empty());
    CHECK_THAT(Skipped(scan), Contains("folder.kiosk: it is not a file"));
    CHECK_THAT(Skipped(scan), Contains("pipe.kiosk: it is not a file"));
}

TEST_CASE("names that are not valid UTF-8 or hold control characters are skipped") {
    TempDir tmp;
    WriteFile(tmp / "bad\xff.kiosk", "x");
    WriteFile(tmp / "two\nlines.kiosk", "x");
    WriteFile(tmp / "Xatirə — 1992.kiosk", "x"); // odd but fine
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(Names(scan) == std::vector<std::string>{"Xatirə — 1992.kiosk"});
    CHECK_THAT(Skipped(scan), Contains("bad?.kiosk: its name has characters"));
    CHECK_THAT(Skipped(scan), Contains("two?lines.kiosk: its name has characters"));
}

TEST_CASE("at most eight packages are considered and the rest are named as skipped") {
    TempDir tmp;
    for (int i = 0; i < 10; ++i)
        WriteFile(tmp / ("p" + std::to_string(i) + ".kiosk"), "x");
    const auto scan = kiosk::ScanStick(tmp.path());
    CHECK(scan.packages.size() == kiosk::kMaxStickPackages);
    CHECK(scan.skipped.size() == 2);
    CHECK_THAT(Skipped(scan), Contains("p9.kiosk: the stick holds more than 8 packages"));
}

TEST_CASE("a stick that cannot be read is an ImportError") {
    CHECK_THROWS_AS(kiosk::ScanStick("/nonexistent-stick"), kiosk::ImportError);
}
