#include "ipcutil/ipcs_text.hpp"

namespace ipcutil {

// Placeholder until the ipcs face lands.
Result<void> render_ipcs(const IpcsRequest&, std::string&, std::vector<std::string>&)
{
    return std::unexpected(failure("list", "", "the ipcs face is not built yet"));
}

}  // namespace ipcutil
