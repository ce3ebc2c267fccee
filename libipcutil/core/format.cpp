#include "libipcutil/core/format.hpp"

#include <sys/stat.h>

#include <cstdlib>

#include <fmt/format.h>

namespace ipcutil {

std::string human_size(std::uint64_t bytes, SizeStyle style)
{
    // The exponent of the largest unit not above the size: 0 (B), 10 (K) ... 60 (E).
    int exp = 0;
    for (int shift = 10; shift <= 60 && bytes >= (std::uint64_t{1} << shift); shift += 10)
        exp = shift;
    std::uint64_t whole = bytes >> exp;
    std::uint64_t frac = exp == 0 ? 0 : bytes & ((std::uint64_t{1} << exp) - 1);
    if (frac != 0) {
        // Three digits after the point, then rounded to one, as util-linux
        // does (so 1048575 bytes is "1024K", not "1M").
        if (frac >= UINT64_MAX / 1000)
            frac = ((frac / 1024) * 1000) / (std::uint64_t{1} << (exp - 10));
        else
            frac = (frac * 1000) / (std::uint64_t{1} << exp);
        frac = (frac + 50) / 100;
        if (frac == 10) {
            ++whole;
            frac = 0;
        }
    }
    if (style.fixed_decimal && whole == 1024 && exp < 60) {
        whole = 1;
        exp += 10;
    }
    const char letter = "BKMGTPE"[exp / 10];
    const std::string_view unit_sep = style.space ? " " : "";
    const std::string_view iec = style.iec_units && exp > 0 ? "iB" : "";
    if (exp == 0)
        return fmt::format("{}{}{}", whole, unit_sep, letter);
    if (frac != 0 || style.fixed_decimal)
        return fmt::format("{}.{}{}{}{}", whole, frac, unit_sep, letter, iec);
    return fmt::format("{}{}{}{}", whole, unit_sep, letter, iec);
}

std::string printable(std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        const bool escape_start = u == '\\' && i + 1 < text.size() && text[i + 1] == 'x';
        if (u >= 0x20 && u < 0x7f && !escape_start) {
            out += static_cast<char>(u);
            continue;
        }
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 0xf];
    }
    return out;
}

std::string mode_string(mode_t mode)
{
    std::string s(9, '-');
    const auto bit = [&](int i, mode_t m, char c) {
        if ((mode & m) != 0)
            s[static_cast<std::size_t>(i)] = c;
    };
    bit(0, S_IRUSR, 'r');
    bit(1, S_IWUSR, 'w');
    bit(2, S_IXUSR, 'x');
    bit(3, S_IRGRP, 'r');
    bit(4, S_IWGRP, 'w');
    bit(5, S_IXGRP, 'x');
    bit(6, S_IROTH, 'r');
    bit(7, S_IWOTH, 'w');
    bit(8, S_IXOTH, 'x');
    if ((mode & S_ISUID) != 0)
        s[2] = (mode & S_IXUSR) != 0 ? 's' : 'S';
    if ((mode & S_ISGID) != 0)
        s[5] = (mode & S_IXGRP) != 0 ? 's' : 'S';
    if ((mode & S_ISVTX) != 0)
        s[8] = (mode & S_IXOTH) != 0 ? 't' : 'T';
    return s;
}

std::string mode_octal(mode_t mode)
{
    return fmt::format("{:#o}", static_cast<unsigned>(mode));
}

namespace {

std::tm local(std::time_t t)
{
    std::tm tm{};
    ::localtime_r(&t, &tm);
    return tm;
}

std::string strftime_string(const char* format, const std::tm& tm)
{
    char buf[64];
    const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

} // namespace

std::string time_short(std::time_t t, std::time_t now)
{
    const std::tm tm = local(t);
    const std::tm today = local(now);
    if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
        return fmt::format("{:02}:{:02}", tm.tm_hour, tm.tm_min);
    if (tm.tm_year == today.tm_year)
        return strftime_string("%b%d", tm);
    return strftime_string("%Y-%b%d", tm);
}

std::string time_full(std::time_t t)
{
    const std::tm tm = local(t);
    char buf[64];
    if (::asctime_r(&tm, buf) == nullptr)
        return {};
    std::string s = buf;
    if (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

std::string time_iso(std::time_t t)
{
    const std::tm tm = local(t);
    const long minutes = tm.tm_gmtoff / 60;
    return fmt::format("{}{:+03}:{:02}", strftime_string("%Y-%m-%dT%H:%M:%S", tm), minutes / 60,
                       std::labs(minutes % 60));
}

} // namespace ipcutil
