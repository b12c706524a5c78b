// redact/redact.hpp — everything a user of the core needs.
//
//   #include <redact/redact.hpp>
//   std::string clean = redact::redact(line);     // SPEC default rules
//
// See redact/policy.hpp (what to remove) and redact/redactor.hpp (streaming).
#pragma once

#include "redact/policy.hpp"
#include "redact/redactor.hpp"

#define REDACT_VERSION_MAJOR 0
#define REDACT_VERSION_MINOR 1
#define REDACT_VERSION_PATCH 0
#define REDACT_VERSION_STRING "0.1.0"
