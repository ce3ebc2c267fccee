#pragma once
// UTF-8 validation, to choose between text and base64 for binary payloads.

#include <string_view>

namespace ipcutil {

/// Whether `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).  NUL is a valid character.
[[nodiscard]] bool valid_utf8(std::string_view bytes);

} // namespace ipcutil
