// See output.h.
#include "client/cli/output.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/cli/commands.h"

namespace aka::cli {

void PrintError(std::ostream& err, absl::string_view context, const absl::Status& status) {
  err << "aka: " << context << ": " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
}

size_t DisplayWidth(const std::string& text) {
  // Count every byte that does not continue a multi-byte sequence (continuation bytes are 10xxxxxx).
  return std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

TextTable::TextTable(std::vector<std::string> header) : header_(std::move(header)) {
  for (const std::string& cell : header_) widths_.push_back(DisplayWidth(cell));
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(header_.size());
  for (size_t i = 0; i < cells.size(); ++i) widths_[i] = std::max(widths_[i], DisplayWidth(cells[i]));
  rows_.push_back(std::move(cells));
}

void TextTable::PrintHeader(std::ostream& out, const std::string& indent) const { PrintCells(out, indent, header_); }

void TextTable::PrintRow(std::ostream& out, const std::string& indent, size_t row) const {
  PrintCells(out, indent, rows_.at(row));
}

void TextTable::PrintCells(std::ostream& out, const std::string& indent, const std::vector<std::string>& cells) const {
  std::string line = indent;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    line += cells[i];
    if (i + 1 < cells.size()) line.append(widths_[i] - DisplayWidth(cells[i]), ' ');
  }
  // An empty last column would otherwise leave the padding of the one before it.
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << "\n";
}

std::map<std::string, std::string> Sorted(const google::protobuf::Map<std::string, std::string>& map) {
  return std::map<std::string, std::string>(map.begin(), map.end());
}

std::string JoinKeyValues(const google::protobuf::Map<std::string, std::string>& map) {
  if (map.empty()) return "-";
  return absl::StrJoin(Sorted(map), " ", absl::PairFormatter("="));
}

std::string Quoted(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      quoted += absl::StrFormat("\\x%02x", byte);
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

std::string FormatScore(double score) { return absl::StrFormat("%.3f", score); }

}  // namespace aka::cli
