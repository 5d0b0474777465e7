// minisign signatures, verified with libsodium exactly as `minisign -V` does:
// the file signature (legacy "Ed" over the file, or prehashed "ED" over its
// BLAKE2b-512 hash) and the global signature over signature || trusted comment.
// Curators sign with plain `minisign -S -m NAME.kiosk`; both kinds are accepted.
#pragma once

#include "storage/files.h"
#include "tools/import/errors.h"

#include <sodium.h>

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

struct TrustedKeys {
    std::vector<PublicKey> keys;      // sorted by file name
    std::vector<std::string> skipped; // "FILE is not a minisign public key ...", one per file
};

// Every `*.pub` file in `dir`, sorted by name. A file that is not a public key
// (malformed, empty, a FIFO or a folder: never opened in a way that blocks) is
// skipped and named in `skipped`, so one technician's mistake does not stop
// every import; the import's report and log name it. Throws ImportError when
// the folder cannot be read.
TrustedKeys LoadTrustedKeys(const std::string& dir);

// The base64 line of a minisign public key file (what `minisign -P` takes),
// checked to be a valid key. For `kiosk-pack pubkey KEYFILE.pub`. Throws
// ImportError when the file cannot be read or is not a minisign public key.
std::string PublicKeyLine(const std::string& pub_path);

// Parses a .minisig file. Throws ImportError naming `file` when it is malformed.
Signature ParseSignature(const std::string& text, const std::string& file);

// The trusted key that made `sig`, or nullptr.
const PublicKey* FindSigner(const std::vector<PublicKey>& keys, const Signature& sig);

// Legacy "Ed" signatures (minisign -l) sign the whole file, which libsodium
// can only verify with the whole file in memory (hundreds of MB, from a stick
// that needs no key to make). They are refused before a byte is read; the
// message says to sign again without -l. "" for a prehashed signature.
std::string LegacySignatureProblem(const Signature& sig, const std::string& name);

// Checks a prehashed signature over bytes fed in as they stream past, so a
// file can be verified and copied in one pass from one open descriptor: the
// bytes that were hashed are exactly the bytes that were written.
class StreamVerifier {
  public:
    // Throws ImportError for a legacy signature (LegacySignatureProblem).
    explicit StreamVerifier(const Signature& sig);
    void Update(const uint8_t* data, size_t size);
    // The file signature by `key` over everything fed in, and the trusted
    // comment's signature. Call once.
    bool Verify(const PublicKey& key);

  private:
    Signature m_sig;
    crypto_generichash_state m_state{};
};

// A tag of the bytes written to the kiosk's copy of a package: Poly1305 under
// a key drawn for this copy alone. Reading the copy back from the disk must
// give the same tag (FileHasTag): that checks what the disk stored, at several
// times the speed of a second BLAKE2b pass (about 2.5 GB/s against 0.7 here).
// The signature itself was checked over exactly the bytes that were written.
class CopyTag {
  public:
    using Key = std::array<uint8_t, 32>;
    using Tag = std::array<uint8_t, 16>;
    CopyTag(); // a fresh random key
    void Update(const uint8_t* data, size_t size);
    Tag Final(); // call once
    const Key& key() const { return m_key; }

  private:
    Key m_key{};
    crypto_onetimeauth_state m_state{};
};

// Reads the open file `fd` from its start to its end through `read`; true
// when its tag under `key` is `tag`. Throws IoError when reading fails.
bool FileHasTag(int fd, const ReadFn& read, const CopyTag::Key& key, const CopyTag::Tag& tag);

// Reads the open file `fd` from its start to its end through `read` and
// checks `sig` made by `key` over it, and the trusted comment's signature.
// `progress` gets the bytes read so far. Returns false when the signature
// does not match; throws IoError when reading fails and ImportError for a
// legacy signature (before reading).
bool VerifyFile(int fd, const ReadFn& read, const Signature& sig, const PublicKey& key,
                const std::function<void(uint64_t)>& progress = {});

} // namespace kiosk
