// What is on the stick: the rule that decides which files are packages.
// Only regular files named *.kiosk (any case) directly in the stick's top
// folder count; no recursion, no symlinks, nothing hidden ('.' or macOS '._'),
// no names that are not valid UTF-8 or hold control characters. Each package
// needs NAME.minisig beside it (looked up in any case, for FAT sticks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

struct StickPackage {
    std::string name;           // file name on the stick
    std::string path;           // source_dir + "/" + name
    std::string signature_path; // "" when no NAME.minisig is there
};

struct StickScan {
    std::vector<StickPackage> packages; // sorted by name
    // "NAME: why it was not considered" for *.kiosk entries that break the
    // rule in a way the curator should hear about (links, folders, odd names).
    std::vector<std::string> skipped;
};

// At most this many packages are considered: each is read in full to check
// its signature, and a stick is slow.
constexpr size_t kMaxStickPackages = 8;

// Lists `source_dir` by the rule above. Throws ImportError when the folder
// cannot be read (the stick was pulled, or it is not a folder).
StickScan ScanStick(const std::string& source_dir);

// `name` with bytes that are not printable UTF-8 replaced by '?', for messages.
std::string PrintableName(const std::string& name);

} // namespace kiosk
