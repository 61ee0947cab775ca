// TableCodec: the seam between the canonicalize job and a record format (CSV or JSON lines). It yields
// records with the name to resolve and writes each record back unchanged plus the result columns, so the job
// itself never looks at a format.
#ifndef AKA_CLIENT_CANONICALIZE_TABLE_CODEC_H_
#define AKA_CLIENT_CANONICALIZE_TABLE_CODEC_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/canonicalize/input_file.h"
#include "nlohmann/json.hpp"

namespace aka::canonicalize {

// Persisted in checkpoints by name ("csv", "jsonl"), never by number.
enum class TableFormat { kCsv, kJsonl };

const char* TableFormatName(TableFormat format);
// "csv" or "jsonl" (also "ndjson", "json"), case-insensitive.
absl::StatusOr<TableFormat> ParseTableFormat(const std::string& name);
// The format implied by a file name's extension (.csv, .jsonl, .ndjson); NotFound when it implies none.
absl::StatusOr<TableFormat> TableFormatFromPath(const std::string& path);

// Names of the result columns (CSV) or fields (JSONL) added to each record.
struct ResultColumnNames {
  std::string id = "aka_id";
  std::string name = "aka_name";
  std::string type = "aka_type";
  std::string score = "aka_score";
  std::string outcome = "aka_outcome";
};

// The values of the result columns for one record.
struct ResultFields {
  std::string id;
  std::string name;
  std::string type;
  std::string score;
  std::string outcome;
};

// One input record. Reused across reads, so its buffers keep their capacity.
struct TableRecord {
  int64_t line = 0;    // 1-based line where the record starts
  std::string name;    // the value of the name column/field
  std::string error;   // why the record is bad as read (ragged, not an object, no name field); empty if fine
  std::vector<std::string> csv_fields;
  nlohmann::ordered_json json;
};

// A resumable read position: the byte offset and 1-based line where the next record begins.
struct TablePosition {
  int64_t offset = 0;
  int64_t line = 1;
};

class TableCodec {
 public:
  virtual ~TableCodec() = default;

  // Reads the next record; false at the end of input. Errors are fatal (I/O, oversized records).
  virtual absl::StatusOr<bool> Next(TableRecord* record) = 0;
  // Where the record after the last one returned begins.
  virtual TablePosition position() const = 0;
  // Continues at a position earlier returned by position(). REQUIRES: seekable input.
  virtual absl::Status Seek(const TablePosition& position) = 0;

  // Appends what precedes the records in the output (the CSV header row; nothing for JSONL).
  virtual void AppendHeader(std::string* out) = 0;
  // Appends `record` with `result` added. May consume the record's contents.
  virtual void AppendRecord(TableRecord* record, const ResultFields& result, std::string* out) = 0;

  // How messages name the name source: "column 'actor'" or "field 'actor.name'".
  virtual std::string NameLabel() const = 0;
};

// Opens a codec over `input` (which must outlive it). For CSV, reads the header and checks that it has
// `name_column` exactly once and none of `result_names`. For JSONL, `name_column` is a dotted field path.
absl::StatusOr<std::unique_ptr<TableCodec>> OpenTableCodec(TableFormat format, InputFile* input,
                                                           const std::string& name_column,
                                                           const ResultColumnNames& result_names);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_TABLE_CODEC_H_
