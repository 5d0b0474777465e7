// A crash at every step of an import (SIGKILL from inside, at each step the
// importer names) leaves `current` at a complete package, the old or the new
// one, and the next import cleans up and installs. The random-timing version
// of this is import-power-loss (power_loss.cpp).

#include "import/support.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

using kiosk::ImportOptions;
using kiosk::Outcome;
using namespace kiosk::test;

namespace {

// Runs an import in a child process that kills itself right after `step`.
// Returns true when the child died there.
bool ImportKilledAt(const Kiosk& k, const std::string& step) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ImportOptions o = k.Options();
        o.on_step = [&](const char* s) {
            if (step == s) ::raise(SIGKILL);
        };
        kiosk::RunImport(o);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

int64_t CurrentVersion(const Kiosk& k) {
    REQUIRE(kiosk::CheckPackage(k.state() + "/current").empty());
    return kiosk::Package::Open(k.state() + "/current").exhibit().version;
}

} // namespace

TEST_CASE("a crash at any step of an import leaves current at the old or the new package") {
    const auto step = GENERATE(as<std::string>{}, "started", "chosen", "copying", "copied",
                               "verified", "signature-saved", "renamed", "switched", "pruned");
    Kiosk k;
    k.Install(SamplePackage());
    for (int v = 8; v <= 10; ++v) { // enough history for pruning to have work
        k.Put(Variant(SmallPackage(), k.tmp("v.kiosk"), v), "new.kiosk");
        REQUIRE(k.Import().outcome == Outcome::Installed);
        k.ClearStick();
    }
    k.Put(Variant(SamplePackage(), k.tmp("v11.kiosk"), 11), "new.kiosk");
    INFO("killed after step " << step);
    REQUIRE(ImportKilledAt(k, step));

    const bool switched = step == "switched" || step == "pruned";
    CHECK(CurrentVersion(k) == (switched ? 11 : 10));
    CHECK(fs::exists(k.state() + "/" + fs::read_symlink(k.state() + "/current").string() +
                     ".minisig"));
    // The next import finishes the job (or has nothing to do) and leaves no debris.
    const auto r = k.Import();
    CHECK(r.outcome == (switched ? Outcome::NothingToDo : Outcome::Installed));
    CHECK(CurrentVersion(k) == 11);
    for (const auto& name : ListDir(k.state() + "/exhibits"))
        CHECK(name.find(".partial") == std::string::npos);
    CHECK(ListDir(k.state() + "/exhibits").size() == 2 * 3);
}
