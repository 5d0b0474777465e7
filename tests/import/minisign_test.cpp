// tools/import/minisign: signatures made by the real minisign CLI verify with
// libsodium (prehashed, minisign's default); legacy -l signatures are refused
// before a byte is read; anything else does not verify.

#include "tools/import/minisign.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

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

TEST_CASE("a legacy minisign -S -l signature (Ed) is refused without reading the file") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Legacy);
    const auto sig = kiosk::ParseSignature(ReadFile(file + ".minisig"), "x");
    CHECK_FALSE(sig.prehashed);
    CHECK_THAT(kiosk::LegacySignatureProblem(sig, "a.kiosk"),
               Contains("a.kiosk is signed in minisign's old format (-l)"));
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    size_t reads = 0;
    const kiosk::ReadFn counting = [&](int f, void* b, size_t n) {
        ++reads;
        return ::read(f, b, n);
    };
    CHECK_THROWS_WITH(kiosk::VerifyFile(fd.get(), counting, sig, Trusted()),
                      Contains("sign it again without -l"));
    CHECK(reads == 0);
}

TEST_CASE("a file hashed as it streams past verifies like the file read whole") {
    TempDir tmp;
    const std::string file = SignedFile(tmp, Signing::Prehashed, std::string(100000, 'y'));
    const auto sig = kiosk::ParseSignature(ReadFile(file + ".minisig"), "x");
    const std::string bytes = ReadFile(file);
    kiosk::StreamVerifier good(sig);
    for (size_t at = 0; at < bytes.size(); at += 4096)
        good.Update(reinterpret_cast<const uint8_t*>(bytes.data()) + at,
                    std::min<size_t>(4096, bytes.size() - at));
    CHECK(good.Verify(Trusted()));
    kiosk::StreamVerifier short_by_one(sig);
    short_by_one.Update(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size() - 1);
    CHECK_FALSE(short_by_one.Verify(Trusted()));
}

TEST_CASE("an empty file and a file of several megabytes verify") {
    TempDir tmp;
    CHECK(Verifies(SignedFile(tmp, Signing::Prehashed, ""), Trusted()));
    CHECK(Verifies(SignedFile(tmp, Signing::Prehashed, std::string(3 << 20, 'x') + "end"),
                   Trusted()));
}

