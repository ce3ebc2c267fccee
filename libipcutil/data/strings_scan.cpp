#include "libipcutil/data/strings_scan.hpp"

namespace ipcutil {

void StringsScanner::feed(std::span<const unsigned char> data, std::string& out)
{
    const auto* p = data.data();
    const auto* end = p + data.size();
    while (p < end) {
        // A printable stretch inside this piece.
        const auto* start = p;
        while (p < end && printable(*p))
            ++p;
        if (p > start) {
            const std::string_view stretch(reinterpret_cast<const char*>(start), static_cast<std::size_t>(p - start));
            if (streaming_) {
                out += stretch;
            } else if (run_.size() + stretch.size() >= min_length_) {
                out += run_;
                out += stretch;
                run_.clear();
                streaming_ = true;
            } else {
                run_ += stretch;
            }
        }
        if (p < end) { // a byte that ends the run
            if (streaming_)
                out += '\n';
            streaming_ = false;
            run_.clear();
            ++p;
        }
    }
}

void StringsScanner::finish(std::string& out)
{
    if (streaming_)
        out += '\n';
    streaming_ = false;
    run_.clear();
}

} // namespace ipcutil
