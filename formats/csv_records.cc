// libcsv-driven record reader (see csv_records.h).
#include "formats/csv_records.h"

#include <csv.h>

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "formats/source_text.h"

namespace aka::formats {
namespace {

// State shared with libcsv's C callbacks through their `void*` argument.
struct ParseState {
  const CsvRecordHandler* handler = nullptr;
  std::vector<std::string> fields;
  // Line on which the record being assembled started.
  int record_line = 1;
  // Line being fed to libcsv; a record that ends during this feed ends on this line.
  int current_line = 1;
  // First error from the handler; once set, further records are ignored and feeding stops.
  absl::Status status;
};

void OnField(void* data, size_t length, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  state->fields.emplace_back(data == nullptr ? "" : std::string(static_cast<const char*>(data), length));
}

void OnRecordEnd(int /*terminator*/, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  std::vector<std::string> fields = std::move(state->fields);
  state->fields.clear();
  const int line = state->record_line;
  state->record_line = state->current_line + 1;
  // With CSV_REPALL_NL an empty line (or the LF of a CRLF) arrives as a record without fields; it only
  // moves the start line on.
  if (fields.empty() || !state->status.ok()) return;
  // Legacy Treasury files end with a line holding only ^Z (0x1A), the DOS end-of-file mark.
  if (fields.size() == 1 && (fields[0] == "\x1a" || fields[0].empty())) return;
  state->status = (*state->handler)(line, fields);
}

struct ParserDeleter {
  void operator()(csv_parser* parser) const {
    csv_free(parser);
    delete parser;
  }
};

}  // namespace

absl::Status ParseCsvRecords(absl::string_view contents, const std::string& path, const CsvRecordHandler& handler) {
  if (absl::StartsWith(contents, "\xEF\xBB\xBF")) contents.remove_prefix(3);

  std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
  // Strict mode: a quote inside an unquoted field or text after a closing quote is an error with its line,
  // rather than a silently garbled record (Treasury's files parse cleanly in strict mode). CSV_STRICT_FINI
  // also reports a quoted field left open at the end, which would otherwise swallow every later record.
  // CSV_REPALL_NL reports empty lines too, so that line numbers stay right after them.
  if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
    return absl::ResourceExhaustedError("cannot initialise the CSV parser");
  }

  ParseState state;
  state.handler = &handler;
  // Feeding one physical line at a time is what lets a record carry the line it started on: libcsv ends a
  // record only at an unquoted line break, so at most one record ends per feed.
  size_t start = 0;
  while (start < contents.size() && state.status.ok()) {
    size_t end = contents.find('\n', start);
    end = end == absl::string_view::npos ? contents.size() : end + 1;
    const absl::string_view line = contents.substr(start, end - start);
    if (csv_parse(parser.get(), line.data(), line.size(), OnField, OnRecordEnd, &state) != line.size()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", state.current_line, ": ",
                                                     csv_strerror(csv_error(parser.get()))));
    }
    start = end;
    ++state.current_line;
  }
  RETURN_IF_ERROR(state.status);
  // A file whose last line has no line break still has a record pending; csv_fini delivers it.
  --state.current_line;
  if (csv_fini(parser.get(), OnField, OnRecordEnd, &state) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", state.record_line, ": quoted field is not closed before the end of the file"));
  }
  return state.status;
}

absl::Status ReadCsvRecords(const std::string& path, const CsvRecordHandler& handler) {
  ASSIGN_OR_RETURN(const std::string contents, ReadFileToString(path));
  return ParseCsvRecords(contents, path, handler);
}

}  // namespace aka::formats
