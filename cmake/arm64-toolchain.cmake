# Cross-compiling for Raspberry Pi OS Bookworm 64-bit (arm64) on Debian 12
# with crossbuild-essential-arm64, against Debian's arm64 libraries unpacked
# into a sysroot. deploy/cross-build-arm64.sh makes the sysroot and uses this.
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/arm64-toolchain.cmake -DKIOSK_SYSROOT=DIR ..
# Programs built here run on this machine under qemu-aarch64 (tests, the
# default exhibit's packing step) through CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# try_compile runs this file again in a fresh project: pass the sysroot on.
if(NOT KIOSK_SYSROOT)
  if(DEFINED ENV{KIOSK_SYSROOT})
    set(KIOSK_SYSROOT "$ENV{KIOSK_SYSROOT}")
  else()
    set(KIOSK_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build-arm64/sysroot")
  endif()
endif()
get_filename_component(KIOSK_SYSROOT "${KIOSK_SYSROOT}" ABSOLUTE)
set(ENV{KIOSK_SYSROOT} "${KIOSK_SYSROOT}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES KIOSK_SYSROOT)
if(NOT EXISTS "${KIOSK_SYSROOT}/usr/include/stdio.h")
  message(FATAL_ERROR "No arm64 sysroot in ${KIOSK_SYSROOT}: run deploy/cross-build-arm64.sh")
endif()

set(CMAKE_SYSROOT "${KIOSK_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${KIOSK_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config answers for the sysroot's arm64 libraries, never the host's.
set(ENV{PKG_CONFIG_DIR} "")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_LIBDIR}
  "${KIOSK_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${KIOSK_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${KIOSK_SYSROOT}")

find_program(KIOSK_QEMU_AARCH64 qemu-aarch64)
if(KIOSK_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${KIOSK_QEMU_AARCH64};-L;${KIOSK_SYSROOT}")
endif()
