#include "fuzz_common.hpp"
#include "libipcutil/holders/ownership.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto own = ipcutil::parse_cgroup(as_text(data, size));
    // A container always has a runtime and an id; a label is one line.
    if (own.container) {
        if (own.container->runtime.empty() || own.container->id.empty())
            __builtin_trap();
        (void)ipcutil::container_label(*own.container);
    }
    return 0;
}
