include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS redact_core EXPORT redactTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT redactTargets NAMESPACE redact:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/redact)
configure_package_config_file(cmake/redactConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/redact)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/redactConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/redactConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/redact)
