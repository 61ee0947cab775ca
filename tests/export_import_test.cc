// Export -> import into an EMPTY database -> export again gives the same bytes (issue 5). The first akad
// holds the bundled data set plus curation (a merge with its redirect, aliases with provenance, a split,
// a deletion); its export (ListEntities pages written by formats::WriteJsonLine, what `aka export` writes)
// is read back by formats::ReadJsonLines (what `aka import --format jsonl` reads) and streamed into a second,
// empty akad through Registry.Import; that akad's export must equal the first byte for byte, and its id
// counter must continue past the imported ids.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "aka/v1/registry.grpc.pb.h"
#include "formats/entity_source.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/scoped_test_dir.h"

namespace aka {
namespace {

void Prepare(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
}

class ExportImportTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto* server : {&source_, &copy_}) {
      if (*server != nullptr) (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
      server->reset();
    }
  }

  std::unique_ptr<service::AkaServer> Start(const std::string& db, bool bundled_data) {
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/" + db;
    options.data_dir = AKA_BUNDLED_DATA_DIR;
    options.load_default_data = bundled_data;
    options.access_log = false;
    auto server = service::AkaServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? std::move(*server) : nullptr;
  }

  static std::unique_ptr<v1::Registry::Stub> Registry(const service::AkaServer& server) {
    return v1::Registry::NewStub(grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  }

  // Every entity as JSON lines, page by page, as `aka export` writes them.
  static std::string Export(v1::Registry::Stub& registry) {
    std::ostringstream out;
    v1::ListEntitiesRequest request;
    request.set_page_size(1000);
    do {
      grpc::ClientContext context;
      Prepare(&context);
      v1::ListEntitiesResponse page;
      const grpc::Status status = registry.ListEntities(&context, request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Entity& entity : page.entities()) EXPECT_TRUE(formats::WriteJsonLine(entity, out).ok());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return out.str();
  }

  // Reads `path` as `aka import --format jsonl` does and streams it into `registry`.
  static v1::ImportResponse Import(v1::Registry::Stub& registry, const std::string& path) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::ImportResponse summary;
    std::unique_ptr<grpc::ClientWriter<v1::ImportRequest>> writer = registry.Import(&context, &summary);
    const absl::Status read = formats::ReadJsonLines(
        path,
        [&writer](v1::Entity entity) {
          v1::ImportRequest request;
          *request.mutable_entity() = std::move(entity);
          return writer->Write(request) ? absl::OkStatus() : absl::UnavailableError("import stream broke");
        },
        [](const formats::SkippedRecord& skipped) { ADD_FAILURE() << "skipped a line of the export"; });
    EXPECT_TRUE(read.ok()) << read;
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary;
  }

  template <typename Request, typename Response, typename Method>
  static Response Call(v1::Registry::Stub& registry, Method method, const Request& request) {
    grpc::ClientContext context;
    Prepare(&context);
    Response response;
    const grpc::Status status = (registry.*method)(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  testing::ScopedTestDir test_dir_{"export_import_test"};
  const std::string& dir_ = test_dir_.path();
  std::unique_ptr<service::AkaServer> source_;
  std::unique_ptr<service::AkaServer> copy_;
};

TEST_F(ExportImportTest, ExportImportIntoEmptyDatabaseExportsTheSameBytes) {
  source_ = Start("source", /*bundled_data=*/true);
  ASSERT_NE(source_, nullptr);
  auto registry = Registry(*source_);

  // Curate: two new entities merged (a redirect), an alias with full provenance, a split, a deletion.
  v1::UpsertEntityRequest create;
  create.mutable_entity()->set_type("threat_actor");
  create.mutable_entity()->set_canonical_name("Export Test Target");
  const v1::Entity target =
      Call<v1::UpsertEntityRequest, v1::UpsertEntityResponse>(*registry, &v1::Registry::Stub::UpsertEntity, create)
          .entity();
  create.mutable_entity()->set_canonical_name("Export Test Source");
  create.mutable_entity()->add_aliases()->set_name("Export Test Source Alias");
  const v1::Entity source =
      Call<v1::UpsertEntityRequest, v1::UpsertEntityResponse>(*registry, &v1::Registry::Stub::UpsertEntity, create)
          .entity();
  v1::MergeEntitiesRequest merge;
  merge.set_target_id(target.id());
  merge.add_source_ids(source.id());
  Call<v1::MergeEntitiesRequest, v1::MergeEntitiesResponse>(*registry, &v1::Registry::Stub::MergeEntities, merge);
  v1::AddAliasRequest add;
  add.set_entity_id(target.id());
  add.mutable_alias()->set_name("Export Test Vendor Name");
  add.mutable_alias()->set_source("microsoft");
  add.mutable_alias()->set_reference("https://example.org/report");
  add.mutable_alias()->set_asserted_by("analyst");
  add.mutable_alias()->set_kind(v1::FKA);
  Call<v1::AddAliasRequest, v1::AddAliasResponse>(*registry, &v1::Registry::Stub::AddAlias, add);
  v1::SplitEntityRequest split;
  split.set_entity_id(target.id());
  split.add_alias_names("Export Test Source Alias");
  const v1::Entity split_off =
      Call<v1::SplitEntityRequest, v1::SplitEntityResponse>(*registry, &v1::Registry::Stub::SplitEntity, split)
          .new_entity();
  create.mutable_entity()->set_canonical_name("Export Test Deleted");
  create.mutable_entity()->clear_aliases();
  v1::DeleteEntityRequest remove;
  remove.set_id(
      Call<v1::UpsertEntityRequest, v1::UpsertEntityResponse>(*registry, &v1::Registry::Stub::UpsertEntity, create)
          .entity()
          .id());
  Call<v1::DeleteEntityRequest, v1::DeleteEntityResponse>(*registry, &v1::Registry::Stub::DeleteEntity, remove);

  const std::string first = Export(*registry);
  ASSERT_NE(first.find("\"source\":\"microsoft\""), std::string::npos);
  // The merged id is not a line of its own: redirects are not exported (docs/CURATION.md).
  EXPECT_EQ(first.find("{\"id\":\"" + source.id() + "\""), std::string::npos);
  const std::string path = dir_ + "/export.jsonl";
  std::ofstream(path, std::ios::binary) << first;

  copy_ = Start("copy", /*bundled_data=*/false);
  ASSERT_NE(copy_, nullptr);
  auto copy_registry = Registry(*copy_);
  const v1::ImportResponse summary = Import(*copy_registry, path);
  EXPECT_EQ(summary.rejected(), 0) << summary.DebugString();
  EXPECT_EQ(summary.created(), source_->CountEntities().value());
  EXPECT_EQ(summary.updated() + summary.unchanged(), 0);

  const std::string second = Export(*copy_registry);
  EXPECT_EQ(second.size(), first.size());
  EXPECT_TRUE(second == first) << "the re-export differs from the export";

  // Importing the same file again changes nothing, and the next new id comes after every imported one.
  const v1::ImportResponse again = Import(*copy_registry, path);
  EXPECT_EQ(again.unchanged(), summary.created()) << again.DebugString();
  create.mutable_entity()->set_canonical_name("Export Test After Import");
  const v1::Entity fresh =
      Call<v1::UpsertEntityRequest, v1::UpsertEntityResponse>(*copy_registry, &v1::Registry::Stub::UpsertEntity,
                                                              create)
          .entity();
  EXPECT_GT(fresh.id(), split_off.id());
}

}  // namespace
}  // namespace aka
