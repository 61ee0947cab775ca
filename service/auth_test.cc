// Tests of the tokens file, bearer parsing, the method->role table and the authorization decision. The
// end-to-end checks over TLS (real calls refused with the right codes) are in tests/server_security_test.cc.
#include "service/auth.h"

#include <google/protobuf/descriptor.h>

#include <string>

#include "aka/v1/admin.grpc.pb.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kReaderToken[] = "reader-token-0123456789";
constexpr char kCuratorToken[] = "curator-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789ab";

std::unique_ptr<TokenTable> Tokens() {
  auto table = TokenTable::Parse(absl::StrCat("# comment\n\n", kReaderToken, " reader analytics\n", kCuratorToken,
                                              "\tcurator\n", "  ", kAdminToken, " admin ops  \n"),
                                 "tokens");
  EXPECT_TRUE(table.ok()) << table.status();
  return std::move(*table);
}

TEST(TokenTableTest, ParsesRolesNamesCommentsAndBlankLines) {
  auto tokens = Tokens();
  ASSERT_EQ(tokens->size(), 3u);
  auto reader = tokens->Find(kReaderToken);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->role, Role::kReader);
  EXPECT_EQ(reader->name, "analytics");
  auto curator = tokens->Find(kCuratorToken);
  ASSERT_TRUE(curator.has_value());
  EXPECT_EQ(curator->role, Role::kCurator);
  EXPECT_EQ(curator->name, "token-4");  // no NAME: named by its line
  EXPECT_EQ(tokens->Find(kAdminToken)->role, Role::kAdmin);
  EXPECT_FALSE(tokens->Find("reader-token-012345678").has_value());  // a prefix is not the token
  EXPECT_FALSE(tokens->Find("").has_value());
}

TEST(TokenTableTest, RefusesBadFilesWithTheLineAndWithoutTheToken) {
  struct Case {
    std::string contents;
    std::string message;
  };
  for (const Case& c :
       {Case{"justatokenwithoutrole0123", "f:1: expected"},
        Case{"\nsecret-token-0123456789 owner", "f:2: unknown role \"owner\""}, Case{"short reader", "shorter than 16"},
        Case{"secret-token-0123456789 reader\nsecret-token-0123456789 admin", "f:2: token repeats"},
        Case{"# only comments\n", "holds no token"}, Case{"secret-token-0123456789 reader a b", "f:1: expected"}}) {
    auto table = TokenTable::Parse(c.contents, "f");
    ASSERT_FALSE(table.ok()) << c.contents;
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(table.status().message(), HasSubstr(c.message));
    EXPECT_THAT(table.status().message(), Not(HasSubstr("secret-token")));
  }
  EXPECT_EQ(TokenTable::Load("/nonexistent/tokens").status().code(), absl::StatusCode::kNotFound);
}

TEST(BearerTokenTest, AcceptsOnlyTheBearerScheme) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("bearer   abc "), "abc");
  EXPECT_EQ(BearerToken("Basic abc"), "");
  EXPECT_EQ(BearerToken("Bearer"), "");
  EXPECT_EQ(BearerToken("Bearer "), "");
  EXPECT_EQ(BearerToken(""), "");
}

TEST(RequiredAccessTest, HealthAndReflectionAreOpenUnknownMethodsDenied) {
  EXPECT_EQ(RequiredAccess("/grpc.health.v1.Health/Check").kind, MethodAccess::Kind::kOpen);
  EXPECT_EQ(RequiredAccess("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").kind,
            MethodAccess::Kind::kOpen);
  EXPECT_EQ(RequiredAccess("/aka.v1.Registry/NoSuchMethod").kind, MethodAccess::Kind::kDenied);
  EXPECT_EQ(RequiredAccess("").kind, MethodAccess::Kind::kDenied);
  EXPECT_EQ(RequiredAccess("/aka.v1.Resolver/Resolve").role, Role::kReader);
  EXPECT_EQ(RequiredAccess("/aka.v1.Registry/UpsertEntity").role, Role::kCurator);
}

// A new RPC must be classified in auth.cc's table, or it is refused to every token: this test names it.
TEST(RequiredAccessTest, EveryRpcOfTheAkaServicesIsClassified) {
  int methods = 0;
  // Through a message of each file: that links the generated code, which registers the file's services.
  for (const google::protobuf::FileDescriptor* file :
       {aka::v1::ResolveRequest::descriptor()->file(), aka::v1::UpsertEntityRequest::descriptor()->file(),
        aka::v1::BackupRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const std::string path = absl::StrCat("/", service->full_name(), "/", service->method(m)->name());
        EXPECT_EQ(RequiredAccess(path).kind, MethodAccess::Kind::kRole) << path << " is not in auth.cc's table";
        ++methods;
      }
    }
  }
  EXPECT_GE(methods, 9);
}

TEST(TokenAuthProcessorTest, CodesFollowTokenAndRole) {
  auto tokens = Tokens();
  AuthRejections rejections;
  TokenAuthProcessor processor(tokens.get(), &rejections);
  TokenTable::Identity who{Role::kReader, ""};
  const std::string reader = absl::StrCat("Bearer ", kReaderToken);
  const std::string curator = absl::StrCat("Bearer ", kCuratorToken);

  EXPECT_EQ(processor.Authorize("/aka.v1.Registry/UpsertEntity", "", &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(processor.Authorize("/aka.v1.Resolver/Resolve", "Bearer not-a-known-token-at-all", &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(processor.Authorize("/aka.v1.Resolver/Resolve", kReaderToken, &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);  // no "Bearer " scheme
  EXPECT_TRUE(processor.Authorize("/aka.v1.Resolver/Resolve", reader, &who).ok());
  EXPECT_EQ(who.name, "analytics");
  const grpc::Status denied = processor.Authorize("/aka.v1.Registry/UpsertEntity", reader, &who);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(denied.error_message(), HasSubstr("needs role curator"));
  EXPECT_THAT(denied.error_message(), Not(HasSubstr(kReaderToken)));
  EXPECT_TRUE(processor.Authorize("/aka.v1.Registry/UpsertEntity", curator, &who).ok());
  EXPECT_EQ(processor.Authorize("/aka.v1.Admin/Backup", curator, &who).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(processor.Authorize("/aka.v1.Admin/Backup", absl::StrCat("Bearer ", kAdminToken), &who).ok());
  // Verify only reads: curators may check their work; readers may not start a full index pass.
  EXPECT_TRUE(processor.Authorize("/aka.v1.Admin/Verify", curator, &who).ok());
  EXPECT_EQ(processor.Authorize("/aka.v1.Admin/Verify", reader, &who).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(processor.Authorize("/aka.v1.Admin/Restore", curator, &who).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      processor.Authorize("/aka.v1.Registry/Unclassified", absl::StrCat("Bearer ", kAdminToken), &who).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(processor.Authorize("/grpc.health.v1.Health/Check", "", &who).ok());
}

}  // namespace
}  // namespace aka::service
