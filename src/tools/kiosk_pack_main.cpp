// kiosk-pack: the curators' tool. Builds an exhibit package from a source
// folder, checks a package, and summarises one.
//   kiosk-pack build SRC_DIR -o OUT.kiosk [--width W --height H] [--quiet] [--strict]
//   kiosk-pack check PKG.kiosk
//   kiosk-pack info PKG.kiosk [--json]
//   kiosk-pack pubkey KEY.pub
// Exit codes: 0 success, 1 the input has problems, 2 usage.

#include "core/error.h"
#include "storage/package.h"
#include "storage/validate.h"
#include "tools/import/minisign.h"
#include "tools/pack/pack.h"

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

// A usage error: exit 2, naming what was wrong, then the usage.
int Usage(const std::string& problem = "") {
    if (!problem.empty()) std::cerr << "kiosk-pack: " << problem << "\n";
    std::cerr << "usage:\n"
                 "  kiosk-pack build SOURCE_FOLDER -o OUT.kiosk [--width W --height H] [--quiet]\n"
                 "        [--strict]   (media warnings are errors)\n"
                 "  kiosk-pack check PACKAGE.kiosk\n"
                 "  kiosk-pack info PACKAGE.kiosk [--json]\n"
                 "  kiosk-pack pubkey KEY.pub   (the line for the kiosk's trusted-keys folder)\n";
    return 2;
}

int Build(const std::vector<std::string>& args) {
    std::string src, out;
    kiosk::BuildOptions opt;
    bool quiet = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw kiosk::ConfigError(a + " needs a value");
            return args[++i];
        };
        auto pixels = [&]() {
            const std::string v = value();
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 320 || n > 8192)
                throw kiosk::ConfigError(a + " must be a number of pixels from 320 to 8192, not '" +
                                         v + "'");
            return static_cast<int>(n);
        };
        if (a == "-o" || a == "--output")
            out = value();
        else if (a == "--width")
            opt.screen_width = pixels();
        else if (a == "--height")
            opt.screen_height = pixels();
        else if (a == "--quiet")
            quiet = true;
        else if (a == "--strict")
            opt.strict = true;
        else if (!a.empty() && a[0] == '-')
            throw kiosk::ConfigError("unknown option '" + kiosk::Printable(a) + "'");
        else if (src.empty())
            src = a;
        else
            throw kiosk::ConfigError("only one source folder can be built at a time");
    }
    if (src.empty()) return Usage("build needs the exhibit's source folder");
    if (out.empty()) return Usage("build needs -o OUT.kiosk, the package to write");
    const kiosk::BuildResult r = kiosk::BuildPackage(src, out, opt);
    for (const auto& note : r.notes)
        if (!quiet) std::cout << "note: " << note << "\n";
    if (!r.ok) {
        for (const auto& p : r.problems)
            std::cerr << "error: " << p << "\n";
        std::cerr << "No package was written: fix the " << r.problems.size()
                  << (r.problems.size() == 1 ? " problem" : " problems")
                  << " above and build again.\n";
        return 1;
    }
    if (!quiet)
        std::cout << "Built " << out << ": " << r.panels << " panels, " << r.languages
                  << " languages, " << r.images << " images, "
                  << (r.media > 0 ? std::to_string(r.media) + " media files, " : "")
                  << (r.bytes + 512 * 1024) / (1024 * 1024) << " MB\n";
    return 0;
}

int Check(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (!a.empty() && a[0] == '-')
            return Usage("check has no option '" + kiosk::Printable(a) + "'");
    if (args.size() != 1) return Usage("check takes exactly one package");
    const auto problems = kiosk::CheckPackage(args[0]);
    if (problems.empty()) {
        std::cout << args[0] << ": the package is sound\n";
        return 0;
    }
    for (const auto& p : problems)
        std::cerr << "error: " << p << "\n";
    return 1;
}

int Info(const std::vector<std::string>& args) {
    bool json = false;
    std::string path;
    for (const auto& a : args) {
        if (a == "--json")
            json = true;
        else if (!a.empty() && a[0] == '-')
            return Usage("info has no option '" + kiosk::Printable(a) + "'");
        else if (path.empty())
            path = a;
        else
            return Usage("info takes exactly one package");
    }
    if (path.empty()) return Usage("info needs a package");
    const auto s = kiosk::SummarisePackage(path);
    std::cout << (json ? kiosk::SummaryJson(s) : kiosk::SummaryText(s));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return Usage("a command is needed");
    const std::string cmd = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (cmd == "build") return Build(args);
        if (cmd == "check") return Check(args);
        if (cmd == "info") return Info(args);
        if (cmd == "pubkey") {
            if (args.size() != 1) return Usage("pubkey takes exactly one KEY.pub file");
            std::cout << kiosk::PublicKeyLine(args[0]) << "\n";
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            Usage();
            return 0;
        }
        return Usage("unknown command '" + kiosk::Printable(cmd) + "'");
    } catch (const kiosk::ConfigError& e) {
        std::cerr << "kiosk-pack: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "kiosk-pack: " << e.what() << "\n";
        return 1;
    }
}
