# [import] kiosk-import: installs a signed exhibit package from a USB stick.
# Included from the top CMakeLists.txt; the library is what the tests drive.
file(GLOB IMPORT_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/tools/import/*.cpp)
add_library(kiosk_import STATIC ${IMPORT_SOURCES})
target_link_libraries(kiosk_import PUBLIC kiosk_storage kiosk_pack PkgConfig::SODIUM)

add_executable(kiosk-import ${CMAKE_SOURCE_DIR}/src/tools/kiosk_import_main.cpp)
target_link_libraries(kiosk-import PRIVATE kiosk_import PkgConfig::TOMLPP)

# [install] Into the board's package beside the kiosk (see cmake/board.cmake):
# the program, the mount helper the service runs, the service and the udev rule.
install(TARGETS kiosk-import RUNTIME DESTINATION bin)
install(PROGRAMS deploy/kiosk-usb-import.sh DESTINATION lib/kiosk RENAME kiosk-usb-import)
install(FILES systemd/kiosk-import@.service DESTINATION /lib/systemd/system)
install(FILES deploy/udev/99-kiosk-usb.rules DESTINATION /lib/udev/rules.d)

# `kiosk-pack pubkey KEYFILE.pub` prints PublicKeyLine() (tools/import/minisign.h).
target_link_libraries(kiosk-pack PRIVATE kiosk_import)
