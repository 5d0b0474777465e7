// app/import_watch: what the public screen says about an import.

#include "app/import_watch.h"

#include <catch2/catch.hpp>

using kiosk::ImportPhase;
using kiosk::ImportStatus;
using kiosk::ShowImportStatus;

namespace {
ImportStatus At(ImportPhase phase, std::time_t time) {
    ImportStatus s;
    s.phase = phase;
    s.progress = 0.4;
    s.message = "Copying the new exhibit…";
    s.time = time;
    s.pid = 1; // a pid that is always alive: it proves nothing
    return s;
}
} // namespace

TEST_CASE("a running import is shown with its progress while it holds the lock") {
    const auto shown = ShowImportStatus(At(ImportPhase::Copying, 1000), true, 5000);
    CHECK(shown.line == "Copying the new exhibit…");
    CHECK(shown.progress == Approx(0.4));
}

TEST_CASE("a running phase left by a killed import is not shown, whatever its pid") {
    CHECK(ShowImportStatus(At(ImportPhase::Copying, 1000), false, 1001).line.empty());
    CHECK(ShowImportStatus(At(ImportPhase::Verifying, 1000), false, 1001).line.empty());
}

TEST_CASE("an import's outcome is shown for a minute, without a progress bar") {
    auto shown = ShowImportStatus(At(ImportPhase::Installed, 1000), false, 1030);
    CHECK(shown.line == "Copying the new exhibit…");
    CHECK(shown.progress == -1);
    CHECK(ShowImportStatus(At(ImportPhase::Installed, 1000), false, 1061).line.empty());
    CHECK(ShowImportStatus(std::nullopt, true, 0).line.empty());
}
