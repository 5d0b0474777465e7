// minisign signatures, verified with libsodium exactly as `minisign -V` does:
// the file signature (legacy "Ed" over the file, or prehashed "ED" over its
// BLAKE2b-512 hash) and the global signature over signature || trusted comment.
// Curators sign with plain `minisign -S -m NAME.kiosk`; both kinds are accepted.
#pragma once

#include "storage/files.h"
#include "tools/import/errors.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kiosk {

using KeyId = std::array<uint8_t, 8>;

struct PublicKey {
    KeyId key_id{};
    std::array<uint8_t, 32> key{};
    std::string file; // where it was read from, for the report
};

struct Signature {
    bool prehashed = false; // "ED" (minisign's default since 0.10) or legacy "Ed"
    KeyId key_id{};
    std::array<uint8_t, 64> signature{};
    std::string trusted_comment;
    std::array<uint8_t, 64> global_signature{};
    std::string text; // the .minisig file as read, to store beside the package
};

// A minisign key id as minisign prints it ("53DCEB5620F7F51F").
std::string KeyIdText(const KeyId& id);

// Parses a minisign public key file ("untrusted comment: ..." then the base64
// line; a file holding only the base64 line is accepted too). Throws
// ImportError naming the file when it is not a minisign Ed25519 public key.
PublicKey ParsePublicKey(const std::string& text, const std::string& file);

// Every `*.pub` file in `dir`, sorted by name. A file that is not a public key
// is an ImportError (a technician's mistake should be loud, not silently
// weaken the kiosk). Throws ImportError when the folder cannot be read.
std::vector<PublicKey> LoadTrustedKeys(const std::string& dir);

// The base64 line of a minisign public key file (what `minisign -P` takes),
// checked to be a valid key. For `kiosk-pack pubkey KEYFILE.pub`. Throws
// ImportError when the file cannot be read or is not a minisign public key.
std::string PublicKeyLine(const std::string& pub_path);

// Parses a .minisig file. Throws ImportError naming `file` when it is malformed.
Signature ParseSignature(const std::string& text, const std::string& file);

// The trusted key that made `sig`, or nullptr.
const PublicKey* FindSigner(const std::vector<PublicKey>& keys, const Signature& sig);

// Files signed with the legacy "Ed" format are verified in memory (Ed25519
// over the whole file); above this size they are refused with a hint to sign
// without -l.
constexpr uint64_t kMaxLegacySignedBytes = 256ull << 20;

// Reads the open file `fd` from its start to its end through `read` and
// checks `sig` made by `key` over it, and the trusted comment's signature.
// `progress` gets the bytes read so far. Returns false when the signature
// does not match; throws IoError when reading fails and ImportError when a
// legacy-signed file is too large.
bool VerifyFile(int fd, const ReadFn& read, const Signature& sig, const PublicKey& key,
                const std::function<void(uint64_t)>& progress = {});

} // namespace kiosk
