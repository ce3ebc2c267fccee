#pragma once
// The lsipc face's JSON (-J): libsmartcols writes each kind's table, typed
// by its columns; this makes them one document and mends what libsmartcols
// 2.38 gets wrong.  The schema: one member per kind listed, named by the
// kind's JSON key ("sharedmemory", "posixmessages", ...), an array of
// objects whose members are the columns shown, in lower case; numbers are
// numbers, booleans booleans, unset cells null, empty lists [].

#include <string>
#include <string_view>
#include <vector>

namespace ipcutil {

/// libsmartcols's JSON of one table, mended: an empty array cell ([ null ])
/// and an empty table ([ <blank line> ]) both become [].
[[nodiscard]] std::string mend_json_table(std::string json);

/// The tables' documents ({"key": [...]} each) as one document with a
/// member per table, in order: {"sharedmemory": [...], "messages": [...]}.
[[nodiscard]] std::string join_json_tables(const std::vector<std::string>& tables);

} // namespace ipcutil
