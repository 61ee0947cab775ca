// Conversions between rocksdb::Slice and absl::string_view. Debian's abseil builds its own string_view
// (not std::string_view), so neither converts to the other implicitly.
#ifndef AKA_STORAGE_ROCKSDB_SLICE_H_
#define AKA_STORAGE_ROCKSDB_SLICE_H_

#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"

namespace aka::storage {

// Valid as long as the data `slice` points into (e.g. until the iterator that returned it moves).
inline absl::string_view ToStringView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

inline rocksdb::Slice ToSlice(absl::string_view view) { return rocksdb::Slice(view.data(), view.size()); }

}  // namespace aka::storage

#endif  // AKA_STORAGE_ROCKSDB_SLICE_H_
