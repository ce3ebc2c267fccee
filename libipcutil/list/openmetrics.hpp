#pragma once
// xipcs --export=openmetrics: gauges for the Prometheus node_exporter
// textfile collector, so a fleet's IPC objects are audited with the
// monitoring it already runs.
//
// Families (every one a gauge, HELP and TYPE first, samples in order):
//   xipc_objects{kind}                   objects of the kind
//   xipc_bytes{kind}                     bytes they hold (object_bytes)
//   xipc_orphans{kind}                   how many the orphan rule calls orphans
//   xipc_object_size_bytes{...}          shared memory size, queue bytes in use
//   xipc_object_attachments{...}         System V shared memory attach count
//   xipc_object_holders{...}             processes mapping or holding it
//   xipc_object_messages{...}            messages queued
//   xipc_object_semaphores{...}          semaphores in a System V set
//   xipc_object_value{...}               POSIX semaphore value
//   xipc_object_orphan{...}              1 for an orphan, 0 otherwise
//   xipc_object_change_timestamp_seconds{...}  last change time (CTIME)
// Per-object labels: kind, id and key (System V) or name (POSIX), owner.
// Over every namespace (xipcs -A), each sample also has ns (the IPC
// namespace's inode) and, when it belongs to one, container; the per-kind
// families then have one sample per namespace and kind.
// The output ends with "# EOF" (OpenMetrics; a comment to the Prometheus
// text parser the textfile collector uses).

#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"
#include "libipcutil/holders/orphans.hpp"

namespace ipcutil {

/// The exposition of `lists` (holders filled; the orphan rule decides
/// with `policy`).  Every list's kind gets its per-kind samples, also
/// when it has no objects (0 is not absent).  With `namespaces` (the
/// namespaces listed, in order: xipcs -A), samples are labelled by
/// namespace and the per-kind families counted per namespace.
[[nodiscard]] std::string openmetrics_text(const std::vector<ObjectList>& lists, const OrphanPolicy& policy,
                                           const std::vector<IpcNamespace>* namespaces = nullptr);

/// A label value as the exposition formats want it, from text chosen by
/// anyone: escaped for a terminal first (printable(): "\x1b", so never a
/// raw control byte and always UTF-8), then backslash and double quote
/// escaped as the format says.
[[nodiscard]] std::string openmetrics_label_value(std::string_view text);

} // namespace ipcutil
