// Small typed errors, caught once in each program's main and printed as one
// plain sentence (see STYLE.md). The message is written for a curator or a
// technician, not for a programmer.
#pragma once

#include <stdexcept>
#include <string>

namespace kiosk {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The exhibit package cannot be used (missing, corrupt, wrong kind, wrong version).
struct PackageError : Error {
    using Error::Error;
};

// An image cannot be decoded or is larger than the limits allow.
struct MediaError : Error {
    using Error::Error;
};

// Wrong settings or command-line arguments.
struct ConfigError : Error {
    using Error::Error;
};

// A system call on a file failed; `err` is its errno, so callers can tell a
// pulled stick (EIO, ENODEV, ENXIO) and a full disk (ENOSPC, EDQUOT) apart.
struct IoError : Error {
    IoError(const std::string& what, int err) : Error(what), err(err) {}
    int err;
};

} // namespace kiosk
