#pragma once
// Shared bits of the libFuzzer targets: the input as a string_view.

#include <cstddef>
#include <cstdint>
#include <string_view>

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// A parser must either accept or refuse with a one-line usage message.
template <class R> void check_refusal(const R& result)
{
    if (!result) {
        const auto message = result.error().message();
        if (message.empty() || message.find('\n') != std::string_view::npos)
            __builtin_trap();
    }
}
