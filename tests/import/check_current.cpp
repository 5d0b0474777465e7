// import-check-current STATE_DIR: exits 0 and prints "ID VERSION" when the
// state folder's `current` is a link into exhibits/ to a complete, sound
// package (Package::Open and the deep check); else prints why and exits 1.
// Used by the shell-driven import tests.

#include "storage/package.h"

#include <unistd.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: import-check-current STATE_DIR\n";
        return 2;
    }
    const std::string current = std::string(argv[1]) + "/current";
    char target[4096];
    const ssize_t n = ::readlink(current.c_str(), target, sizeof target - 1);
    if (n <= 0) {
        std::cerr << current << " is not a symlink\n";
        return 1;
    }
    const std::string t(target, static_cast<size_t>(n));
    if (t.rfind("exhibits/", 0) != 0 || t.size() < 7 || t.compare(t.size() - 6, 6, ".kiosk") != 0) {
        std::cerr << current << " points to " << t << ", not to an installed package\n";
        return 1;
    }
    try {
        const kiosk::Package pkg = kiosk::Package::Open(current);
        const auto problems = kiosk::CheckPackage(current);
        if (!problems.empty()) {
            std::cerr << current << ": " << problems.front() << "\n";
            return 1;
        }
        std::cout << pkg.exhibit().id << " " << pkg.exhibit().version << "\n";
    } catch (const kiosk::Error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
