// tools/import/minisign: signatures made by the real minisign CLI verify with
// libsodium, in both formats; anything else does not.

#include "tools/import/minisign.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <fcntl.h>

#include <string>

using Catch::Matchers::Contains;
using kiosk::ImportError;
using kiosk::test::ReadFile;
using kiosk::test::Sign;
using kiosk::test::Signing;
using kiosk::test::TempDir;
using kiosk::test::TrustedKey;
using kiosk::test::WriteFile;

namespace {

kiosk::PublicKey Trusted() {
    return kiosk::ParsePublicKey(ReadFile(TrustedKey().pub), TrustedKey().pub);
}

// Verifies `file` against `file.minisig` with `key`.
bool Verifies(const std::string& file, const kiosk::PublicKey& key) {
    const auto sig = kiosk::ParseSignature(ReadFile(file + ".minisig"), file + ".minisig");
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    return kiosk::VerifyFile(fd.get(), ::read, sig, key);
}

std::string SignedFile(const TempDir& tmp, Signing how, const std::string& content = "panels\n") {
    const std::string file = tmp / "file.kiosk";
    WriteFile(file, content);
    Sign(file, how);
    return file;
}

} // namespace

TEST_CASE("a plain minisign -S signature (prehashed ED) verifies") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Prehashed);
    CHECK(kiosk::ParseSignature(ReadFile(file + ".minisig"), "x").prehashed);
    CHECK(Verifies(file, Trusted()));
}

TEST_CASE("a legacy minisign -S -l signature (Ed) verifies") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Legacy);
    CHECK_FALSE(kiosk::ParseSignature(ReadFile(file + ".minisig"), "x").prehashed);
    CHECK(Verifies(file, Trusted()));
}

TEST_CASE("an empty file and a file of several megabytes verify in both formats") {
    TempDir tmp;
    for (auto how : {Signing::Prehashed, Signing::Legacy}) {
        CHECK(Verifies(SignedFile(tmp, how, ""), Trusted()));
        CHECK(Verifies(SignedFile(tmp, how, std::string(3 << 20, 'x') + "end"), Trusted()));
    }
}

TEST_CASE("one flipped byte makes the signature fail in both formats") {
    TempDir tmp;
    for (auto how : {Signing::Prehashed, Signing::Legacy}) {
        const std::string file = SignedFile(tmp, how, "the exhibit's bytes");
        WriteFile(file, "the exhibit's bytez");
        CHECK_FALSE(Verifies(file, Trusted()));
    }
}

TEST_CASE("a signature does not verify with another key") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Stranger);
    const auto sig = kiosk::ParseSignature(ReadFile(file + ".minisig"), "x");
    const std::vector<kiosk::PublicKey> keys{Trusted()};
    CHECK(kiosk::FindSigner(keys, sig) == nullptr);
    kiosk::PublicKey forged = Trusted();
    forged.key_id = sig.key_id; // same id, wrong key: the key itself decides
    CHECK_FALSE(Verifies(file, forged));
}

TEST_CASE("an edited trusted comment makes the signature fail, as with minisign -V") {
    TempDir tmp;
    for (auto how : {Signing::Prehashed, Signing::Legacy}) {
        const std::string file = SignedFile(tmp, how);
        std::string sig = ReadFile(file + ".minisig");
        const size_t at = sig.find("file:");
        REQUIRE(at != std::string::npos);
        sig.replace(at, 5, "FILE:");
        WriteFile(file + ".minisig", sig);
        CHECK_FALSE(Verifies(file, Trusted()));
    }
}

TEST_CASE("a signature file that is not minisign's format is an ImportError naming it") {
    for (const std::string bad :
         {"", "hello\n", "untrusted comment: x\nRWQ=\ntrusted comment: x\nAAAA\n",
          "untrusted comment: x\n!!!!\ntrusted comment: t\n!!!!\n"})
        CHECK_THROWS_WITH(kiosk::ParseSignature(bad, "a.kiosk.minisig"),
                          Contains("a.kiosk.minisig is not a minisign signature"));
}

TEST_CASE("the key id reads as minisign prints it in the public key's comment") {
    const std::string pub = ReadFile(TrustedKey().pub);
    const std::string id = kiosk::KeyIdText(Trusted().key_id);
    CHECK(pub.find("minisign public key " + id + "\n") != std::string::npos);
    // minisign prints no leading zeros.
    CHECK(kiosk::KeyIdText({0x1f, 0xf5, 0xf7, 0x20, 0x56, 0xeb, 0xdc, 0x03}) == "3DCEB5620F7F51F");
    CHECK(kiosk::KeyIdText({1, 0, 0, 0, 0, 0, 0, 0}) == "1");
}

TEST_CASE("PublicKeyLine gives the key line of a .pub file, as minisign -P takes it") {
    const std::string pub = ReadFile(TrustedKey().pub);
    const std::string line = kiosk::PublicKeyLine(TrustedKey().pub);
    CHECK(line.size() == 56);
    CHECK(pub.find("\n" + line + "\n") != std::string::npos);
    // And that line alone works as a key, the way minisign -P uses it.
    CHECK(kiosk::ParsePublicKey(line + "\n", "line").key == Trusted().key);
}

TEST_CASE("PublicKeyLine refuses a secret key, a signature and a missing file") {
    TempDir tmp;
    CHECK_THROWS_AS(kiosk::PublicKeyLine(TrustedKey().sec), ImportError);
    const std::string file = SignedFile(tmp, Signing::Prehashed);
    CHECK_THROWS_WITH(kiosk::PublicKeyLine(file + ".minisig"),
                      Contains("is not a minisign public key"));
    CHECK_THROWS_WITH(kiosk::PublicKeyLine(tmp / "none.pub"), Contains("cannot read"));
}

TEST_CASE("trusted keys are every .pub file of the folder and a broken one is an error") {
    TempDir tmp;
    std::filesystem::copy_file(TrustedKey().pub, tmp / "anna.pub");
    std::filesystem::copy_file(kiosk::test::StrangerKey().pub, tmp / "bob.pub");
    WriteFile(tmp / "notes.txt", "not a key");
    const auto keys = kiosk::LoadTrustedKeys(tmp.path());
    REQUIRE(keys.size() == 2);
    CHECK(keys[0].file == tmp / "anna.pub");
    WriteFile(tmp / "carl.pub", "untrusted comment: x\nnot base64\n");
    CHECK_THROWS_WITH(kiosk::LoadTrustedKeys(tmp.path()),
                      Contains("carl.pub is not a minisign public key"));
    CHECK_THROWS_WITH(kiosk::LoadTrustedKeys(tmp / "missing"), Contains("cannot be read"));
}

TEST_CASE("a failing read while verifying is an IoError, not a verdict") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Prehashed);
    const auto sig = kiosk::ParseSignature(ReadFile(file + ".minisig"), "x");
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    const kiosk::ReadFn failing = [](int, void*, size_t) -> ssize_t {
        errno = EIO;
        return -1;
    };
    CHECK_THROWS_AS(kiosk::VerifyFile(fd.get(), failing, sig, Trusted()), kiosk::IoError);
}
