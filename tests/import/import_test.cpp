// tools/import/import: the curator's story when it goes right, what the
// kiosk, its log and the stick are told, and the command line's exit codes.

#include "tools/import/import.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using kiosk::ImportOptions;
using kiosk::ImportResult;
using kiosk::Outcome;
using namespace kiosk::test;

TEST_CASE("a fresh kiosk installs a signed package from the stick") {
    Kiosk k;
    const std::string pkg = k.Put(SamplePackage(), "Remembrance.kiosk");
    const ImportResult r = k.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.message == "Installed 'Remembrance' version 7: 3 panels, 3 languages");
    CHECK(r.installed_file == "sample-exhibit-v7.kiosk");
    const Snapshot s = k.Installed();
    CHECK(s.current == "exhibits/sample-exhibit-v7.kiosk");
    CHECK(s.files.size() == 2);
    CHECK(s.files.at("sample-exhibit-v7.kiosk") == ReadFile(pkg));
    CHECK(s.files.at("sample-exhibit-v7.kiosk.minisig") == ReadFile(pkg + ".minisig"));
    CHECK(kiosk::CheckPackage(k.state() + "/current").empty());
}

TEST_CASE("the status file ends with the outcome, in the contract's keys") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    const ImportResult r = k.Import();
    const auto status = k.Status();
    CHECK(status.at("phase") == "installed");
    CHECK(status.at("progress") == "1.00");
    CHECK(status.at("message") == r.message);
    CHECK(std::abs(std::stol(status.at("time")) - std::time(nullptr)) < 60);
    CHECK(status.count("pid") == 1);
    CHECK_FALSE(fs::exists(k.state() + "/import-status.tmp"));
}

TEST_CASE("an import goes through checking, copying and verifying with rising progress") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    ImportOptions o = k.Options();
    std::vector<kiosk::Status> seen;
    o.on_status = [&](const kiosk::Status& s) { seen.push_back(s); };
    k.Import(o);
    std::vector<std::string> phases;
    for (size_t i = 0; i < seen.size(); ++i) {
        if (phases.empty() || phases.back() != kiosk::PhaseName(seen[i].phase))
            phases.emplace_back(kiosk::PhaseName(seen[i].phase));
        if (i > 0) CHECK(seen[i].progress >= seen[i - 1].progress);
    }
    CHECK(phases == std::vector<std::string>{"checking", "copying", "verifying", "installed"});
    CHECK(seen.front().message == "Checking the new exhibit…");
    CHECK(seen.size() > 6); // progress moves within the phases too
}

TEST_CASE("every import appends one line to the kiosk's import log") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    k.Import();
    k.Import();
    const std::string log = ReadFile(k.state() + "/import-log");
    CHECK(std::count(log.begin(), log.end(), '\n') == 2);
    CHECK_THAT(k.LastLogLine(), Contains("\tnothing to do\tNothing to install: version 7 of "
                                         "'Remembrance' is already installed"));
}

TEST_CASE("the report on the stick says when, where, what and which packages the kiosk has") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    const ImportResult r = k.Import();
    REQUIRE_THAT(r.report_path, StartsWith(k.stick() + "/kiosk-report/import-"));
    const std::string report = k.Report();
    CHECK_THAT(report, Contains("Kiosk:   test-kiosk"));
    CHECK_THAT(report, Contains("Outcome: installed"));
    CHECK_THAT(report, Contains("Installed 'Remembrance' version 7: 3 panels, 3 languages"));
    CHECK_THAT(report, Contains("new.kiosk: exhibit 'sample-exhibit' version 7, signed by key"));
    CHECK_THAT(report, Contains("sample-exhibit-v7.kiosk (showing now)"));
    CHECK(report.find("Visit statistics") == std::string::npos);
}

TEST_CASE("the kiosk's visit statistics are added to the report when they exist") {
    Kiosk k;
    k.Install(SamplePackage());
    WriteFile(k.state() + "/visits-report.txt", "Visits this month: 412\n");
    const ImportResult r = k.Import(); // an empty stick still gets the statistics
    CHECK(r.outcome == Outcome::NothingToDo);
    CHECK(r.message == "Nothing to install: the stick has no exhibit package (.kiosk file)");
    CHECK_THAT(k.Report(),
               Contains("Visit statistics\n----------------\nVisits this month: 412\n"));
}

