#include "libipcutil/core/json_text.hpp"

#include <array>
#include <cstddef>

#include "libipcutil/core/utf8.hpp"

namespace ipcutil {

std::string json_escape(std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + text.size() / 8 + 2);
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20 || u == 0x7f) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string base64(std::string_view bytes)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        const unsigned v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0U);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::string json_string(std::string_view text)
{
    std::string out = "\"";
    std::size_t run = 0; // start of the well-formed run not yet written
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_char_length(text, i);
        if (n > 0) {
            i += n;
            continue;
        }
        out += json_escape(text.substr(run, i - run));
        out += "\\ufffd";
        run = ++i;
    }
    out += json_escape(text.substr(run));
    out += '"';
    return out;
}

JsonObject& JsonObject::add(std::string_view key, std::string_view value)
{
    return add_raw(key, json_string(value));
}

JsonObject& JsonObject::add_raw(std::string_view key, std::string_view json)
{
    if (!fields_.empty())
        fields_ += ", ";
    fields_ += json_string(key);
    fields_ += ": ";
    fields_.append(json);
    return *this;
}

} // namespace ipcutil
