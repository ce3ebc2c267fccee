#include "fuzz_common.hpp"
#include "libipcutil/core/select.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto r = ipcutil::parse_selector(as_text(data, size));
    check_refusal(r);
    if (r && r->type == ipcutil::Selector::Type::name && r->name.find('/') != std::string::npos)
        __builtin_trap();
    return 0;
}
