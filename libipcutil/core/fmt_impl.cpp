// The compiled part of {fmt} 9, built into libipcutil from Debian's
// libfmt-dev headers.  Debian ships libfmt only as a shared library, and
// loading it (with the shared libstdc++ it needs) cost a command more time
// at start-up than anything it does (bench/startup).  format-inl.h defines
// what libfmt.so would; the two instantiations below are the ones format.h
// declares `extern template` for char and the library code uses.

#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
} // namespace detail
FMT_END_NAMESPACE
