#include "client/canonicalize/table_codec.h"

#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/canonicalize/csv_table.h"
#include "client/canonicalize/jsonl_table.h"
#include "common/status_macros.h"

namespace aka::canonicalize {
namespace {

class CsvTableCodec : public TableCodec {
 public:
  CsvTableCodec(std::unique_ptr<CsvReader> reader, size_t name_index, std::string name_column,
                const ResultColumnNames& result_names)
      : reader_(std::move(reader)),
        name_index_(name_index),
        name_column_(std::move(name_column)),
        result_names_(result_names) {}

  absl::StatusOr<bool> Next(TableRecord* record) override {
    ASSIGN_OR_RETURN(bool found, reader_->Next(&csv_record_));
    if (!found) return false;
    record->line = csv_record_.line;
    record->error = std::move(csv_record_.error);
    record->csv_fields.swap(csv_record_.fields);
    record->name.clear();
    if (record->error.empty()) record->name = record->csv_fields[name_index_];
    return true;
  }

  TablePosition position() const override { return {reader_->next_offset(), reader_->next_line()}; }

  absl::Status Seek(const TablePosition& position) override {
    return reader_->Seek(position.offset, position.line);
  }

  void AppendHeader(std::string* out) override {
    row_.assign(reader_->header().begin(), reader_->header().end());
    for (const std::string* name : {&result_names_.id, &result_names_.name, &result_names_.type,
                                    &result_names_.score, &result_names_.outcome}) {
      row_.push_back(*name);
    }
    AppendCsvRecord(absl::MakeConstSpan(row_), out);
  }

  void AppendRecord(TableRecord* record, const ResultFields& result, std::string* out) override {
    // A ragged or malformed record is written at the header's width so the result columns stay aligned.
    const size_t width = reader_->header().size();
    row_.clear();
    for (size_t i = 0; i < width; ++i) {
      row_.push_back(i < record->csv_fields.size() ? std::string_view(record->csv_fields[i]) : std::string_view());
    }
    for (const std::string* value : {&result.id, &result.name, &result.type, &result.score, &result.outcome}) {
      row_.push_back(*value);
    }
    AppendCsvRecord(absl::MakeConstSpan(row_), out);
  }

  std::string NameLabel() const override { return absl::StrCat("column '", name_column_, "'"); }

 private:
  std::unique_ptr<CsvReader> reader_;
  size_t name_index_;
  std::string name_column_;
  ResultColumnNames result_names_;
  CsvRecord csv_record_;
  std::vector<std::string_view> row_;
};

class JsonlTableCodec : public TableCodec {
 public:
  JsonlTableCodec(std::unique_ptr<JsonlReader> reader, std::string field_path, const ResultColumnNames& names)
      : reader_(std::move(reader)), field_path_(std::move(field_path)), result_names_(names) {}

  absl::StatusOr<bool> Next(TableRecord* record) override {
    ASSIGN_OR_RETURN(bool found, reader_->Next(&line_));
    if (!found) return false;
    record->line = line_.line;
    record->name.clear();
    record->error.clear();
    if (!ParseJsonlObject(line_.text, &record->json, &record->error)) return true;
    const nlohmann::ordered_json* value = FindJsonField(record->json, field_path_);
    if (value == nullptr) {
      record->error = absl::StrCat("missing field '", field_path_, "'");
    } else if (!value->is_string()) {
      record->error = absl::StrCat("field '", field_path_, "' is not a string");
    } else {
      record->name = value->get_ref<const std::string&>();
    }
    return true;
  }

  TablePosition position() const override { return {reader_->next_offset(), reader_->next_line()}; }

  absl::Status Seek(const TablePosition& position) override {
    return reader_->Seek(position.offset, position.line);
  }

  void AppendHeader(std::string* /*out*/) override {}

  void AppendRecord(TableRecord* record, const ResultFields& result, std::string* out) override {
    AppendJsonlRecord(&record->json,
                      {{result_names_.id, result.id},
                       {result_names_.name, result.name},
                       {result_names_.type, result.type},
                       {result_names_.score, result.score},
                       {result_names_.outcome, result.outcome}},
                      out);
  }

  std::string NameLabel() const override { return absl::StrCat("field '", field_path_, "'"); }

 private:
  std::unique_ptr<JsonlReader> reader_;
  std::string field_path_;
  ResultColumnNames result_names_;
  JsonlLine line_;
};

absl::StatusOr<std::unique_ptr<TableCodec>> OpenCsvCodec(InputFile* input, const std::string& name_column,
                                                         const ResultColumnNames& result_names) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(input));
  const std::vector<std::string>& header = reader->header();
  size_t name_index = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name_column) continue;
    if (name_index != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat("column '", name_column, "' appears more than once in the ",
                                                     input->display_name(), " header"));
    }
    name_index = i;
  }
  if (name_index == header.size()) {
    return absl::InvalidArgumentError(absl::StrCat("column '", name_column, "' is not in the ", input->display_name(),
                                                   " header; its columns are: ", absl::StrJoin(header, ", ")));
  }
  for (const std::string* result : {&result_names.id, &result_names.name, &result_names.type, &result_names.score,
                                    &result_names.outcome}) {
    for (const std::string& column : header) {
      if (column == *result) {
        return absl::InvalidArgumentError(absl::StrCat("result column '", *result, "' already exists in the ",
                                                       input->display_name(), " header; choose other result column names"));
      }
    }
  }
  return std::unique_ptr<TableCodec>(new CsvTableCodec(std::move(reader), name_index, name_column, result_names));
}

}  // namespace

const char* TableFormatName(TableFormat format) {
  switch (format) {
    case TableFormat::kCsv:
      return "csv";
    case TableFormat::kJsonl:
      return "jsonl";
  }
  return "unknown";
}

absl::StatusOr<TableFormat> ParseTableFormat(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == "csv") return TableFormat::kCsv;
  if (lower == "jsonl" || lower == "ndjson" || lower == "json") return TableFormat::kJsonl;
  return absl::InvalidArgumentError(absl::StrCat("unknown format '", name, "'; expected csv or jsonl"));
}

absl::StatusOr<TableFormat> TableFormatFromPath(const std::string& path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return TableFormat::kCsv;
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson")) return TableFormat::kJsonl;
  return absl::NotFoundError(absl::StrCat("cannot tell the format of '", path, "' from its name; give it"));
}

absl::StatusOr<std::unique_ptr<TableCodec>> OpenTableCodec(TableFormat format, InputFile* input,
                                                           const std::string& name_column,
                                                           const ResultColumnNames& result_names) {
  if (name_column.empty()) return absl::InvalidArgumentError("the name column/field must not be empty");
  if (format == TableFormat::kCsv) return OpenCsvCodec(input, name_column, result_names);
  ASSIGN_OR_RETURN(std::unique_ptr<JsonlReader> reader, JsonlReader::Open(input));
  return std::unique_ptr<TableCodec>(new JsonlTableCodec(std::move(reader), name_column, result_names));
}

}  // namespace aka::canonicalize
