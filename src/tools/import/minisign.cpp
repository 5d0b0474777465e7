// Formats (https://jedisct1.github.io/minisign/):
//   public key: "untrusted comment: ..." / base64("Ed" || key id[8] || Ed25519 key[32])
//   signature:  "untrusted comment: ..." / base64(alg[2] || key id[8] || sig[64])
//               "trusted comment: ..."   / base64(global sig[64])
// where alg "Ed" signs the file and "ED" its BLAKE2b-512 hash, and the global
// signature covers sig[64] || trusted comment.

#include "tools/import/minisign.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kiosk {

namespace {

constexpr const char* kUntrusted = "untrusted comment: ";
constexpr const char* kTrusted = "trusted comment: ";

void InitSodium() {
    if (sodium_init() < 0) throw ImportError("the kiosk's signature library cannot start");
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        lines.push_back(line);
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    return lines;
}

bool StartsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// Decodes standard base64 of exactly `size` bytes; false when it is not.
bool Base64Exact(const std::string& in, uint8_t* out, size_t size) {
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out, size, in.data(), in.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return len == size && end == in.data() + in.size();
}

} // namespace

std::string KeyIdText(const KeyId& id) {
    // minisign prints the id as a little-endian 64-bit number with "%" PRIX64:
    // upper-case hex without leading zeros. Printing it the same way lets a
    // curator compare it with the comment line of their .pub file.
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i)
        v |= static_cast<uint64_t>(id[i]) << (8 * i);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%" PRIX64, v);
    return hex;
}

PublicKey ParsePublicKey(const std::string& text, const std::string& file) {
    InitSodium();
    auto lines = Lines(text);
    if (!lines.empty() && StartsWith(lines[0], kUntrusted)) lines.erase(lines.begin());
    std::array<uint8_t, 42> raw{};
    if (lines.size() != 1 || !Base64Exact(lines[0], raw.data(), raw.size()) || raw[0] != 'E' ||
        raw[1] != 'd')
        throw ImportError(file + " is not a minisign public key (expected the two lines that "
                                 "minisign -G writes to the .pub file)");
    PublicKey key;
    std::copy(raw.begin() + 2, raw.begin() + 10, key.key_id.begin());
    std::copy(raw.begin() + 10, raw.end(), key.key.begin());
    key.file = file;
    return key;
}

TrustedKeys LoadTrustedKeys(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d)
        throw ImportError("the folder of trusted keys " + dir + " cannot be read (" +
                          ErrnoText(errno) + ")");
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".pub") == 0 && name[0] != '.')
            names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    TrustedKeys out;
    for (const auto& name : names) {
        const std::string path = dir + "/" + name;
        // Keys are installed by the technician in a root-owned folder; a
        // symlink to a key file is fine here, unlike on the stick. O_NONBLOCK:
        // a FIFO named *.pub must not hold the import (and its lock) forever.
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
        struct stat st {};
        if (!fd || ::fstat(fd.get(), &st) != 0) {
            out.skipped.push_back(path + " cannot be read (" + ErrnoText(errno) +
                                  "); it was skipped");
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            out.skipped.push_back(path + " is not a regular file; it was skipped");
            continue;
        }
        std::string text(4097, '\0');
        const ssize_t n = ::read(fd.get(), text.data(), text.size());
        if (n <= 0) {
            out.skipped.push_back(path + (n == 0 ? " is empty" : " cannot be read") +
                                  "; it was skipped");
            continue;
        }
        text.resize(static_cast<size_t>(n));
        try {
            out.keys.push_back(ParsePublicKey(text, path));
        } catch (const ImportError& e) {
            out.skipped.push_back(std::string(e.what()) + "; it was skipped");
        }
    }
    return out;
}

