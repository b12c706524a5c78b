# Cross build for 64-bit Arm Linux with Debian's cross compiler and the arm64
# libraries installed through multiarch (scripts/setup-deps --arm64):
#
#   cmake --preset arm64 && cmake --build --preset arm64 && ctest --preset arm64
#
# Test programs run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR), which
# ctest and gtest_discover_tests use by themselves; -L points qemu at the
# cross compiler's C and C++ libraries, and the arm64 libraries of multiarch
# are found in their usual place.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Multiarch: libraries in /usr/lib/aarch64-linux-gnu, and pkg-config reads
# the arm64 .pc files only.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
