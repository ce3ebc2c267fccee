#include "libipcutil/data/hexdump.hpp"

#include <cstring>

#include <fmt/format.h>

namespace ipcutil {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// hexdump's %_p: printable ASCII as itself, everything else as '.'.
char shown(unsigned char c)
{
    return c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
}

} // namespace

void HexDumper::feed(std::span<const unsigned char> data, std::string& out)
{
    const unsigned char* p = data.data();
    std::size_t left = data.size();
    if (pending_size_ > 0) {
        const std::size_t n = std::min(left, width - pending_size_);
        std::memcpy(pending_.data() + pending_size_, p, n);
        pending_size_ += n;
        p += n;
        left -= n;
        if (pending_size_ < width)
            return;
        block(pending_.data(), out);
        pending_size_ = 0;
    }
    for (; left >= width; p += width, left -= width)
        block(p, out);
    std::memcpy(pending_.data(), p, left);
    pending_size_ = left;
}

void HexDumper::finish(std::string& out)
{
    // A partial last line is never folded, even when it repeats the line
    // before (hexdump compares whole blocks only).
    if (pending_size_ > 0) {
        line(pending_.data(), pending_size_, out);
        address_ += pending_size_;
        pending_size_ = 0;
    }
    if (address_ != 0)
        out += fmt::format("{:08x}\n", address_);
    have_previous_ = false;
    folding_ = false;
}

void HexDumper::block(const unsigned char* bytes, std::string& out)
{
    if (have_previous_ && std::memcmp(bytes, previous_.data(), width) == 0) {
        if (!folding_)
            out += "*\n";
        folding_ = true;
    } else {
        line(bytes, width, out);
        std::memcpy(previous_.data(), bytes, width);
        have_previous_ = true;
        folding_ = false;
    }
    address_ += width;
}

void HexDumper::line(const unsigned char* bytes, std::size_t count, std::string& out) const
{
    // "00000010  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|"
    fmt::format_to(std::back_inserter(out), "{:08x}  ", address_);
    for (std::size_t i = 0; i < width; ++i) {
        if (i == width / 2)
            out += ' ';
        if (i < count) {
            out += hex_digits[bytes[i] >> 4];
            out += hex_digits[bytes[i] & 0xf];
            out += ' ';
        } else {
            out += "   ";
        }
    }
    out += " |";
    for (std::size_t i = 0; i < count; ++i)
        out += shown(bytes[i]);
    out += "|\n";
}

} // namespace ipcutil
