#include "libipcutil/core/utf8.hpp"

namespace ipcutil {

std::size_t utf8_char_length(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
    const unsigned c = byte(0);
    if (c < 0x80)
        return 1;
    // Lead byte: how many bytes in all, and the range the second byte must
    // fall in (this is what rules out overlongs, surrogates and code points
    // above U+10FFFF; RFC 3629 table 4).
    std::size_t n = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (text.size() - at < n || byte(1) < lo || byte(1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(k) & 0xc0) != 0x80)
            return 0;
    return n;
}

bool valid_utf8(std::string_view bytes)
{
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_char_length(bytes, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string well_formed_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_char_length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

} // namespace ipcutil
