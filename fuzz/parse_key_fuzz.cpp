#include "fuzz_common.hpp"
#include "libipcutil/core/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = as_text(data, size);
    check_refusal(ipcutil::parse_key(text));
    // Whatever parses must print back as a key that parses to the same value.
    if (auto k = ipcutil::parse_key(text, true)) {
        auto again = ipcutil::parse_key(ipcutil::format_key(*k), true);
        if (!again || *again != *k)
            __builtin_trap();
    }
    return 0;
}
