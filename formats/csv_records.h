// RFC 4180 CSV records over libcsv, with the line each record starts on, for the OFAC SDN reader. libcsv does
// the quoting (commas and newlines inside quotes, doubled quotes); this wrapper adds line numbers for error
// messages, a C++ callback that can stop the read, and the legacy-file quirks (BOM, a final ^Z line).
#ifndef AKA_FORMATS_CSV_RECORDS_H_
#define AKA_FORMATS_CSV_RECORDS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aka::formats {

// Called once per non-empty record with the 1-based line the record starts on and its fields. libcsv strips
// spaces and tabs around unquoted fields, so "-0- " arrives as "-0-"; quoted fields arrive verbatim. The
// handler may move the fields out. Returning an error stops the read, which returns that error.
using CsvRecordHandler = std::function<absl::Status(int line, std::vector<std::string>& fields)>;

// Parses `contents` (the text of `path`, which is used only in messages). Empty lines and a last line that
// holds only the DOS end-of-file character 0x1A are skipped; a leading UTF-8 byte order mark is ignored.
// INVALID_ARGUMENT "path:line: ..." for text that is not RFC 4180 CSV: a quote inside an unquoted field, text
// after a closing quote, or a quoted field still open at the end of the text.
absl::Status ParseCsvRecords(absl::string_view contents, const std::string& path, const CsvRecordHandler& handler);

// Reads the file at `path` and parses it as ParseCsvRecords does; NOT_FOUND if it does not exist.
absl::Status ReadCsvRecords(const std::string& path, const CsvRecordHandler& handler);

}  // namespace aka::formats

#endif  // AKA_FORMATS_CSV_RECORDS_H_