TEST_CASE("a stick that cannot take the report still gets the exhibit installed") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    WriteFile(k.stick() + "/kiosk-report", "a file where the folder should be");
    ImportOptions o = k.Options();
    std::string warnings;
    o.on_warning = [&](const std::string& w) { warnings += w; };
    const ImportResult r = k.Import(o);
    CHECK(r.outcome == Outcome::Installed);
    CHECK(r.report_path.empty());
    CHECK_THAT(warnings, Contains("The report could not be written to the stick"));
}

TEST_CASE("newer versions replace older ones, keeping the configured number of previous ones") {
    Kiosk k;
    k.Install(SamplePackage());
    for (int v = 8; v <= 10; ++v) {
        k.ClearStick();
        k.Put(Variant(v % 2 ? SamplePackage() : SmallPackage(), k.tmp("v.kiosk"), v), "new.kiosk");
        const ImportResult r = k.Import();
        REQUIRE(r.outcome == Outcome::Installed);
        CHECK(r.installed_file == "sample-exhibit-v" + std::to_string(v) + ".kiosk");
    }
    CHECK(ListDir(k.state() + "/exhibits") ==
          std::vector<std::string>{"sample-exhibit-v10.kiosk", "sample-exhibit-v10.kiosk.minisig",
                                   "sample-exhibit-v8.kiosk", "sample-exhibit-v8.kiosk.minisig",
                                   "sample-exhibit-v9.kiosk", "sample-exhibit-v9.kiosk.minisig"});
    CHECK_THAT(k.Report(), Contains("Removed the older package sample-exhibit-v7.kiosk."));
    k.ClearStick();
    k.Put(Variant(SamplePackage(), k.tmp("v.kiosk"), 11), "new.kiosk");
    ImportOptions o = k.Options();
    o.keep_previous = 0;
    REQUIRE(k.Import(o).outcome == Outcome::Installed);
    CHECK(ListDir(k.state() + "/exhibits") ==
          std::vector<std::string>{"sample-exhibit-v11.kiosk", "sample-exhibit-v11.kiosk.minisig"});
}

TEST_CASE("a damaged installed package is repaired by the same version from the stick") {
    Kiosk k;
    k.Install(SamplePackage());
    const std::string installed = k.state() + "/exhibits/sample-exhibit-v7.kiosk";
    WriteFile(installed, "damaged by a failing SD card");
    k.Put(SamplePackage(), "new.kiosk");
    const ImportResult r = k.Import();
    CHECK(r.outcome == Outcome::Installed);
    CHECK(ReadFile(installed) == ReadFile(SamplePackage()));
    CHECK_THAT(k.Report(), Contains("The exhibit this kiosk was showing cannot be opened"));
}

TEST_CASE("what an interrupted import left behind is cleaned at the next import") {
    Kiosk k;
    k.Install(SamplePackage());
    WriteFile(k.state() + "/exhibits/sample-exhibit-v8.kiosk.partial", "half a copy");
    fs::create_symlink("exhibits/sample-exhibit-v8.kiosk.partial", k.state() + "/current.tmp");
    k.Import();
    CHECK(ListDir(k.state() + "/exhibits") ==
          std::vector<std::string>{"sample-exhibit-v7.kiosk", "sample-exhibit-v7.kiosk.minisig"});
    CHECK_FALSE(fs::exists(fs::symlink_status(k.state() + "/current.tmp")));
}

// [SECTION] The command line -----------------------------------------------

