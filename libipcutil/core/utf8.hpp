#pragma once
// UTF-8: whether bytes are well-formed (to choose between text and base64
// for binary payloads), and text made well-formed for outputs that must be
// (JSON).

#include <cstddef>
#include <string>
#include <string_view>

namespace ipcutil {

/// The length of the well-formed UTF-8 character starting at `text[at]`
/// (1 to 4), or 0 when the bytes there are not one (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF, nothing cut short).
[[nodiscard]] std::size_t utf8_char_length(std::string_view text, std::size_t at);

/// Whether `bytes` is well-formed UTF-8.  NUL is a valid character.
[[nodiscard]] bool valid_utf8(std::string_view bytes);

/// `text` with each byte that is not part of a well-formed character
/// replaced by U+FFFD, so JSON built from it is valid; well-formed text
/// comes back unchanged.
[[nodiscard]] std::string well_formed_utf8(std::string_view text);

} // namespace ipcutil
