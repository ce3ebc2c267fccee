#include "fuzz_common.hpp"
#include "libipcutil/holders/proc_scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto line = ipcutil::parse_maps_line(as_text(data, size));
    if (line) {
        if (line->start > line->end)
            __builtin_trap();
        if (auto m = ipcutil::sysv_mapping(*line); m && m->shmid < 0)
            __builtin_trap();
    }
    return 0;
}
