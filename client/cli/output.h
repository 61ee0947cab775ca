// Small text-output helpers shared by the `aka` commands: aligned tables and stable (sorted) views of proto maps.
#ifndef AKA_CLIENT_CLI_OUTPUT_H_
#define AKA_CLIENT_CLI_OUTPUT_H_

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/map.h"

namespace aka::cli {

// Columns padded to their widest cell. Widths count code points, not bytes, so UTF-8 names ("Zürich") line up;
// East Asian wide characters still take two cells on a terminal and may shift the columns after them.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header);
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }
  // Writes the header line, or one row (0-based), each prefixed by `indent` and ended by '\n'. Trailing
  // padding is not written.
  void PrintHeader(std::ostream& out, const std::string& indent) const;
  void PrintRow(std::ostream& out, const std::string& indent, size_t row) const;

 private:
  void PrintCells(std::ostream& out, const std::string& indent, const std::vector<std::string>& cells) const;

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> widths_;
};

// Number of code points in UTF-8 `text`.
size_t DisplayWidth(const std::string& text);

// Protobuf map iteration order is unspecified; output must be stable, so it goes through a std::map.
std::map<std::string, std::string> Sorted(const google::protobuf::Map<std::string, std::string>& map);

// "k1=v1 k2=v2" in key order; "-" when empty.
std::string JoinKeyValues(const google::protobuf::Map<std::string, std::string>& map);

// `text` in double quotes, with '"', '\\' and control characters (\n, \x07, ...) escaped, so a name from the
// command line or the server never breaks a line of output or drives the terminal. Other UTF-8 passes through.
std::string Quoted(const std::string& text);

// Score with three decimals ("0.982"), the precision the calibration justifies.
std::string FormatScore(double score);

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_OUTPUT_H_
