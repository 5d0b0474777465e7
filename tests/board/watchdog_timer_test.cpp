// core/watchdog_timer: when the kiosk pings systemd, on a fake clock.

#include "core/watchdog_timer.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using kiosk::ParseWatchdogUsec;
using kiosk::WatchdogTimer;

TEST_CASE("the watchdog period is read from WATCHDOG_USEC's microseconds") {
    CHECK(ParseWatchdogUsec("30000000") == 30'000'000);
    CHECK(ParseWatchdogUsec("200000") == 200'000);
    CHECK_FALSE(ParseWatchdogUsec(""));
    CHECK_FALSE(ParseWatchdogUsec("0"));
    CHECK_FALSE(ParseWatchdogUsec("-5"));
    CHECK_FALSE(ParseWatchdogUsec("30s"));
    CHECK_FALSE(ParseWatchdogUsec("99999999999999999999999"));
}

TEST_CASE("pings are due every half period, the first one at once") {
    WatchdogTimer t(30'000'000); // WatchdogSec=30
    REQUIRE(t.enabled());
    CHECK(t.interval_ms() == 15'000);
    CHECK(t.Due(5));
    t.Pinged(5);
    CHECK_FALSE(t.Due(5));
    CHECK_FALSE(t.Due(15'004));
    CHECK(t.Due(15'005));
}

TEST_CASE("a loop that ticks every frame pings at the right pace over an hour") {
    WatchdogTimer t(200'000);
    std::vector<int64_t> pings;
    for (int64_t now = 0; now < 3'600'000; now += 16) // 60 frames a second
        if (t.Due(now)) {
            t.Pinged(now);
            pings.push_back(now);
        }
    REQUIRE(pings.size() > 2);
    for (size_t i = 1; i < pings.size(); ++i) {
        const int64_t gap = pings[i] - pings[i - 1];
        REQUIRE(gap >= 100);
        REQUIRE(gap < 200); // never as late as the period itself
    }
}

TEST_CASE("the loop's sleep is cut short when the next ping is due") {
    WatchdogTimer t(30'000'000);
    CHECK(t.MsUntilDue(0) == 0);
    t.Pinged(1'000);
    CHECK(t.MsUntilDue(1'000) == 15'000);
    CHECK(t.MsUntilDue(10'000) == 6'000);
    CHECK(t.MsUntilDue(16'000) == 0);
}

TEST_CASE("a sleeping loop that wakes when told pings on time") {
    // The kiosk on a still screen sleeps as long as MsUntilDue allows.
    WatchdogTimer t(30'000'000);
    int64_t now = 0;
    int64_t last = -1;
    for (int i = 0; i < 100; ++i) {
        if (t.Due(now)) {
            if (last >= 0) REQUIRE(now - last <= 15'000);
            t.Pinged(now);
            last = now;
        }
        now += std::min<int64_t>(60'000, t.MsUntilDue(now)); // a 60 s still-screen sleep, clamped
    }
    CHECK(last > 1'000'000);
}

TEST_CASE("without a watchdog nothing is ever due and the loop may sleep freely") {
    WatchdogTimer t(0);
    CHECK_FALSE(t.enabled());
    CHECK_FALSE(t.Due(0));
    CHECK(t.MsUntilDue(0) == -1);
}

TEST_CASE("a tiny period still pings every millisecond, not never") {
    WatchdogTimer t(1'000);
    CHECK(t.interval_ms() == 1);
}

TEST_CASE("a clock that steps back pings at once rather than waiting") {
    WatchdogTimer t(10'000'000);
    t.Pinged(50'000);
    CHECK(t.Due(40'000));
}
