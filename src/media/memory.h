// How the kiosk's heap hands memory back. A kiosk runs for years, showing
// one screen-size picture after another: every decoded image and every
// llvmpipe texture is a multi-megabyte block that lives a few seconds.
// glibc's defaults keep such blocks: after the first large free, its mmap
// threshold rises to the block's size, so later images are carved from the
// heap (of the decode worker's own arena, one per thread that allocates),
// and freed heap is only returned when its top end is free. The first
// attract cycle then leaves the process tens of MiB larger for good.
#pragma once

#include <cstddef>

namespace kiosk {

// Blocks at least this large are mapped on their own and unmapped on free.
inline constexpr size_t kLargeBlockBytes = 256u << 10;

// Fixes the mmap threshold at kLargeBlockBytes (which also stops glibc from
// raising it), returns freed heap above 1 MiB at the top of a heap, and
// bounds the arenas to two (the GL thread's and the workers'). Call once at
// start, before any thread is created.
void SetLongRunMemoryPolicy();

// Gives freed memory in the middle of every heap back to the system; a few
// hundred microseconds, so only when a screen has settled.
void ReleaseFreedMemory();

} // namespace kiosk
