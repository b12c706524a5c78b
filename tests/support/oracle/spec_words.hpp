// Word lists copied from shared/SPEC.md, shared by the test suites, the
// oracle and the fuzz targets (written from SPEC, not from the core).
#pragma once

#include <array>
#include <string_view>

namespace redact::spec {

/// SPEC Rule H, "Scheme": the auth schemes kept in front of a credential.
inline constexpr std::array<std::string_view, 23> schemes = {"Basic",
                                                             "Bearer",
                                                             "Digest",
                                                             "Token",
                                                             "ApiKey",
                                                             "Api-Key",
                                                             "JWT",
                                                             "Negotiate",
                                                             "NTLM",
                                                             "OAuth",
                                                             "AWS4-HMAC-SHA256",
                                                             "HOBA",
                                                             "Mutual",
                                                             "SCRAM-SHA-1",
                                                             "SCRAM-SHA-256",
                                                             "vapid",
                                                             "DPoP",
                                                             "GNAP",
                                                             "PrivateToken",
                                                             "Signature",
                                                             "SSWS",
                                                             "Splunk",
                                                             "Key"};

}  // namespace redact::spec
