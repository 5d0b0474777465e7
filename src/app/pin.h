// The staff PIN, stored only as a libsodium crypto_pwhash (Argon2id) string
// in kiosk.toml's [admin] pin_hash.
#pragma once

#include <string>

namespace kiosk {

// Hashes a PIN of 4 to 12 digits. Throws ConfigError for anything else.
std::string HashPin(const std::string& pin);

// True when `pin` matches `hash` (a crypto_pwhash string). False for an empty hash.
bool VerifyPin(const std::string& pin, const std::string& hash);

// Sets [admin] pin_hash in the config file at `path`, keeping every other
// line (and its comments) as it was; written to a temporary file and renamed.
// Throws ConfigError.
void StorePinHash(const std::string& path, const std::string& hash);

} // namespace kiosk
