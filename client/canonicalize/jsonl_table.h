// JSON lines for canonicalize: a streaming line reader that reports where each line starts (for error reports
// and --resume), the lookup of the name by a dotted field path ("actor.name"), and the output record: the
// input object, key order kept (nlohmann::ordered_json), with the result fields added.
#ifndef AKA_CLIENT_CANONICALIZE_JSONL_TABLE_H_
#define AKA_CLIENT_CANONICALIZE_JSONL_TABLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/canonicalize/input_file.h"
#include "nlohmann/json.hpp"

namespace aka::canonicalize {

struct JsonlReaderOptions {
  // A longer line is a fatal error rather than unbounded memory. Default: 64 MiB.
  size_t max_line_bytes = size_t{64} << 20;
  // Bytes read from the input at a time. Default: 1 MiB.
  size_t chunk_bytes = size_t{1} << 20;
};

struct JsonlLine {
  // The line without its terminator (LF or CRLF).
  std::string text;
  // 1-based line number and byte offset of the line's first byte.
  int64_t line = 0;
  int64_t offset = 0;
};

class JsonlReader {
 public:
  // `input` must outlive the reader. A UTF-8 byte order mark at the start is skipped.
  static absl::StatusOr<std::unique_ptr<JsonlReader>> Open(InputFile* input,
                                                           const JsonlReaderOptions& options = {});

  // Reads the next non-blank line; returns false at the end of input. Blank (whitespace-only) lines are not
  // records: they are skipped, though they count for line numbers. A last line without LF is still a line.
  absl::StatusOr<bool> Next(JsonlLine* line);

  // Where the line after the last one returned begins.
  int64_t next_offset() const { return offset_; }
  int64_t next_line() const { return line_; }

  // Continues reading at a position earlier reported by next_offset()/next_line(). REQUIRES: seekable input.
  absl::Status Seek(int64_t offset, int64_t line);

 private:
  JsonlReader(InputFile* input, const JsonlReaderOptions& options);

  InputFile* input_;
  JsonlReaderOptions options_;
  std::string buffer_;  // unconsumed input is buffer_[start_, end)
  size_t start_ = 0;
  bool eof_ = false;
  int64_t offset_ = 0;  // file offset of buffer_[start_]
  int64_t line_ = 1;
};

// Parses `text` as one JSON object into *object. On failure returns false and sets *error to why
// ("not valid JSON: ..." or "line is not a JSON object").
bool ParseJsonlObject(std::string_view text, nlohmann::ordered_json* object, std::string* error);

// The value at a dotted path ("actor.name": key "name" of the object under key "actor"), or nullptr when a
// step is missing or not an object. The pointer is valid while `object` is unchanged.
const nlohmann::ordered_json* FindJsonField(const nlohmann::ordered_json& object, std::string_view path);

// Sets `fields` as string members of *object (made an empty object first when it is not an object) and
// appends it as one JSON document terminated by "\n". A field already present is overwritten in place; new
// ones go last. *object is modified rather than copied because each row is written once.
void AppendJsonlRecord(nlohmann::ordered_json* object,
                       const std::vector<std::pair<std::string_view, std::string_view>>& fields, std::string* out);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_JSONL_TABLE_H_
