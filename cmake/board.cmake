# Board integration (issue 5): the system library the watchdog needs, a
# GUI-free library of the board modules for tests and tools, the files a
# Raspberry Pi needs (units, X and udev config, session and set-up scripts,
# default settings and exhibit), and the memorial-kiosk .deb (CPack).
#   cpack -G DEB   in a build folder makes memorial-kiosk_VERSION_ARCH.deb

pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)

# [library] watchdog, display power and the board's settings, without ImGui,
# so the tests and watchdog-probe link only what they need; kiosk_platform
# links it for the kiosk.
add_library(kiosk_board STATIC
  src/platform/watchdog.cpp src/platform/display_power.cpp src/platform/board_config.cpp)
target_link_libraries(kiosk_board PUBLIC kiosk_core kiosk_storage PkgConfig::SYSTEMD PkgConfig::TOMLPP)

# [install] What the package holds; `cmake --install` with DESTDIR lays out
# the same tree (deploy/install.sh uses that to test in a throwaway root).
# Absolute destinations are the board's fixed places, outside the prefix.
if(TARGET kiosk)
  install(TARGETS kiosk RUNTIME DESTINATION bin)
endif()
install(TARGETS kiosk-pack RUNTIME DESTINATION bin)
install(PROGRAMS deploy/kiosk-session.sh DESTINATION lib/kiosk RENAME kiosk-session)
install(PROGRAMS deploy/kiosk-setup.sh DESTINATION lib/kiosk RENAME kiosk-setup)
install(FILES ${CMAKE_BINARY_DIR}/default.kiosk deploy/kiosk.toml DESTINATION share/kiosk)
install(FILES deploy/journald/kiosk.conf DESTINATION share/kiosk RENAME journald-kiosk.conf)
install(FILES deploy/xorg/10-kiosk.conf DESTINATION share/X11/xorg.conf.d)
install(FILES README.md DESTINATION share/doc/memorial-kiosk)
# The settings: into the package (a conffile), and by `cmake --install` only
# where there are none yet: the technician's own file is never overwritten.
install(CODE "
  if(NOT EXISTS \"\$ENV{DESTDIR}/etc/kiosk/kiosk.toml\")
    file(INSTALL DESTINATION /etc/kiosk TYPE FILE FILES \"${CMAKE_SOURCE_DIR}/deploy/kiosk.toml\")
  endif()")
install(FILES deploy/xorg/rotate-0.conf deploy/xorg/rotate-90.conf deploy/xorg/rotate-180.conf
              deploy/xorg/rotate-270.conf DESTINATION /etc/X11/kiosk)
install(FILES systemd/kiosk.service DESTINATION /lib/systemd/system)
install(FILES deploy/udev/70-kiosk.rules DESTINATION /lib/udev/rules.d)

# [package] One .deb; its dependencies are listed, not computed by
# dpkg-shlibdeps, so a cross-built arm64 package gets them right too
# (tests/board/deb_test.sh checks the list against the binaries on amd64).
set(KIOSK_DEB_DEPENDS
  "libc6, libstdc++6, libgcc-s1, libglfw3, libgl1, libopengl0, libegl1, libgl1-mesa-dri, libsqlite3-0"
  ", libsodium23"
  ", libfreetype6, libsystemd0, libtomlplusplus3, libstb0, libjpeg62-turbo, fonts-noto-core"
  ", libmpv2, libavformat59, libavcodec59, libavutil57, libswscale6"
  ", xserver-xorg-core, xserver-xorg-input-libinput, xinit, x11-xserver-utils, xinput")
string(JOIN "" KIOSK_DEB_DEPENDS ${KIOSK_DEB_DEPENDS})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME memorial-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Touch kiosk for a memorial exhibit (Raspberry Pi)")
set(CPACK_PACKAGE_DESCRIPTION
  "Shows a signed exhibit package full screen on a touchscreen, from boot, under Xorg on tty1.")
set(CPACK_PACKAGE_CONTACT "Memorial kiosk maintainers <kiosk@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${KIOSK_DEB_DEPENDS}")
# cec-ctl (HDMI-CEC standby for TVs); raspi-config (read-only root).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "v4l-utils")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "raspi-config, minisign")
# The architecture of the target, not of the build machine (cross builds).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE armhf)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
endif()
# Files in /etc are the technician's once installed: conffiles, kept on upgrade.
set(KIOSK_CONFFILES ${CMAKE_BINARY_DIR}/deb/conffiles)
file(WRITE ${KIOSK_CONFFILES}
  "/etc/kiosk/kiosk.toml\n/etc/X11/kiosk/rotate-0.conf\n/etc/X11/kiosk/rotate-90.conf\n"
  "/etc/X11/kiosk/rotate-180.conf\n/etc/X11/kiosk/rotate-270.conf\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/deploy/debian/postinst ${CMAKE_SOURCE_DIR}/deploy/debian/prerm
  ${CMAKE_SOURCE_DIR}/deploy/debian/postrm ${KIOSK_CONFFILES})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
