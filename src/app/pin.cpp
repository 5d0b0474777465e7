#include "app/pin.h"

#include "core/error.h"

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace kiosk {

std::string HashPin(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 12 ||
        pin.find_first_not_of("0123456789") != std::string::npos)
        throw ConfigError("the PIN must be 4 to 12 digits");
    if (sodium_init() < 0) throw ConfigError("libsodium cannot be initialised");
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits: about a tenth of a second and 64 MB on a Pi 4,
    // paid only when staff enter the PIN.
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw ConfigError("not enough memory to hash the PIN");
    return out;
}

bool VerifyPin(const std::string& pin, const std::string& hash) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
}

void StorePinHash(const std::string& path, const std::string& hash) {
    std::vector<std::string> lines;
    {
        std::ifstream in(path);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
    }
    // Replace pin_hash inside [admin], or add it (and the table) at the end.
    bool in_admin = false, done = false;
    size_t admin_header = lines.size();
    for (size_t i = 0; i < lines.size() && !done; ++i) {
        const std::string& l = lines[i];
        const size_t first = l.find_first_not_of(" \t");
        if (first != std::string::npos && l[first] == '[') {
            in_admin = l.compare(first, 7, "[admin]") == 0;
            if (in_admin) admin_header = i;
            continue;
        }
        if (in_admin && first != std::string::npos && l.compare(first, 8, "pin_hash") == 0) {
            lines[i] = "pin_hash = \"" + hash + "\"";
            done = true;
        }
    }
    if (!done) {
        if (admin_header < lines.size())
            lines.insert(lines.begin() + static_cast<long>(admin_header) + 1,
                         "pin_hash = \"" + hash + "\"");
        else {
            lines.emplace_back("");
            lines.emplace_back("[admin]");
            lines.push_back("pin_hash = \"" + hash + "\"");
        }
    }
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& l : lines)
            out << l << "\n";
        out.flush();
        if (!out) throw ConfigError("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw ConfigError("cannot replace " + path);
}

} // namespace kiosk
