// The shared fixture of the hostile-input suites (bad_input_test.cpp,
// hostile_test.cpp): a kiosk showing the sample exhibit, and a check that an
// import refused everywhere (screen, log, report) and changed nothing.
#pragma once

#include "import/support.h"

#include <catch2/catch.hpp>

#include <string>

namespace kiosk::test {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// A kiosk showing the sample exhibit, version 7.
struct Installed {
    Kiosk kiosk;
    Snapshot before;
    Installed() {
        kiosk.Install(SamplePackage());
        before = kiosk.Installed();
    }

    // Checks that `r` refused for `why` everywhere and changed nothing.
    void ExpectRefused(const ImportResult& r, const std::string& why,
                       Outcome outcome = Outcome::Rejected) const {
        INFO(r.message);
        CHECK(r.outcome == outcome);
        CHECK_THAT(r.message, StartsWith(outcome == Outcome::Rejected ? "Not installed: "
                                                                      : "Nothing to install: "));
        CHECK_THAT(r.message, Contains(why));
        CHECK(kiosk.Installed() == before);
        CHECK(kiosk::Package::Open(kiosk.state() + "/current").exhibit().version == 7);
        const auto status = kiosk.Status();
        CHECK(status.at("phase") == (outcome == Outcome::Rejected ? "rejected" : "nothing"));
        CHECK(status.at("message") == r.message);
        CHECK_THAT(kiosk.LastLogLine(), Contains(r.message));
        const std::string report = kiosk.Report();
        CHECK_THAT(report, Contains(r.message));
        CHECK_THAT(report, Contains(outcome == Outcome::Rejected ? "Outcome: rejected"
                                                                 : "Outcome: nothing to do"));
        CHECK_THAT(report, Contains("sample-exhibit-v7.kiosk (showing now)"));
    }
};

// The sample at version 8, tampered with by `sql`, signed after tampering.
inline std::string Tampered(const Kiosk& k, const std::string& sql) {
    const std::string pkg = Variant(SamplePackage(), k.tmp("v8.kiosk"), 8);
    SqlExec(pkg, sql);
    return pkg;
}

} // namespace kiosk::test
