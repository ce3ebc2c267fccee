#include "libipcutil/core/parse.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace ipcutil {
namespace {

Error bad(std::string_view what, std::string_view text)
{
    return usage_error(fmt::format("invalid {}: '{}'", what, quote(text)));
}

bool all_digits(std::string_view s, int base)
{
    if (s.empty())
        return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = base == 16 ? std::isxdigit(u) != 0 : (c >= '0' && c < '0' + base);
        if (!ok)
            return false;
    }
    return true;
}

template <class T> bool to_number(std::string_view s, T& out, int base = 10)
{
    if (!all_digits(s, base))
        return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc{} && end == s.data() + s.size();
}

} // namespace

Result<std::uint64_t> parse_unsigned(std::string_view text, std::string_view what, std::uint64_t max)
{
    std::uint64_t v = 0;
    if (!to_number(text, v))
        return std::unexpected(bad(what, text));
    if (v > max)
        return std::unexpected(usage_error(fmt::format("{} out of range: '{}' (at most {})", what, text, max)));
    return v;
}

Result<std::int64_t> parse_signed(std::string_view text, std::string_view what)
{
    const bool neg = !text.empty() && text.front() == '-';
    std::uint64_t mag = 0;
    const std::string_view digits = neg ? text.substr(1) : text;
    if (!to_number(digits, mag))
        return std::unexpected(bad(what, text));
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (mag > limit)
        return std::unexpected(usage_error(fmt::format("{} out of range: '{}'", what, quote(text))));
    return neg ? -static_cast<std::int64_t>(mag) : static_cast<std::int64_t>(mag);
}

Result<std::uint64_t> parse_size(std::string_view text)
{
    // As util-linux's parse_size: strtoumax's number (leading blanks, an
    // optional +, 0x for hexadecimal, a leading 0 for octal), then an
    // optional decimal fraction, then an optional unit: K M G T P E Z Y in
    // either case, alone or with iB (1024-based) or with B (1000-based).
    const auto too_large = [&] {
        return std::unexpected(usage_error(fmt::format("size too large: '{}'", quote(text))));
    };
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0)
        ++i;
    if (i < text.size() && text[i] == '+')
        ++i;
    unsigned base = 10;
    if (text.substr(i).starts_with("0x") || text.substr(i).starts_with("0X")) {
        if (i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0) {
            base = 16;
            i += 2;
        }
    } else if (i < text.size() && text[i] == '0') {
        base = 8;
    }
    const auto digit = [&](char c) -> unsigned {
        const auto u = static_cast<unsigned char>(c);
        if (std::isdigit(u) != 0)
            return static_cast<unsigned>(u - '0');
        if (base == 16 && std::isxdigit(u) != 0)
            return static_cast<unsigned>(std::tolower(u) - 'a' + 10);
        return 99;
    };
    const std::size_t first = i;
    std::uint64_t whole = 0;
    for (; i < text.size() && digit(text[i]) < base; ++i)
        if (__builtin_mul_overflow(whole, base, &whole) || __builtin_add_overflow(whole, digit(text[i]), &whole))
            return too_large();
    if (i == first)
        return std::unexpected(bad("size", text));

    std::string_view frac; // decimal digits after the point
    const bool point = i < text.size() && text[i] == '.';
    if (point) {
        const std::size_t start = ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0)
            ++i;
        frac = text.substr(start, i - start);
    }
    std::string_view suffix = text.substr(i);
    if (suffix.empty() && point)
        return std::unexpected(bad("size", text)); // "1.5" bytes means nothing
    if (suffix.empty())
        return whole;
    static constexpr std::string_view upper = "KMGTPEZY";
    static constexpr std::string_view lower = "kmgtpezy";
    std::size_t power = upper.find(suffix.front());
    if (power == std::string_view::npos)
        power = lower.find(suffix.front());
    if (power == std::string_view::npos)
        return std::unexpected(bad("size", text));
    suffix.remove_prefix(1);
    unsigned unit = 1024;
    if (suffix == "B" || suffix == "b")
        unit = 1000;
    else if (!(suffix.empty() || suffix == "iB" || suffix == "ib"))
        return std::unexpected(bad("size", text));

    // Exact in 128 bits: the unit to the eighth power fits, and the
    // fraction adds less than one unit.
    __extension__ typedef unsigned __int128 Wide;
    Wide mult = 1;
    for (std::size_t p = 0; p <= power; ++p)
        mult *= unit;
    const Wide value = Wide{whole} * mult;
    // The fraction's bytes, rounded down: digit by digit from the last,
    // each carry is floor((digit * mult + carry) / 10).
    Wide extra = 0;
    for (auto it = frac.rbegin(); it != frac.rend(); ++it)
        extra = (static_cast<Wide>(*it - '0') * mult + extra) / 10;
    if (whole != 0 && value / whole != mult)
        return too_large();
    const Wide total = value + extra;
    if (total > UINT64_MAX)
        return too_large();
    return static_cast<std::uint64_t>(total);
}

