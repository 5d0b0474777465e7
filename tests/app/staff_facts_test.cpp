// app/staff_facts: what the staff panel says about the kiosk.

#include "app/staff_facts.h"

#include "storage/state_folder.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <string>

using namespace kiosk;
using kiosk::test::TempDir;

namespace {
std::string Fact(const StaffFacts& f, const std::string& label) {
    for (const auto& [k, v] : f.facts)
        if (k == label) return v;
    return "(no " + label + ")";
}
} // namespace

TEST_CASE("a full data partition is said plainly on the staff panel") {
    TempDir tmp;
    StaffFactsInput in;
    in.state_dir = tmp.path().string();
    in.exhibit_path = tmp / "current";
    in.free_bytes = 1u << 20;
    const std::string full = Fact(GatherStaffFacts(in), "Free space");
    CHECK(full.rfind("FULL: 1 MB in ", 0) == 0);
    CHECK(full.find("new exhibits and visits cannot be stored") != std::string::npos);
    in.free_bytes = 500ull << 20;
    CHECK(Fact(GatherStaffFacts(in), "Free space") == "500 MB in " + in.state_dir);
}

TEST_CASE("the staff panel lists the packages a rollback can go back to") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    kiosk::test::WriteFile(state.ExhibitsDir() + "/a-v1.kiosk", "1");
    kiosk::test::WriteFile(state.ExhibitsDir() + "/a-v2.kiosk", "2");
    state.SwitchCurrent("a-v2.kiosk");
    StaffFactsInput in;
    in.state_dir = state.dir();
    in.exhibit_path = state.CurrentPath();
    const StaffFacts f = GatherStaffFacts(in);
    CHECK(f.previous_packages == std::vector<std::string>{"a-v1.kiosk"});
    CHECK(Fact(f, "File") == "a-v2.kiosk");
    CHECK(Fact(f, "Exhibit") == "none (unavailable)");
}
