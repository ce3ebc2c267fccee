#include "ipcutil/table.hpp"

namespace ipcutil {

// Placeholders until the lsipc face lands.
Result<void> validate_table_request(const TableRequest&)
{
    return {};
}

Result<void> render_table(const TableRequest&, std::string&, std::vector<std::string>&)
{
    return std::unexpected(failure("list", "", "the lsipc face is not built yet"));
}

}  // namespace ipcutil
