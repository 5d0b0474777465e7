// The importer's two kinds of failure. Both carry one plain sentence; the
// importer turns them into the curator's message, the report and the status.
#pragma once

#include "core/error.h"

#include <string>

namespace kiosk {

// The new exhibit is refused: the message says why and what to do.
struct ImportError : Error {
    using Error::Error;
};

// A system call on a file failed; `err` is its errno, so the importer can tell
// a pulled stick (EIO, ENODEV, ENXIO) and a full disk (ENOSPC, EDQUOT) apart.
struct IoError : Error {
    IoError(const std::string& what, int err) : Error(what), err(err) {}
    int err;
};

} // namespace kiosk
