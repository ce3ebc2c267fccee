#pragma once
// The two pieces of JSON text mqrecv --json needs: string escaping and
// base64 for payloads that are not UTF-8.

#include <string>
#include <string_view>

namespace ipcutil {

/// The body of a JSON string literal for `text`, without the quotes: `"`,
/// `\` and control characters are escaped, every other byte is kept (the
/// caller passes UTF-8; see utf8.hpp).
[[nodiscard]] std::string json_escape(std::string_view text);

/// Standard base64 (RFC 4648, with `=` padding) of any bytes.
[[nodiscard]] std::string base64(std::string_view bytes);

} // namespace ipcutil