TEST_CASE("one flipped byte makes the signature fail") {
    TempDir tmp;
    for (auto how : {Signing::Prehashed}) {
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
    for (auto how : {Signing::Prehashed}) {
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

TEST_CASE("trusted keys are every .pub file of the folder and a broken one is skipped and named") {
    TempDir tmp;
    std::filesystem::copy_file(TrustedKey().pub, tmp / "anna.pub");
    std::filesystem::copy_file(kiosk::test::StrangerKey().pub, tmp / "bob.pub");
    WriteFile(tmp / "notes.txt", "not a key");
    auto loaded = kiosk::LoadTrustedKeys(tmp.path());
    REQUIRE(loaded.keys.size() == 2);
    CHECK(loaded.keys[0].file == tmp / "anna.pub");
    CHECK(loaded.skipped.empty());
    WriteFile(tmp / "carl.pub", "untrusted comment: x\nnot base64\n");
    WriteFile(tmp / "dora.pub", "");
    std::filesystem::create_directory(tmp / "eve.pub");
    loaded = kiosk::LoadTrustedKeys(tmp.path());
    CHECK(loaded.keys.size() == 2);
    REQUIRE(loaded.skipped.size() == 3);
    CHECK_THAT(loaded.skipped[0], Contains("carl.pub is not a minisign public key"));
    CHECK_THAT(loaded.skipped[1], Contains("dora.pub is empty"));
    CHECK_THAT(loaded.skipped[2], Contains("eve.pub is not a regular file"));
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

// [SECTION] One read, two passes (ReadToEndTwice: the import's hash beside its copy)

namespace {

// A file of `size` bytes that differ from place to place, so that a chunk
// seen twice, skipped or out of order changes what is collected.
std::string PatternFile(const TempDir& tmp, size_t size) {
    std::string bytes(size, '\0');
    uint32_t x = 12345;
    for (auto& b : bytes) {
        x = x * 1103515245u + 12345u;
        b = static_cast<char>(x >> 24);
    }
    const std::string file = (tmp.path() / "pattern.bin").string();
    WriteFile(file, bytes);
    return file;
}

std::string Collected(const std::vector<std::string>& parts) {
    std::string all;
    for (const auto& p : parts)
        all += p;
    return all;
}

} // namespace

TEST_CASE("both passes of one read see every byte of the file in order") {
    TempDir tmp;
    // Several times the four 1 MiB buffers, ending in a part chunk.
    const std::string file = PatternFile(tmp, (9u << 20) + 4321);
    const std::string bytes = ReadFile(file);
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    // Short reads of odd sizes, and an interrupted one, as a slow stick gives.
    size_t calls = 0;
    const kiosk::ReadFn uneven = [&](int f, void* b, size_t n) -> ssize_t {
        if (++calls == 3) {
            errno = EINTR;
            return -1;
        }
        return ::read(f, b, std::min<size_t>(n, 100000 + (calls * 7919) % 900000));
    };
    std::vector<std::string> here, side;
    kiosk::ReadToEndTwice(
        fd.get(), uneven,
        [&](const uint8_t* p, size_t n) { here.emplace_back(reinterpret_cast<const char*>(p), n); },
        [&](const uint8_t* p, size_t n) {
            side.emplace_back(reinterpret_cast<const char*>(p), n);
        });
    CHECK(here.size() > 9);
    CHECK(here == side);
    CHECK(Collected(here) == bytes);
    CHECK(Collected(side) == bytes);
}

TEST_CASE("a slow second pass holds the read back instead of seeing reused buffers") {
    TempDir tmp;
    const std::string file = PatternFile(tmp, 12u << 20);
    const std::string bytes = ReadFile(file);
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    std::vector<std::string> side;
    size_t chunks = 0;
    uint64_t sums = 0;
    kiosk::ReadToEndTwice(
        fd.get(), ::read, [&](const uint8_t*, size_t) { ++chunks; },
        [&](const uint8_t* p, size_t n) {
            // Many times the copy's work before the bytes are taken: a buffer
            // refilled underneath this pass would not give the file back.
            uint32_t sum = 0;
            for (int round = 0; round < 16; ++round)
                for (size_t i = 0; i < n; ++i)
                    sum = sum * 31u + p[i];
            side.emplace_back(reinterpret_cast<const char*>(p), n);
            sums += sum; // keeps the rounds
        });
    CHECK(sums != 0);
    CHECK(chunks == 12);
    CHECK(Collected(side) == bytes);
}

TEST_CASE("a failing read or a refused chunk stops both passes and is thrown on") {
    TempDir tmp;
    const std::string file = PatternFile(tmp, 6u << 20);
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    size_t side_bytes = 0;
    const auto count_side = [&](const uint8_t*, size_t n) { side_bytes += n; };
    SECTION("the stick stops answering after two chunks") {
        size_t calls = 0;
        const kiosk::ReadFn failing = [&](int f, void* b, size_t n) -> ssize_t {
            if (++calls > 2) {
                errno = EIO;
                return -1;
            }
            return ::read(f, b, n);
        };
        CHECK_THROWS_AS(kiosk::ReadToEndTwice(
                            fd.get(), failing, [](const uint8_t*, size_t) {}, count_side),
                        kiosk::IoError);
        CHECK(side_bytes <= (2u << 20));
    }
    SECTION("the copy refuses the third chunk") {
        size_t chunks = 0;
        CHECK_THROWS_WITH(kiosk::ReadToEndTwice(
                              fd.get(), ::read,
                              [&](const uint8_t*, size_t) {
                                  if (++chunks == 3) throw ImportError("the disk is full");
                              },
                              count_side),
                          "the disk is full");
        CHECK(side_bytes <= (3u << 20));
    }
}

// [SECTION] Reading the copy back from the disk (OpenFromDisk)

namespace {

// Whether `file`'s filesystem reads with O_DIRECT at all (tmpfs before Linux
// 6.6 and some FUSE filesystems do not).
bool DirectReadsWork(const std::string& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

// How many of `file`'s pages are in the page cache.
size_t PagesCached(const std::string& file, size_t size) {
    kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd.get(), 0);
    REQUIRE(map != MAP_FAILED);
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in((size + page - 1) / page);
    REQUIRE(::mincore(map, size, in.data()) == 0);
    ::munmap(map, size);
    return static_cast<size_t>(
        std::count_if(in.begin(), in.end(), [](unsigned char c) { return c & 1; }));
}

} // namespace

TEST_CASE("a copy is read back from the disk, past the page cache the checks read meanwhile") {
    TempDir tmp;
    // Not a whole number of pages: the last read ends short.
    const size_t size = (3u << 20) + 5 * 4096 + 123;
    const std::string file = PatternFile(tmp, size);
    const std::string bytes = ReadFile(file); // now in the page cache
    {
        kiosk::UniqueFd w = kiosk::OpenRegularForReading(file);
        kiosk::SyncFd(w.get(), file);
    }
    kiosk::UniqueFd fd = kiosk::OpenFromDisk(file);
    const int flags = ::fcntl(fd.get(), F_GETFL);
    const bool direct = DirectReadsWork(file);
    CHECK(kiosk::ReadsPastPageCache(file) == direct);
    if (direct) {
        CHECK((flags & O_DIRECT) != 0);
    } else {
        CHECK((flags & O_DIRECT) == 0);
        struct statfs fs {};
        REQUIRE(::statfs(file.c_str(), &fs) == 0);
        if (fs.f_type == TMPFS_MAGIC) {
            WARN("SKIPPED: the test folder is on a tmpfs without O_DIRECT: its pages are the "
                 "only copy, so nothing can show that the copy left the page cache");
        } else {
            WARN("this filesystem has no O_DIRECT: checking that the copy left the page cache");
            CHECK(PagesCached(file, size) == 0);
        }
    }
    std::string got;
    kiosk::ReadToEnd(fd.get(), ::read, [&](const uint8_t* p, size_t n) {
        got.append(reinterpret_cast<const char*>(p), n);
    });
    CHECK(got == bytes);
    // Every read went past the cache: none was refused (unaligned) and redone.
    CHECK((::fcntl(fd.get(), F_GETFL) & O_DIRECT) == (flags & O_DIRECT));
}

TEST_CASE("a read O_DIRECT refuses is made again through the page cache and other refusals throw") {
    TempDir tmp;
    const std::string file = PatternFile(tmp, (2u << 20) + 777);
    const std::string bytes = ReadFile(file);
    if (!DirectReadsWork(file)) {
        WARN("SKIPPED: the test folder's filesystem has no O_DIRECT, so nothing can refuse it");
        return;
    }
    // The second read is refused as O_DIRECT refuses one it cannot align.
    size_t calls = 0;
    const kiosk::ReadFn refusing = [&](int f, void* b, size_t n) -> ssize_t {
        if (++calls == 2) {
            errno = EINVAL;
            return -1;
        }
        return ::read(f, b, n);
    };
    std::string got;
    const auto collect = [&](const uint8_t* p, size_t n) {
        got.append(reinterpret_cast<const char*>(p), n);
    };
    SECTION("through O_DIRECT") {
        kiosk::UniqueFd fd = kiosk::OpenFromDisk(file);
        kiosk::ReadToEnd(fd.get(), refusing, collect);
        CHECK(got == bytes);
        CHECK((::fcntl(fd.get(), F_GETFL) & O_DIRECT) == 0);
    }
    SECTION("through the page cache already") {
        kiosk::UniqueFd fd = kiosk::OpenRegularForReading(file);
        CHECK_THROWS_AS(kiosk::ReadToEnd(fd.get(), refusing, collect), kiosk::IoError);
    }
}
