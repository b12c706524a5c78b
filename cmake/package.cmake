# Binary package: `cpack -G DEB` in a build tree (the `package` preset
# builds exactly what is installed). One package, `redact`: the command, its
# man page and completions, the library for development (static library,
# headers, CMake package, redact.pc), and the C API (libredact-c.so.1,
# redact.h, redact-c.pc). Its install is tested by
# tests/packaging/deb.sh (run by scripts/test-all).
set(CPACK_PACKAGE_NAME redact)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Remove API keys and credentials from logs (command and C++ library)")
set(CPACK_PACKAGE_DESCRIPTION
    "redact strips API keys and authorization credentials out of logs: a streaming C++20 library with spdlog, Boost.Log and std::ostream adapters, the redact command for shell pipelines, leak scans, CI jobs and rsyslog, and a stable C API (libredact-c) for other languages.")
set(REDACT_PACKAGE_CONTACT "redact maintainers <maintainers@redact.invalid>"
    CACHE STRING "Maintainer field of the binary package")
set(CPACK_PACKAGE_CONTACT "${REDACT_PACKAGE_CONTACT}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Depends: computed from the binary's shared libraries (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Linking the static library also needs RE2 and libcrypto (redact.pc).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libre2-dev, libssl-dev, pkg-config")
set(CPACK_GENERATOR DEB)
include(CPack)
