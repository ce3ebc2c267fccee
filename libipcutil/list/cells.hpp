#pragma once
// How a typed cell value (columns.hpp) is written in the lsipc face: sizes
// human or in bytes, permissions as letters or octal, times short, full or
// ISO, lists joined; what JSON wants where it differs.

#include <ctime>
#include <optional>
#include <string>

#include "libipcutil/list/columns.hpp"

namespace ipcutil {

enum class TimeFormat { short_form, full, iso };

/// The choices a cell's text depends on.
struct CellStyle {
    bool json = false;          ///< cells for libsmartcols's JSON (numbers bare, lists one element a line)
    bool bytes = false;         ///< sizes in bytes, not human units (-b)
    bool numeric_perms = false; ///< permissions as octal (-P)
    TimeFormat time = TimeFormat::short_form;
    std::time_t now = 0; ///< "today", for short times
};

/// The text of a cell, or nullopt for an unset one (empty; null in JSON).
/// Text is as the object holds it, escaped by whoever prints it, except
/// in JSON, where text that is not UTF-8 gets U+FFFD for each bad byte.
[[nodiscard]] std::optional<std::string> cell_text(const Value& value, const CellStyle& style);

} // namespace ipcutil
