#include "libipcutil/list/json.hpp"

namespace ipcutil {
namespace {

// A JSON document {"key": [...]} without its outer braces, to join several.
std::string_view json_members(std::string_view doc)
{
    const std::size_t open = doc.find('{');
    const std::size_t close = doc.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos || close <= open)
        return {};
    std::string_view inner = doc.substr(open + 1, close - open - 1);
    while (!inner.empty() && inner.front() == '\n')
        inner.remove_prefix(1);
    while (!inner.empty() && (inner.back() == '\n' || inner.back() == ' '))
        inner.remove_suffix(1);
    return inner;
}

} // namespace

// An array column never holds a lone null otherwise, and JSON strings hold
// no raw newline, so the shape "[", newline, blanks, optionally "null" and
// blanks, "]" is always one of the two.
std::string mend_json_table(std::string json)
{
    const auto blanks = [&](std::size_t i) {
        while (i < json.size() && (json[i] == ' ' || json[i] == '\n'))
            ++i;
        return i;
    };
    std::size_t pos = 0;
    while ((pos = json.find("[\n", pos)) != std::string::npos) {
        std::size_t i = blanks(pos + 2);
        if (json.compare(i, 4, "null") == 0)
            i = blanks(i + 4);
        if (i < json.size() && json[i] == ']')
            json.replace(pos, i + 1 - pos, "[]");
        pos += 2;
    }
    return json;
}

std::string join_json_tables(const std::vector<std::string>& tables)
{
    std::size_t size = 8;
    for (const auto& t : tables)
        size += t.size() + 2;
    std::string out;
    out.reserve(size);
    out = "{\n";
    bool first = true;
    for (const auto& t : tables) {
        if (!first)
            out += ",\n";
        out += json_members(t);
        first = false;
    }
    out += "\n}\n";
    return out;
}

} // namespace ipcutil
