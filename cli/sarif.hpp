// cli/sarif.hpp — the `--format sarif` report (SARIF 2.1.0).
//
//   auto report = redact::cli::make_sarif_reporter(out, context);
//   report->report(finding);      // collected
//   report->finish(summary);      // writes one SARIF log to `out`
//
// One run whose tool.driver lists one rule per finding kind (all ten, ids
// "redact.token" ... "redact.private_key", in finding_kind order, so a
// result's ruleIndex is its kind's number). Each result has level "error",
// a message, one location (the file and region, or a logical location for a
// commit message), partialFingerprints {"redact/v1": finding_key()} and
// properties with the fingerprint, label, commit, author, date and change.
// Columns are byte columns (equal to SARIF's default code-point columns on
// ASCII lines). The run's properties hold the summary counts; the invocation
// says whether the scan ran without errors. No secret byte is written: the
// strings come from located_finding (already redacted).
//
// Allocates (results are kept until finish()); throws only std::bad_alloc.
#pragma once

#include <memory>

#include "cli/leak_report.hpp"

namespace redact::cli {

std::unique_ptr<finding_reporter> make_sarif_reporter(output& out, report_context context);

}  // namespace redact::cli
