#include "client/canonicalize/csv_table.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aka::canonicalize {
namespace {

// libcsv trims spaces and tabs around unquoted fields by default; spaces are data here.
int NoSpaceIsTrimmed(unsigned char) { return 0; }

bool IsLineTerminator(char c) { return c == '\r' || c == '\n'; }

constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(InputFile* input, const CsvReaderOptions& options) : input_(input), options_(options) {
  // Open needs room for a whole byte order mark: with a smaller buffer its gathering read asked for 0 bytes,
  // took the 0 for end of input and cut the file short (found by fuzz/csv_table_fuzzer).
  if (options_.chunk_bytes < 3) options_.chunk_bytes = 3;
  buffer_.resize(options_.chunk_bytes);
  csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_space_func(&parser_, NoSpaceIsTrimmed);
}

CsvReader::~CsvReader() { csv_free(&parser_); }

void CsvReader::ResetParser() {
  // After a strict-mode fault libcsv's state is mid-field; a fresh parser starts the next record cleanly.
  csv_free(&parser_);
  csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_space_func(&parser_, NoSpaceIsTrimmed);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(InputFile* input, const CsvReaderOptions& options) {
  std::unique_ptr<CsvReader> reader(new CsvReader(input, options));
  // A pipe may deliver fewer than three bytes per read; gather enough to recognise a byte order mark.
  while (reader->buffer_len_ < 3 && !reader->eof_) {
    ASSIGN_OR_RETURN(size_t n, input->Read(reader->buffer_.data() + reader->buffer_len_,
                                           reader->buffer_.size() - reader->buffer_len_));
    if (n == 0) reader->eof_ = true;
    reader->buffer_len_ += n;
  }
  if (reader->buffer_len_ >= 3 && std::memcmp(reader->buffer_.data(), kUtf8Bom, 3) == 0) {
    reader->buffer_pos_ = 3;
    reader->offset_ = 3;
  }
  CsvRecord header;
  ASSIGN_OR_RETURN(bool found, reader->Next(&header));
  if (!found) {
    return absl::InvalidArgumentError(
        absl::StrCat(input->display_name(), " is empty: a CSV header row is required"));
  }
  if (!header.error.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(input->display_name(), ": bad CSV header row (line ", header.line, "): ", header.error));
  }
  reader->header_ = std::move(header.fields);
  return reader;
}

absl::Status CsvReader::Refill() {
  ASSIGN_OR_RETURN(size_t n, input_->Read(buffer_.data(), buffer_.size()));
  buffer_pos_ = 0;
  buffer_len_ = n;
  if (n == 0) eof_ = true;
  return absl::OkStatus();
}

void CsvReader::OnField(void* data, size_t size, void* self) {
  auto* reader = static_cast<CsvReader*>(self);
  reader->fields_->emplace_back(data == nullptr ? "" : static_cast<const char*>(data), size);
  reader->field_bytes_ += size;
}

void CsvReader::OnRow(int /*terminator*/, void* self) { static_cast<CsvReader*>(self)->row_done_ = true; }

absl::Status CsvReader::ConsumePiece(CsvRecord* record) {
  // A piece ends at the first line terminator, so libcsv can end at most one record per piece and that
  // record ends exactly at the piece's end: this is how record offsets are known without parsing twice.
  const char* piece = buffer_.data() + buffer_pos_;
  size_t available = buffer_len_ - buffer_pos_;
  size_t length = 0;
  while (length < available && !IsLineTerminator(piece[length])) ++length;
  if (length < available) ++length;  // include the terminator
  const bool ends_line = IsLineTerminator(piece[length - 1]);

  if (!skipping_to_eol_ && !record_started_ && (length > 1 || !ends_line)) {
    // libcsv skips line terminators before a record, and a piece's terminator is its last byte.
    record_started_ = true;
    record->offset = offset_;
    record->line = line_;
  }
  if (!skipping_to_eol_) {
    size_t parsed = csv_parse(&parser_, piece, length, OnField, OnRow, this);
    if (parsed < length) {
      int error = csv_error(&parser_);
      if (error != CSV_EPARSE) {
        return absl::ResourceExhaustedError(absl::StrCat("CSV parser at line ", line_, ": ", csv_strerror(error)));
      }
      record->error = "malformed CSV quoting (a quote inside an unquoted field, or text after a closing quote)";
      ResetParser();
      // The rest of the physical line belongs to the broken record; the next record starts after it.
      skipping_to_eol_ = true;
    }
  }
  if (skipping_to_eol_ && ends_line) skipping_to_eol_ = false;

  offset_ += static_cast<int64_t>(length);
  buffer_pos_ += length;
  const char last = piece[length - 1];
  if (last == '\n') {
    if (!after_cr_) ++line_;  // the LF of a CRLF pair was counted at its CR
    after_cr_ = false;
  } else if (last == '\r') {
    ++line_;
    after_cr_ = true;
  } else {
    after_cr_ = false;
  }

  if (!row_done_ && record->error.empty() && field_bytes_ + parser_.entry_pos > options_.max_record_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        input_->display_name(), ": the CSV record starting at line ", record->line, " exceeds ",
        options_.max_record_bytes, " bytes; is a quote unbalanced?"));
  }
  return absl::OkStatus();
}

