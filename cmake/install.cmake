# Install rules: the core (+ the header-only ostream adapter) in export set
# redactTargets; each framework adapter in its own export set so that
# find_package(redact) only looks for spdlog/Boost when those were installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(redact_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/redact)

install(TARGETS redact_core EXPORT redactTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET redact_ostream)
  install(TARGETS redact_ostream EXPORT redactTargets
          FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()
if(TARGET redact_c)
  install(TARGETS redact_c EXPORT redactTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  # pkg-config: its own module, redact-c, rather than a part of the C++
  # library's: a C program needs -lredact-c alone (the C++ core and its
  # dependencies are inside the .so). Relocatable: the prefix is found from
  # the .pc file's own place (${pcfiledir}).
  file(RELATIVE_PATH REDACT_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" REDACT_PC_TO_PREFIX "${REDACT_PC_TO_PREFIX}")
  configure_file(cmake/redact-c.pc.in ${CMAKE_CURRENT_BINARY_DIR}/redact-c.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/redact-c.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
install(EXPORT redactTargets NAMESPACE redact:: DESTINATION ${redact_cmake_dir})

foreach(adapter spdlog boost_log)
  if(TARGET redact_${adapter})
    install(TARGETS redact_${adapter} EXPORT redact_${adapter}Targets
            FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT redact_${adapter}Targets NAMESPACE redact:: DESTINATION ${redact_cmake_dir})
  endif()
endforeach()

if(TARGET redact)
  install(TARGETS redact RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES cli/redact.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES cli/completion/redact.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME redact)
  # Debian's zsh looks in vendor-completions for packaged completions.
  install(FILES cli/completion/_redact DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
endif()

# redact.pc beside the CMake package, for builds without CMake. It locates
# the prefix from its own directory, so an installed tree can be moved (a
# package extracted into another root works). A static library needs its
# dependencies on every link: `Requires`; a shared one only its own.
set(redact_pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH REDACT_PC_TO_PREFIX /prefix/${redact_pkgconfig_dir} /prefix)
string(REGEX REPLACE "/$" "" REDACT_PC_TO_PREFIX "${REDACT_PC_TO_PREFIX}")
get_target_property(redact_core_type redact_core TYPE)
if(redact_core_type STREQUAL "SHARED_LIBRARY")
  set(REDACT_PC_REQUIRES "Requires.private")
else()
  set(REDACT_PC_REQUIRES "Requires")
endif()
configure_file(cmake/redact.pc.in ${CMAKE_CURRENT_BINARY_DIR}/redact.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/redact.pc DESTINATION ${redact_pkgconfig_dir})

configure_package_config_file(cmake/redactConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
                              INSTALL_DESTINATION ${redact_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
        DESTINATION ${redact_cmake_dir})
