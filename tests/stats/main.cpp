// The statistics tests' main: days and hours are the kiosk's local time, so
// the tests fix the zone (UTC) to mean the same numbers on every machine.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

int main(int argc, char* argv[]) {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    return Catch::Session().run(argc, argv);
}
