// kiosk-stats: the kiosk's visit statistics as a report (see tools/stats/stats.h).

#include "tools/stats/stats.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return kiosk::stats::Run(args, std::cout, std::cerr);
}
