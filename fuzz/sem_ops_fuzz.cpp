#include <cstdlib>

#include "fuzz_common.hpp"
#include "libipcutil/data/semaphore.hpp"

// semop --op: an accepted list holds 1..max_ops operations, each delta
// within the value limit either way; anything else is a one-line refusal.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    constexpr std::uint64_t value_max = 32767;
    constexpr std::uint64_t max_ops = 500;
    const auto r = ipcutil::parse_sem_ops(as_text(data, size), value_max, max_ops);
    check_refusal(r);
    if (r) {
        if (r->empty() || r->size() > max_ops)
            __builtin_trap();
        for (const auto& op : *r)
            if (static_cast<std::uint64_t>(std::abs(op.delta)) > value_max || op.num > 65535)
                __builtin_trap();
    }
    return 0;
}
