#include "fuzz_common.hpp"
#include "libipcutil/core/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto r = ipcutil::parse_duration(as_text(data, size));
    check_refusal(r);
    if (r && r->count() < 0)
        __builtin_trap();
    return 0;
}