namespace {

struct CliRun {
    int code = -1;
    std::string out, err;
};

CliRun RunCli(const Kiosk& k, const std::string& args) {
    const std::string out = k.tmp("cli.out"), err = k.tmp("cli.err");
    const int status = std::system(
        (std::string(KIOSK_IMPORT_BIN) + " " + args + " >" + out + " 2>" + err).c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
}

std::string Dirs(const Kiosk& k) {
    return "--source " + k.stick() + " --state " + k.state() + " --trusted-keys " + k.keys();
}

} // namespace

TEST_CASE("kiosk-import exits 0 when installed, 3 with nothing to do, 1 when rejected, 2 on usage "
          "errors") {
    Kiosk k;
    k.Put(SamplePackage(), "new.kiosk");
    const CliRun installed = RunCli(k, Dirs(k));
    CHECK(installed.code == 0);
    CHECK_THAT(installed.out, Contains("Checking the new exhibit…"));
    CHECK_THAT(installed.out, Contains("Installed 'Remembrance' version 7"));
    CHECK(RunCli(k, Dirs(k)).code == 3);
    k.ClearStick();
    k.Put(Variant(SamplePackage(), k.tmp("v8.kiosk"), 8), "new.kiosk", Signing::Stranger);
    const CliRun rejected = RunCli(k, Dirs(k));
    CHECK(rejected.code == 1);
    CHECK_THAT(rejected.err,
               Contains("Not installed: new.kiosk is signed with a key this kiosk does not trust"));
    CHECK(RunCli(k, "--state " + k.state()).code == 2);
    CHECK(RunCli(k, Dirs(k) + " --wobble").code == 2);
    CHECK(RunCli(k, Dirs(k) + " --keep-previous many").code == 2);
}

TEST_CASE("kiosk-import reads the import settings of kiosk.toml and the command line wins") {
    Kiosk k;
    k.Install(SamplePackage());
    k.Put(Variant(SmallPackage(), k.tmp("o.kiosk"), 1, "other-exhibit"), "other.kiosk");
    WriteFile(k.tmp("kiosk.toml"), "[import]\nallow_other_exhibit = false\nkeep_previous = 0\n");
    CHECK(RunCli(k, Dirs(k) + " --config " + k.tmp("kiosk.toml")).code == 1);
    WriteFile(k.tmp("kiosk.toml"), "[import]\nallow_other_exhibit = true\nkeep_previous = 0\n");
    CHECK(RunCli(k, Dirs(k) + " --config " + k.tmp("kiosk.toml")).code == 0);
    CHECK(ListDir(k.state() + "/exhibits") ==
          std::vector<std::string>{"other-exhibit-v1.kiosk", "other-exhibit-v1.kiosk.minisig"});
    CHECK(RunCli(k, Dirs(k) + " --config " + k.tmp("missing.toml")).code == 2);
}

TEST_CASE("a mistake in kiosk.toml does not stop an update: the safe defaults apply") {
    Kiosk k;
    k.Install(SamplePackage());
    k.Put(Variant(SmallPackage(), k.tmp("o.kiosk"), 1, "other-exhibit"), "other.kiosk");
    WriteFile(k.tmp("kiosk.toml"),
              "[import]\nallow_other_exhibit = true\nkeep_previous = \"two\"\n");
    const CliRun other = RunCli(k, Dirs(k) + " --config " + k.tmp("kiosk.toml"));
    CHECK(other.code == 1); // allow_other_exhibit fell back to false
    CHECK_THAT(other.err, Contains("import.keep_previous must be a number from 0 to 20; the import "
                                   "uses the default settings"));
    k.ClearStick();
    k.Put(Variant(SamplePackage(), k.tmp("v8.kiosk"), 8), "new.kiosk");
    WriteFile(k.tmp("kiosk.toml"), "[visit\nidle_timeout_s = 90\n");
    CHECK(RunCli(k, Dirs(k) + " --config " + k.tmp("kiosk.toml")).code == 0);
}

TEST_CASE("an installed package and its signature take the owner of the exhibits folder") {
    if (::geteuid() != 0) return; // only root can give files away
    Kiosk k;
    fs::create_directories(k.state() + "/exhibits");
    REQUIRE(::chown((k.state() + "/exhibits").c_str(), 4321, 4321) == 0);
    k.Put(SamplePackage(), "new.kiosk");
    REQUIRE(k.Import().outcome == Outcome::Installed);
    for (const auto* name : {"sample-exhibit-v7.kiosk", "sample-exhibit-v7.kiosk.minisig"}) {
        struct stat st {};
        REQUIRE(::stat((k.state() + "/exhibits/" + name).c_str(), &st) == 0);
        CHECK(st.st_uid == 4321);
        CHECK(st.st_gid == 4321);
        CHECK((st.st_mode & 0777) == 0644);
    }
}
