// kiosk-import: installs a signed exhibit package from a USB stick. Started by
// kiosk-import@.service when a stick is plugged in (see deploy/udev/).
//   kiosk-import --source DIR [--state DIR] [--trusted-keys DIR]
//                [--allow-other-exhibit] [--allow-older] [--keep-previous N]
//                [--config kiosk.toml]
// Exit codes: 0 installed, 3 nothing to do, 1 rejected (the reason on stderr
// and in the report on the stick), 2 usage.

#include "core/error.h"
#include "storage/validate.h"
#include "tools/import/import.h"

#include "storage/settings_file.h"

#include <toml++/toml.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: kiosk-import --source STICK_FOLDER [--state /var/lib/kiosk]\n"
    "                    [--trusted-keys /etc/kiosk/trusted-keys]\n"
    "                    [--allow-other-exhibit] [--allow-older] [--keep-previous N]\n"
    "                    [--config /etc/kiosk/kiosk.toml]\n";

// A usage error: exit 2, the problem (naming the option) first.
int Usage(const std::string& problem) {
    std::cerr << "kiosk-import: " << problem << "\n" << kUsage;
    return 2;
}

// [import] allow_other_exhibit = false, keep_previous = 2 from kiosk.toml.
// The command line wins over the file. Throws ConfigError for a file that
// cannot be read, and ConfigSyntaxError for one that is wrong inside.
using ConfigSyntaxError = kiosk::SettingsSyntaxError;

void LoadConfig(const std::string& path, kiosk::ImportOptions& opt) {
    const toml::table t = kiosk::ReadSettingsFile(path); // the one kiosk.toml reader
    if (auto node = t.at_path("import.allow_other_exhibit")) {
        if (!node.is_boolean())
            throw ConfigSyntaxError(path + ": import.allow_other_exhibit must be true or false");
        opt.allow_other_exhibit = node.as_boolean()->get();
    }
    if (auto node = t.at_path("import.keep_previous")) {
        const auto n = node.value<int64_t>();
        if (!n || *n < 0 || *n > 20)
            throw ConfigSyntaxError(path + ": import.keep_previous must be a number from 0 to 20");
        opt.keep_previous = static_cast<int>(*n);
    }
}

// Progress for the journal: one line per phase and per tenth of the way.
class ProgressPrinter {
  public:
    void operator()(const kiosk::Status& s) {
        const int tenth = static_cast<int>(std::floor(s.progress * 10));
        if (s.phase == m_phase && tenth == m_tenth) return;
        m_phase = s.phase;
        m_tenth = tenth;
        std::cout << static_cast<int>(std::lround(s.progress * 100)) << "% " << s.message
                  << std::endl;
    }

  private:
    kiosk::Phase m_phase = kiosk::Phase::Nothing;
    int m_tenth = -1;
};

} // namespace

int main(int argc, char** argv) {
    kiosk::ImportOptions opt;
    bool allow_flag = false;
    int keep_flag = -1;
    std::string config;
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= args.size()) throw kiosk::ConfigError(a + " needs a value");
                return args[++i];
            };
            if (a == "--source")
                opt.source_dir = value();
            else if (a == "--state")
                opt.state_dir = value();
            else if (a == "--trusted-keys")
                opt.trusted_keys_dir = value();
            else if (a == "--allow-other-exhibit")
                allow_flag = true;
            else if (a == "--allow-older")
                opt.allow_older = true;
            else if (a == "--keep-previous") {
                const std::string v = value();
                char* end = nullptr;
                const long n = std::strtol(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || n < 0 || n > 20)
                    throw kiosk::ConfigError(
                        "--keep-previous must be a number from 0 to 20, not '" +
                        kiosk::Printable(v) + "'");
                keep_flag = static_cast<int>(n);
            } else if (a == "--config")
                config = value();
            else if (a == "-h" || a == "--help") {
                std::cout << kUsage;
                return 0;
            } else
                throw kiosk::ConfigError("unknown option '" + kiosk::Printable(a) + "'");
        }
        if (opt.source_dir.empty()) throw kiosk::ConfigError("--source is required");
        if (!config.empty()) {
            try {
                LoadConfig(config, opt);
            } catch (const ConfigSyntaxError& e) {
                // A mistake elsewhere in kiosk.toml must not stop a curator's
                // update; the safe defaults apply and the journal says why.
                opt.allow_other_exhibit = false;
                opt.keep_previous = 2;
                std::cerr << "kiosk-import: " << e.what()
                          << "; the import uses the default settings\n";
            }
        }
    } catch (const kiosk::ConfigError& e) {
        return Usage(e.what());
    }
    if (allow_flag) opt.allow_other_exhibit = true;
    if (keep_flag >= 0) opt.keep_previous = keep_flag;

    ProgressPrinter printer;
    opt.on_status = [&](const kiosk::Status& s) { printer(s); };
    opt.on_warning = [](const std::string& w) { std::cerr << "kiosk-import: " << w << "\n"; };
    const kiosk::ImportResult r = kiosk::RunImport(opt);
    if (r.outcome == kiosk::Outcome::Rejected) {
        std::cerr << r.message << "\n";
        for (const auto& d : r.details)
            std::cerr << "  " << d << "\n";
    } else {
        std::cout << r.message << "\n";
    }
    if (!r.report_path.empty()) std::cout << "Report: " << r.report_path << "\n";
    return kiosk::ExitCode(r.outcome);
}