void CsvReader::FinishRecord(CsvRecord* record) {
  if (record->error.empty() && !header_.empty() && record->fields.size() != header_.size()) {
    record->error = absl::StrCat("record has ", record->fields.size(), " fields; the header has ", header_.size());
  }
  fields_ = nullptr;
}

absl::StatusOr<bool> CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  record->line = 0;
  record->offset = 0;
  if (finished_) return false;
  fields_ = &record->fields;
  field_bytes_ = 0;
  record_started_ = false;
  row_done_ = false;
  while (true) {
    if (buffer_pos_ == buffer_len_) {
      if (!eof_) {
        RETURN_IF_ERROR(Refill());
        continue;
      }
      // End of input: the last record may lack a terminator, or its quote may never close.
      finished_ = true;
      if (!record->error.empty()) {
        skipping_to_eol_ = false;
        FinishRecord(record);
        return true;
      }
      if (csv_fini(&parser_, OnField, OnRow, this) != 0) {
        record->error = "unterminated quoted field at the end of the input";
        ResetParser();
      }
      if (!record_started_) {
        fields_ = nullptr;
        return false;
      }
      FinishRecord(record);
      return true;
    }
    RETURN_IF_ERROR(ConsumePiece(record));
    if (row_done_ || (!record->error.empty() && !skipping_to_eol_)) {
      FinishRecord(record);
      return true;
    }
  }
}

absl::Status CsvReader::Seek(int64_t offset, int64_t line) {
  RETURN_IF_ERROR(input_->Seek(offset));
  after_cr_ = false;
  if (offset > 0) {
    // A position right after a CR must not count the LF that may follow it as another line.
    ASSIGN_OR_RETURN(char previous, input_->ByteAt(offset - 1));
    after_cr_ = previous == '\r';
  }
  ResetParser();
  buffer_pos_ = buffer_len_ = 0;
  eof_ = finished_ = skipping_to_eol_ = false;
  offset_ = offset;
  line_ = line;
  return absl::OkStatus();
}

bool CsvFieldNeedsQuotes(std::string_view field) {
  if (field.empty()) return false;
  // A plain loop: find_first_of with a 4-byte set searches the set once per byte, and this runs for every
  // field of every output row (9% of `aka canonicalize`'s CPU in a profile of a 1M-row job).
  for (const char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  // A leading U+FEFF written unquoted as the file's first bytes would be read back as a byte order mark and
  // dropped (found by fuzz/csv_table_fuzzer); quoted, it stays data.
  if (field.substr(0, 3) == "\xEF\xBB\xBF") return true;
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  return is_blank(field.front()) || is_blank(field.back());
}

void AppendCsvField(std::string_view field, std::string* out) {
  if (!CsvFieldNeedsQuotes(field)) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvRecord(absl::Span<const std::string_view> fields, std::string* out) {
  if (fields.size() == 1 && fields[0].empty()) {
    out->append("\"\"\n");
    return;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendCsvField(fields[i], out);
  }
  out->push_back('\n');
}

void AppendCsvRecord(absl::Span<const std::string> fields, std::string* out) {
  std::vector<std::string_view> views(fields.begin(), fields.end());
  AppendCsvRecord(absl::MakeConstSpan(views), out);
}

}  // namespace aka::canonicalize
