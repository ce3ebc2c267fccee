#include "libipcutil/list/cells.hpp"

#include <algorithm>
#include <type_traits>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/utf8.hpp"

namespace ipcutil {
namespace {

std::string text(const std::string& s, const CellStyle& style)
{
    return style.json ? well_formed_utf8(s) : s;
}

template <class T> std::string join(const std::vector<T>& items, const CellStyle& style)
{
    const char sep = style.json ? '\n' : ',';
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            s += sep;
        if constexpr (std::is_same_v<T, std::string>) {
            // One element per line in JSON arrays: a newline inside one
            // would split it.
            std::string clean = text(items[i], style);
            std::replace(clean.begin(), clean.end(), '\n', '?');
            s += clean;
        } else {
            s += std::to_string(items[i]);
        }
    }
    return s;
}

std::string time_text(std::time_t t, const CellStyle& style)
{
    switch (style.time) {
    case TimeFormat::full: return time_full(t);
    case TimeFormat::iso: return time_iso(t);
    case TimeFormat::short_form: break;
    }
    return time_short(t, style.now);
}

} // namespace

std::optional<std::string> cell_text(const Value& value, const CellStyle& style)
{
    struct Visit {
        const CellStyle& style;
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(const std::string& s) const { return text(s, style); }
        std::optional<std::string> operator()(std::int64_t n) const { return std::to_string(n); }
        std::optional<std::string> operator()(std::uint64_t n) const { return std::to_string(n); }
        std::optional<std::string> operator()(bool b) const { return std::string(b ? "1" : "0"); }
        std::optional<std::string> operator()(Bytes b) const
        {
            return style.json || style.bytes ? std::to_string(b.value) : human_size(b.value);
        }
        std::optional<std::string> operator()(Timestamp t) const { return time_text(t.value, style); }
        std::optional<std::string> operator()(Permissions p) const
        {
            return style.numeric_perms ? mode_octal(p.value) : mode_string(p.value);
        }
        std::optional<std::string> operator()(Percent p) const
        {
            return style.json ? fmt::format("{:.2f}", p.value) : fmt::format("{:2.2f}%", p.value);
        }
        std::optional<std::string> operator()(NotApplicable) const
        {
            return style.json ? std::nullopt : std::optional<std::string>("-");
        }
        // An empty list is an unset cell ([] in JSON).
        std::optional<std::string> operator()(const Numbers& n) const
        {
            return n.empty() ? std::nullopt : std::optional(join(n, style));
        }
        std::optional<std::string> operator()(const Strings& s) const
        {
            return s.empty() ? std::nullopt : std::optional(join(s, style));
        }
    };
    return std::visit(Visit{style}, value);
}

} // namespace ipcutil
