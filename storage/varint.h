// Varint and zigzag coding shared by the value formats of keys.h and name_postings.h (LevelDB's varint32:
// 7 bits per byte, low bits first; zigzag so that alias index -1 stays one byte).
#ifndef AKA_STORAGE_VARINT_H_
#define AKA_STORAGE_VARINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace aka::storage {

inline uint32_t ZigZagEncode(int32_t v) { return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31); }
inline int32_t ZigZagDecode(uint32_t v) { return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1)); }

inline void AppendVarint32(uint32_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Parses a varint32 from the front of *in and advances it. False if truncated or longer than 5 bytes.
inline bool ConsumeVarint32(absl::string_view* in, uint32_t* v) {
  uint32_t result = 0;
  for (int i = 0; i < 5 && i < static_cast<int>(in->size()); ++i) {
    const uint8_t byte = static_cast<uint8_t>((*in)[i]);
    result |= static_cast<uint32_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      in->remove_prefix(i + 1);
      *v = result;
      return true;
    }
  }
  return false;
}

// A varint32 length followed by that many bytes: appends / consumes one. Consume fails if truncated.
inline void AppendLengthPrefixed(absl::string_view bytes, std::string* out) {
  AppendVarint32(static_cast<uint32_t>(bytes.size()), out);
  out->append(bytes.data(), bytes.size());
}
inline bool ConsumeLengthPrefixed(absl::string_view* in, absl::string_view* bytes) {
  uint32_t size = 0;
  if (!ConsumeVarint32(in, &size) || size > in->size()) return false;
  *bytes = in->substr(0, size);
  in->remove_prefix(size);
  return true;
}

}  // namespace aka::storage

#endif  // AKA_STORAGE_VARINT_H_
