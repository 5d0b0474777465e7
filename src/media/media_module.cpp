// The media module's one exported symbol (media_module.h); everything else
// in kiosk-media.so is local to it (media_module.map).
#include "media/media_module.h"

#ifndef KIOSK_BUILD_ID
#error "KIOSK_BUILD_ID must name the build (CMake sets it)"
#endif

extern "C" __attribute__((visibility("default"))) const kiosk::media_module::Entry*
kiosk_media_module() {
    static const kiosk::media_module::Entry entry = [] {
        kiosk::media_module::Entry e;
        e.build = KIOSK_BUILD_ID;
        e.probe = &kiosk::media_module::Probe;
        e.new_player = &kiosk::media_module::NewPlayer;
#ifdef KIOSK_MEDIA_MODULE_GL
        e.new_video_texture = &kiosk::media_module::NewVideoTexture;
#endif
        return e;
    }();
    return &entry;
}