Result<key_t> parse_key(std::string_view text, bool allow_private)
{
    std::uint32_t v = 0;
    bool ok = false;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        ok = to_number(text.substr(2), v, 16);
    else if (text.size() > 1 && text[0] == '0')
        ok = to_number(text.substr(1), v, 8);
    else
        ok = to_number(text, v, 10);
    if (!ok)
        return std::unexpected(bad("key", text));
    if (v == 0 && !allow_private)
        return std::unexpected(usage_error(
            fmt::format("invalid key: '{}' (key 0 is IPC_PRIVATE and names no object; use the id)", quote(text))));
    return static_cast<key_t>(v);
}

Result<int> parse_id(std::string_view text)
{
    int v = 0;
    if (!to_number(text, v))
        return std::unexpected(bad("id", text));
    return v;
}

Result<mode_t> parse_mode(std::string_view text)
{
    unsigned v = 0;
    if (to_number(text, v, 8)) {
        if (v > 0777)
            return std::unexpected(usage_error(fmt::format("invalid mode: '{}' (at most 0777)", quote(text))));
        return static_cast<mode_t>(v);
    }
    // Symbolic: clauses like u=rw,g+r,o-w,a=r applied to 0.
    if (text.empty())
        return std::unexpected(bad("mode", text));
    mode_t mode = 0;
    std::size_t i = 0;
    while (i <= text.size()) {
        mode_t who = 0;
        while (i < text.size() && std::string_view("ugoa").find(text[i]) != std::string_view::npos) {
            switch (text[i]) {
            case 'u': who |= 0700; break;
            case 'g': who |= 0070; break;
            case 'o': who |= 0007; break;
            default: who |= 0777; break;
            }
            ++i;
        }
        if (who == 0)
            who = 0777;
        if (i >= text.size() || std::string_view("=+-").find(text[i]) == std::string_view::npos)
            return std::unexpected(bad("mode", text));
        const char op = text[i++];
        mode_t bits = 0;
        while (i < text.size() && text[i] != ',') {
            switch (text[i]) {
            case 'r': bits |= 0444; break;
            case 'w': bits |= 0222; break;
            case 'x': bits |= 0111; break;
            default: return std::unexpected(bad("mode", text));
            }
            ++i;
        }
        bits &= who;
        if (op == '=')
            mode = (mode & ~who) | bits;
        else if (op == '+')
            mode |= bits;
        else
            mode &= ~bits;
        if (i == text.size())
            break;
        ++i; // the comma
        if (i == text.size())
            return std::unexpected(bad("mode", text));
    }
    return mode;
}

Result<std::chrono::milliseconds> parse_duration(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    const std::string_view number = text.substr(0, i);
    const std::string_view unit = text.substr(i);
    static constexpr std::array<std::pair<std::string_view, double>, 6> units{
        {{"ms", 1.0}, {"s", 1e3}, {"", 1e3}, {"m", 60e3}, {"h", 3600e3}, {"d", 86400e3}}};
    double scale = -1;
    for (const auto& [name, ms] : units)
        if (unit == name)
            scale = ms;
    const auto dot = number.find('.');
    const bool number_ok = !number.empty() && number != "." && number.find('.', dot + 1) == std::string_view::npos
                           && (dot == std::string_view::npos || dot + 1 < number.size());
    if (scale < 0 || !number_ok)
        return std::unexpected(bad("duration", text));
    // from_chars, not stod: a number with hundreds of digits is out of range
    // for a double, and must be refused (or be 0 ms), not throw.
    double parsed = 0;
    if (std::from_chars(number.data(), number.data() + number.size(), parsed).ec == std::errc::result_out_of_range)
        parsed = number.substr(0, dot).find_first_not_of('0') == std::string_view::npos ? 0.0 : HUGE_VAL;
    const double value = parsed * scale;
    if (!(value < 1e15))
        return std::unexpected(usage_error(fmt::format("duration too long: '{}'", quote(text))));
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(value)));
}

Result<std::string> parse_posix_name(std::string_view text)
{
    std::string_view name = text;
    if (!name.empty() && name.front() == '/')
        name.remove_prefix(1);
    const auto refuse = [&](std::string_view why) {
        return std::unexpected(usage_error(fmt::format("invalid POSIX name: '{}' ({})", quote(text), why)));
    };
    if (name.empty())
        return refuse("empty");
    if (name.size() > 255)
        return refuse("longer than 255 bytes");
    if (name.find('/') != std::string_view::npos)
        return refuse("a name holds no '/' after the first");
    if (name.find('\0') != std::string_view::npos)
        return refuse("contains a NUL byte");
    if (name == "." || name == "..")
        return refuse("'.' and '..' are not names");
    return std::string(name);
}

std::string format_key(key_t key)
{
    return fmt::format("0x{:08x}", static_cast<std::uint32_t>(key));
}

} // namespace ipcutil
