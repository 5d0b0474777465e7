// The plain-text visit statistics the kiosk keeps at <state>/visits-report.txt
// (last 30 days and all time): kiosk-import appends that file to the report
// it writes on the curator's USB stick, so the importer never opens
// visits.db. Written for a curator: plain sentences, plain numbers.
#pragma once

#include "core/visit_summary.h"
#include "storage/visits.h"

#include <cstdint>
#include <string>

namespace kiosk {

// One period of the text report, under `heading` ("Last 30 days (...)").
std::string VisitsReportText(const VisitSummary& summary, const std::string& heading);

// The whole text: the last 30 local days up to `now_wall_ms`, all time, and
// what is (not) recorded. It holds no clock time, so it only changes when
// the statistics or the date do. Throws VisitsError.
std::string BuildVisitsReport(const VisitStore& store, int64_t now_wall_ms);

// Rewrites `path` with BuildVisitsReport when the text changed: PATH.tmp,
// fsync, rename, so a reader (or a power cut) sees the old or the new file,
// whole. Returns true when it wrote. Call it after a visit is saved, or
// every few minutes; an unchanged report costs no write. Throws VisitsError.
bool RefreshVisitsReport(const VisitStore& store, const std::string& path, int64_t now_wall_ms);

// The privacy note every report ends with (one paragraph), and the same
// broken into lines of at most 78 characters for plain text.
const char* VisitsPrivacyNote();
std::string VisitsPrivacyNoteText();

} // namespace kiosk
