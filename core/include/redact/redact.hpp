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
#define REDACT_VERSION_MINOR 2
#define REDACT_VERSION_PATCH 0
#define REDACT_VERSION_STRING "0.2.0"
/// The version of the behaviour contract (SPEC.md) this release implements.
#define REDACT_CONTRACT_VERSION 2
