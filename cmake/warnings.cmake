# redact_set_warnings(target): the project's warning set, errors when
# REDACT_WARNINGS_AS_ERRORS is on (CI turns it on).
function(redact_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(REDACT_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
