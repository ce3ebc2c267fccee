#pragma once
// The printable runs of a byte stream, as GNU `strings` (binutils, whole
// file, 7-bit encoding) finds them: ASCII 0x20-0x7e and tab, at least
// `min_length` in a row, one per line.

#include <cstddef>
#include <span>
#include <string>

namespace ipcutil {

/// `strings -n N` for bytes fed in pieces of any size; a run may span pieces.
class StringsScanner {
  public:
    /// The default is strings' own: 4.  `min_length` must be at least 1.
    explicit StringsScanner(std::size_t min_length = 4) : min_length_(min_length == 0 ? 1 : min_length) {}

    /// Append the runs (or the parts of runs) `data` completes to `out`.
    void feed(std::span<const unsigned char> data, std::string& out);
    /// End the stream: a long enough run at the very end is printed too.
    void finish(std::string& out);

    /// Whether strings(1) would print `c` as part of a run.
    [[nodiscard]] static bool printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

  private:
    std::size_t min_length_;
    std::string run_;        // a run still shorter than min_length_
    bool streaming_ = false; // the current run is long enough and already being printed
};

} // namespace ipcutil
