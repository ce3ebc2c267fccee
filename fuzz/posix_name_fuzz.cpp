#include "fuzz_common.hpp"
#include "libipcutil/core/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto r = ipcutil::parse_posix_name(as_text(data, size));
    check_refusal(r);
    // An accepted name never leaves its folder.
    if (r
        && (r->empty() || r->size() > 255 || r->find('/') != std::string::npos || *r == "." || *r == ".."
            || r->find('\0') != std::string::npos))
        __builtin_trap();
    return 0;
}
