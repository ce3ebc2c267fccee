#pragma once
// The columns of the lsipc face, described once as data: one table per
// object kind (name, list-form label, help, JSON type, alignment, width hint
// and a getter from the object).  Adding a column is adding one row in
// columns.cpp; every output form (table, raw, JSON, export, the -i/-N
// list), column selection, --sort and the help follow from it.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/core/users.hpp"

namespace ipcutil {

/// Typed cell values: the output form decides how each is written (a size
/// is "1.4M" in a table, "1500000" with -b, a number in JSON).
struct Bytes {
    std::uint64_t value = 0;
};
struct Timestamp {
    std::time_t value = 0;
};
struct Permissions {
    mode_t value = 0;
};
struct Percent {
    double value = 0;
};
/// Not applicable: "-" in text forms, null in JSON (lsipc -g's USED column).
struct NotApplicable {};
using Numbers = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

/// One cell.  std::monostate is unset: an empty cell, null in JSON, left
/// out of the -i/-N list.
using Value = std::variant<std::monostate, std::string, std::int64_t, std::uint64_t, bool, Bytes, Timestamp,
                           Permissions, Percent, NotApplicable, Numbers, Strings>;

enum class JsonType { string, number, boolean, array_number, array_string };
enum class Align { left, right };

/// Column flags (libsmartcols behaviour).
enum ColumnFlag : unsigned {
    col_truncate = 1U << 0,   ///< may be truncated to fit the terminal (--notruncate clears it)
    col_noextremes = 1U << 1, ///< ignore unusually long cells when sizing (lsipc STATUS)
    col_holders = 1U << 2,    ///< needs Object::holders (the procs module fills them)
    col_namespace = 1U << 3,  ///< needs the namespace's container (a /proc pass over the cgroups)
    col_unit = 1U << 4,       ///< needs Object::unit (the holders' cgroups)
    col_tree = 1U << 5,       ///< draws the tree (print_table with parents)
};

/// What getters may look up while a listing is made; caches per run.
class Lookup {
  public:
    NameCache names;
    /// The user's name, or empty when the uid has none (lsipc leaves USER empty then).
    std::string user_name(uid_t uid);
    std::string group_name(gid_t gid);
    /// /proc/PID/cmdline with NULs as spaces; empty when the process is gone.
    const std::string& command_line(pid_t pid);

  private:
    std::unordered_map<pid_t, std::string> cmdlines_;
};

template <class Record> struct ColumnDef {
    std::string_view name;  ///< what -o takes and the heading, as lsipc: "SIZE"
    std::string_view label; ///< wording in the -i/-N list form: "Segment size"
    std::string_view help;  ///< one line for --help
    JsonType json = JsonType::string;
    Align align = Align::left;
    double width = 1; ///< libsmartcols width hint
    unsigned flags = 0;
    Value (*get)(const Record&, Lookup&) = nullptr;
};
using Column = ColumnDef<Object>;

/// Everything about one kind's columns.
struct KindColumns {
    Kind kind;
    std::string_view json_key;                       ///< "sharedmemory", "posixmessages", ...
    std::span<const Column> columns;                 ///< every column, in -i/-N list order
    std::span<const std::string_view> defaults;      ///< shown without -o
    std::span<const std::string_view> time_extra;    ///< -t adds these
    std::span<const std::string_view> creator_extra; ///< -c adds these
    std::span<const std::string_view> pid_extra;     ///< -p adds these
};

/// The column table of a kind.
[[nodiscard]] const KindColumns& kind_columns(Kind kind);

/// A column of `kind` by name, case-insensitive; nullptr when it has none.
[[nodiscard]] const Column* find_column(Kind kind, std::string_view name);

/// One line of -g: a system-wide limit and, where it is counted, its use.
struct LimitRow {
    std::string resource;    ///< "SHMMNI"
    std::string description; ///< "Shared memory segments"
    std::uint64_t limit = 0;
    bool has_used = false;
    std::uint64_t used = 0;
    bool in_bytes = false; ///< LIMIT/USED are byte counts (human sizes unless -b)
};
using LimitColumn = ColumnDef<LimitRow>;

/// The -g columns: RESOURCE DESCRIPTION LIMIT USED USE%, all shown by default.
[[nodiscard]] std::span<const LimitColumn> limit_columns();
[[nodiscard]] const LimitColumn* find_limit_column(std::string_view name);

/// One line of the column help: what the command calls the kind (its
/// option, say) and the kind, or nullopt for the limit columns.
struct ColumnHelpLine {
    std::string_view label;
    std::optional<Kind> kind;
};

/// The column names, one line each as given (" -m: KEY* ID* ..."), `*`
/// marking the defaults, wrapped to 79 columns.
[[nodiscard]] std::string column_help(std::span<const ColumnHelpLine> lines);

} // namespace ipcutil
