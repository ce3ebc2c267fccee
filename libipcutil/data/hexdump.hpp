#pragma once
// The `hexdump -C` view of a byte stream, byte for byte what util-linux
// hexdump prints: 16 bytes a line, a run of identical lines folded into one
// `*`, and the end offset on a line of its own.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ipcutil {

/// Formats bytes, fed in pieces of any size, as `hexdump -C` would; with
/// `start` > 0, as `hexdump -C -s start` would (offsets count from there).
class HexDumper {
  public:
    explicit HexDumper(std::uint64_t start = 0) : address_(start) {}

    /// Append the lines `data` completes to `out`.
    void feed(std::span<const unsigned char> data, std::string& out);
    /// Append the last, partial line and the end offset line.  Empty input
    /// at offset 0 prints nothing at all, as hexdump does.
    void finish(std::string& out);

  private:
    static constexpr std::size_t width = 16;

    void block(const unsigned char* bytes, std::string& out);
    void line(const unsigned char* bytes, std::size_t count, std::string& out) const;

    std::uint64_t address_; // offset of the line being collected
    std::array<unsigned char, width> pending_{};
    std::size_t pending_size_ = 0;
    std::array<unsigned char, width> previous_{}; // the last line printed
    bool have_previous_ = false;
    bool folding_ = false; // a `*` stands for the lines since previous_
};

} // namespace ipcutil
