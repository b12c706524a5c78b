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
endif()

configure_package_config_file(cmake/redactConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
                              INSTALL_DESTINATION ${redact_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
        DESTINATION ${redact_cmake_dir})