std::string PublicKeyLine(const std::string& pub_path) {
    std::string text;
    try {
        text = ReadSmallFile(pub_path, 4096);
    } catch (const IoError& e) {
        throw ImportError("cannot read the public key " + pub_path + " (" + e.what() + ")");
    }
    const PublicKey key = ParsePublicKey(text, pub_path);
    std::array<uint8_t, 42> raw{'E', 'd'};
    std::copy(key.key_id.begin(), key.key_id.end(), raw.begin() + 2);
    std::copy(key.key.begin(), key.key.end(), raw.begin() + 10);
    std::string b64(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    b64.resize(std::strlen(b64.c_str()));
    return b64;
}

Signature ParseSignature(const std::string& text, const std::string& file) {
    InitSodium();
    const auto lines = Lines(text);
    const std::string bad = file + " is not a minisign signature; sign the package again with "
                                   "minisign -S -m and copy both files";
    if (lines.size() != 4 || !StartsWith(lines[0], kUntrusted) || !StartsWith(lines[2], kTrusted))
        throw ImportError(bad);
    std::array<uint8_t, 74> raw{};
    Signature sig;
    if (!Base64Exact(lines[1], raw.data(), raw.size()) ||
        !Base64Exact(lines[3], sig.global_signature.data(), sig.global_signature.size()))
        throw ImportError(bad);
    if (raw[0] != 'E' || (raw[1] != 'd' && raw[1] != 'D')) throw ImportError(bad);
    sig.prehashed = raw[1] == 'D';
    std::copy(raw.begin() + 2, raw.begin() + 10, sig.key_id.begin());
    std::copy(raw.begin() + 10, raw.end(), sig.signature.begin());
    sig.trusted_comment = lines[2].substr(std::strlen(kTrusted));
    sig.text = text;
    return sig;
}

const PublicKey* FindSigner(const std::vector<PublicKey>& keys, const Signature& sig) {
    for (const auto& k : keys)
        if (k.key_id == sig.key_id) return &k;
    return nullptr;
}

std::string LegacySignatureProblem(const Signature& sig, const std::string& name) {
    if (sig.prehashed) return "";
    return name +
           " is signed in minisign's old format (-l), which this kiosk does not accept; "
           "sign it again without -l (minisign -S -m " +
           name + ") and copy both files";
}

StreamVerifier::StreamVerifier(const Signature& sig) : m_sig(sig) {
    InitSodium();
    if (!sig.prehashed) throw ImportError(LegacySignatureProblem(sig, "the package"));
    crypto_generichash_init(&m_state, nullptr, 0, crypto_generichash_BYTES_MAX);
}

void StreamVerifier::Update(const uint8_t* data, size_t size) {
    crypto_generichash_update(&m_state, data, size);
}

bool StreamVerifier::Verify(const PublicKey& key) {
    if (m_sig.key_id != key.key_id) return false;
    std::array<uint8_t, crypto_generichash_BYTES_MAX> hash{};
    crypto_generichash_final(&m_state, hash.data(), hash.size());
    if (crypto_sign_verify_detached(m_sig.signature.data(), hash.data(), hash.size(),
                                    key.key.data()) != 0)
        return false;
    // As minisign -V does: the trusted comment is only trusted when its own
    // signature (over the file signature and the comment) holds.
    std::vector<uint8_t> global(m_sig.signature.begin(), m_sig.signature.end());
    global.insert(global.end(), m_sig.trusted_comment.begin(), m_sig.trusted_comment.end());
    return crypto_sign_verify_detached(m_sig.global_signature.data(), global.data(), global.size(),
                                       key.key.data()) == 0;
}

CopyTag::CopyTag() {
    InitSodium();
    randombytes_buf(m_key.data(), m_key.size());
    crypto_onetimeauth_init(&m_state, m_key.data());
}

void CopyTag::Update(const uint8_t* data, size_t size) {
    crypto_onetimeauth_update(&m_state, data, size);
}

CopyTag::Tag CopyTag::Final() {
    Tag tag{};
    crypto_onetimeauth_final(&m_state, tag.data());
    return tag;
}

bool FileHasTag(int fd, const ReadFn& read, const CopyTag::Key& key, const CopyTag::Tag& tag) {
    crypto_onetimeauth_state state{};
    crypto_onetimeauth_init(&state, key.data());
    if (::lseek(fd, 0, SEEK_SET) != 0) throw IoError("cannot rewind the package", errno);
    // Tagged on a second thread while the next chunk is read.
    ReadToEndTwice(
        fd, read, [](const uint8_t*, size_t) {},
        [&](const uint8_t* p, size_t n) { crypto_onetimeauth_update(&state, p, n); });
    CopyTag::Tag got{};
    crypto_onetimeauth_final(&state, got.data());
    return crypto_verify_16(got.data(), tag.data()) == 0;
}

bool VerifyFile(int fd, const ReadFn& read, const Signature& sig, const PublicKey& key,
                const std::function<void(uint64_t)>& progress) {
    StreamVerifier verifier(sig);
    if (sig.key_id != key.key_id) return false;
    if (::lseek(fd, 0, SEEK_SET) != 0) throw IoError("cannot rewind the package", errno);
    uint64_t done = 0;
    ReadToEnd(fd, read, [&](const uint8_t* p, size_t n) {
        verifier.Update(p, n);
        done += n;
        if (progress) progress(done);
    });
    return verifier.Verify(key);
}

} // namespace kiosk
