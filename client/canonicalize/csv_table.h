// RFC 4180 CSV for canonicalize: a streaming reader over libcsv that reports where each record starts (byte
// offset and 1-based line, for error reports and --resume) and a writer that quotes exactly when needed, so
// that writing the fields read reproduces equal fields.
//
// Reading: the first record is the header and is required. Quoted fields may hold commas, doubled quotes and
// line breaks (LF, CRLF or CR). A UTF-8 byte order mark at the start of the file is skipped. Blank lines are
// not records. Spaces are data: nothing is trimmed. A record whose field count differs from the header's, or
// whose quoting is malformed, is still returned, with `error` saying what is wrong, and reading goes on.
#ifndef AKA_CLIENT_CANONICALIZE_CSV_TABLE_H_
#define AKA_CLIENT_CANONICALIZE_CSV_TABLE_H_

#include <csv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "client/canonicalize/input_file.h"

namespace aka::canonicalize {

struct CsvReaderOptions {
  // A record larger than this is a fatal error: almost always an unbalanced quote swallowing the rest of the
  // file, which would otherwise grow without bound. Default: 64 MiB.
  size_t max_record_bytes = size_t{64} << 20;
  // Bytes read from the input at a time (at least 3, room for a byte order mark). Default: 1 MiB.
  size_t chunk_bytes = size_t{1} << 20;
};

struct CsvRecord {
  std::vector<std::string> fields;
  // 1-based line and byte offset (from the start of the file, BOM included) where the record begins.
  int64_t line = 0;
  int64_t offset = 0;
  // Empty for a good record; otherwise why it is bad (field count, malformed quoting). For malformed quoting
  // `fields` holds what was parsed before the fault.
  std::string error;
};

class CsvReader {
 public:
  // Reads the header from `input`, which must outlive the reader. An input with no record is an error.
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(InputFile* input, const CsvReaderOptions& options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const { return header_; }

  // Reads the next record into *record; returns false at the end of input. Errors are I/O failures and
  // records over max_record_bytes; after one, the reader must not be used again.
  absl::StatusOr<bool> Next(CsvRecord* record);

  // Where the record after the last one returned begins: the byte after its line terminator, and that line.
  int64_t next_offset() const { return offset_; }
  int64_t next_line() const { return line_; }

  // Continues reading at a position earlier reported by next_offset()/next_line() (for --resume).
  // REQUIRES: the input is seekable.
  absl::Status Seek(int64_t offset, int64_t line);

 private:
  CsvReader(InputFile* input, const CsvReaderOptions& options);
  absl::Status Refill();
  void ResetParser();
  // Consumes one piece of the buffer: bytes up to and including the first line terminator.
  absl::Status ConsumePiece(CsvRecord* record);
  void FinishRecord(CsvRecord* record);
  static void OnField(void* data, size_t size, void* self);
  static void OnRow(int terminator, void* self);

  InputFile* input_;
  CsvReaderOptions options_;
  csv_parser parser_;
  std::vector<std::string> header_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  size_t buffer_len_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  int64_t offset_ = 0;  // file offset of buffer_[buffer_pos_]
  int64_t line_ = 1;    // line of buffer_[buffer_pos_]
  bool after_cr_ = false;
  // State of the record being parsed.
  std::vector<std::string>* fields_ = nullptr;
  size_t field_bytes_ = 0;
  bool record_started_ = false;
  bool row_done_ = false;
  bool skipping_to_eol_ = false;
};

// Whether `field` must be quoted: it holds a comma, quote, CR or LF, starts or ends with a space or tab
// (which lenient readers would trim), or starts with U+FEFF (which readers take for a byte order mark).
bool CsvFieldNeedsQuotes(std::string_view field);
// Appends `field`, quoted and with inner quotes doubled if needed.
void AppendCsvField(std::string_view field, std::string* out);
// Appends one record terminated by "\n". A record of one empty field is written as "" so that it is not a
// blank line, which readers skip.
void AppendCsvRecord(absl::Span<const std::string_view> fields, std::string* out);
void AppendCsvRecord(absl::Span<const std::string> fields, std::string* out);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_CSV_TABLE_H_
