#pragma once
// Pieces of JSON text for commands that print a few records without a table:
// string escaping, base64 for payloads that are not UTF-8 (mqrecv --json),
// and a flat object builder (xipcmk --json).  Lists of objects go through
// libsmartcols.

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace ipcutil {

/// The body of a JSON string literal for `text`, without the quotes: `"`,
/// `\` and control characters are escaped, every other byte is kept (the
/// caller passes UTF-8; see utf8.hpp).
[[nodiscard]] std::string json_escape(std::string_view text);

/// Standard base64 (RFC 4648, with `=` padding) of any bytes.
[[nodiscard]] std::string base64(std::string_view bytes);

/// `text` as a whole JSON string literal, quotes included, for text that may
/// not be UTF-8 (a POSIX name may hold any byte): escaped as json_escape
/// does, and each byte that is not part of well-formed UTF-8 becomes \ufffd,
/// so the output is always valid JSON.
[[nodiscard]] std::string json_string(std::string_view text);

/// One flat JSON object whose fields keep the order they were added in:
/// `{"kind": "sysv-shm", "id": 5}`.  Numbers stay numbers.
class JsonObject {
  public:
    JsonObject& add(std::string_view key, std::string_view value);
    JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, bool value) { return add_raw(key, value ? "true" : "false"); }
    template <std::integral T>
    requires(!std::same_as<T, bool>) JsonObject& add(std::string_view key, T value)
    {
        return add_raw(key, std::to_string(value));
    }
    JsonObject& add_null(std::string_view key) { return add_raw(key, "null"); }
    /// A value that is already JSON text (a nested object or array).
    JsonObject& add_raw(std::string_view key, std::string_view json);

    /// The object on one line.
    [[nodiscard]] std::string str() const { return "{" + fields_ + "}"; }

  private:
    std::string fields_;
};

} // namespace ipcutil
