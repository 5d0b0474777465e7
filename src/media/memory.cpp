#include "media/memory.h"

#include <malloc.h>

namespace kiosk {

void SetLongRunMemoryPolicy() {
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargeBlockBytes));
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
    mallopt(M_ARENA_MAX, 2);
}

void ReleaseFreedMemory() {
    malloc_trim(0);
}

} // namespace kiosk
