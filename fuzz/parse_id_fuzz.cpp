#include <string>

#include "fuzz_common.hpp"
#include "libipcutil/core/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = as_text(data, size);
    const auto r = ipcutil::parse_id(text);
    check_refusal(r);
    if (r && (*r < 0 || std::to_string(*r).size() > text.size()))
        __builtin_trap();
    check_refusal(ipcutil::parse_unsigned(text, "count", 1000));
    check_refusal(ipcutil::parse_signed(text, "type"));
    return 0;
}
