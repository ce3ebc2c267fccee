#pragma once
// What a child process that read another namespace's objects hands back to
// its parent through a pipe (xipcs -A): the lists read and the problems
// met, as bytes.  Only the fields the read step fills travel; holders and
// ownership are the parent's to attribute.

#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/list/problems.hpp"

namespace ipcutil {

/// One namespace's read, as it travels.
struct NamespaceRead {
    std::vector<ObjectList> lists;
    std::vector<std::string> lines; ///< every problem line, in order
    int failures = 0;               ///< how many of them were failures
};

[[nodiscard]] std::string encode_read(const std::vector<ObjectList>& lists, const Problems& problems);

/// The inverse of encode_read; a failure when the bytes are cut short or
/// malformed (a child that died half-way).
[[nodiscard]] Result<NamespaceRead> decode_read(std::string_view bytes);

/// Several namespaces' reads in one stream, in order: each one's
/// encode_read bytes, or the one line saying why it could not be read.
struct ReadOrFailure {
    bool failed = false;
    std::string bytes; ///< encode_read's, or the failure line
};
void append_read(std::string& stream, const ReadOrFailure& one);
[[nodiscard]] Result<std::vector<ReadOrFailure>> split_reads(std::string_view stream);

} // namespace ipcutil
