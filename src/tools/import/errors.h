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

// IoError (a failed system call with its errno) lives in core/error.h: the
// state folder in storage throws it too.

} // namespace kiosk
