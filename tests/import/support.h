// Fixtures for the import tests: minisign keys made with the real minisign
// CLI, packages built once per test run with kiosk::BuildPackage and varied
// with SQL, and a kiosk in a temporary folder (stick/, state/, keys/) with
// helpers to look at what an import left behind.
#pragma once

#include "support/fixtures.h"
#include "support/packages.h"
#include "support/temp_dir.h"
#include "tools/import/import.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiosk::test {

// [SECTION] Keys and signatures --------------------------------------------

inline void Run(const std::string& command) {
    if (std::system((command + " </dev/null >/dev/null 2>&1").c_str()) != 0)
        throw std::runtime_error("failed: " + command);
}

// A minisign key pair without a password, made by `minisign -G -W`.
struct KeyPair {
    std::string pub, sec;
};

// The shared scratch folder of one test process: keys and base packages are
// made once and reused by every test.
inline const TempDir& Scratch() {
    static TempDir dir;
    return dir;
}

inline KeyPair MakeKeyPair(const std::string& name) {
    KeyPair k{Scratch() / (name + ".pub"), Scratch() / (name + ".sec")};
    if (!fs::exists(k.pub)) Run("minisign -G -W -p " + k.pub + " -s " + k.sec);
    return k;
}

inline const KeyPair& TrustedKey() {
    static const KeyPair k = MakeKeyPair("curator");
    return k;
}
inline const KeyPair& StrangerKey() {
    static const KeyPair k = MakeKeyPair("stranger");
    return k;
}

enum class Signing { Prehashed, Legacy, Stranger, None };

// Signs `file` into `file.minisig` the way a curator does (minisign -S -m).
inline void Sign(const std::string& file, Signing how = Signing::Prehashed) {
    if (how == Signing::None) return;
    const KeyPair& k = how == Signing::Stranger ? StrangerKey() : TrustedKey();
    Run(std::string("minisign -S") + (how == Signing::Legacy ? " -l" : "") + " -s " + k.sec +
        " -m " + file + " -x " + file + ".minisig");
}

// [SECTION] Packages -------------------------------------------------------

// The sample exhibit ("sample-exhibit" version 7: 3 panels, 3 languages),
// built once per test process.
inline const std::string& SamplePackage() {
    static const std::string path = [] {
        WriteSampleExhibit(Scratch().path() / "sample-src");
        return BuildOrThrow(Scratch().path() / "sample-src", Scratch() / "sample.kiosk");
    }();
    return path;
}

// The minimal exhibit, given the sample's id so it can replace it: 1 panel,
// 1 language.
inline const std::string& SmallPackage() {
    static const std::string path = [] {
        const fs::path src = Scratch().path() / "small-src";
        WriteMinimalExhibit(src);
        ReplaceInFile(src / "exhibit.toml", "id = \"minimal\"", "id = \"sample-exhibit\"");
        return BuildOrThrow(src, Scratch() / "small.kiosk");
    }();
    return path;
}

// A copy of `base` at `out` with another version (and id, when given).
inline std::string Variant(const std::string& base, const std::string& out, int64_t version,
                           const std::string& id = "") {
    CopyOf(base, out);
    SqlExec(out,
            "UPDATE exhibit SET value = '" + std::to_string(version) + "' WHERE key = 'version'");
    if (!id.empty()) SqlExec(out, "UPDATE exhibit SET value = '" + id + "' WHERE key = 'id'");
    return out;
}

// [SECTION] A kiosk in a folder --------------------------------------------

// Every file under state/exhibits with its bytes, and where `current` points:
// what "the installed exhibit is byte-for-byte unchanged" compares.
struct Snapshot {
    std::string current;
    std::map<std::string, std::string> files;
    bool operator==(const Snapshot& o) const { return current == o.current && files == o.files; }
};

class Kiosk {
  public:
    Kiosk() {
        fs::create_directories(m_tmp.path() / "stick");
        fs::create_directories(m_tmp.path() / "keys");
        fs::copy_file(TrustedKey().pub, m_tmp.path() / "keys/curator.pub");
    }

    std::string stick() const { return m_tmp / "stick"; }
    std::string state() const { return m_tmp / "state"; }
    std::string keys() const { return m_tmp / "keys"; }
    std::string tmp(const std::string& name) const { return m_tmp / name; }

    // Copies `package` to the stick as `name` and signs it there.
    std::string Put(const std::string& package, const std::string& name,
                    Signing how = Signing::Prehashed) const {
        const std::string dst = stick() + "/" + name;
        CopyOf(package, dst);
        Sign(dst, how);
        return dst;
    }

    // Empties the stick (keeps nothing, reports included).
    void ClearStick() const {
        fs::remove_all(stick());
        fs::create_directories(stick());
    }

    ImportOptions Options() const {
        ImportOptions o;
        o.source_dir = stick();
        o.state_dir = state();
        o.trusted_keys_dir = keys();
        o.hostname = "test-kiosk";
        o.free_space_margin = 1 << 20;
        return o;
    }

    ImportResult Import() const { return RunImport(Options()); }
    ImportResult Import(const ImportOptions& o) const { return RunImport(o); }

    // Installs `package` as a fresh kiosk would; throws unless installed.
    void Install(const std::string& package, const std::string& name = "exhibit.kiosk") const {
        ClearStick();
        Put(package, name);
        const ImportResult r = Import();
        if (r.outcome != Outcome::Installed)
            throw std::runtime_error("the fixture did not install: " + r.message);
        ClearStick();
    }

    Snapshot Installed() const {
        Snapshot s;
        char target[4096];
        const ssize_t n = ::readlink((state() + "/current").c_str(), target, sizeof target);
        if (n > 0) s.current.assign(target, static_cast<size_t>(n));
        if (fs::exists(state() + "/exhibits"))
            for (const auto& e : fs::directory_iterator(state() + "/exhibits"))
                s.files[e.path().filename().string()] = ReadFile(e.path());
        return s;
    }

    // The one report on the stick ("" when there is none).
    std::string Report() const {
        const fs::path dir = fs::path(stick()) / "kiosk-report";
        if (!fs::exists(dir)) return "";
        const auto names = ListDir(dir);
        return names.empty() ? "" : ReadFile(dir / names.back());
    }

    std::map<std::string, std::string> Status() const {
        std::map<std::string, std::string> kv;
        std::istringstream in(ReadFile(state() + "/import-status"));
        for (std::string line; std::getline(in, line);) {
            const size_t eq = line.find('=');
            if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
        }
        return kv;
    }

    std::string LastLogLine() const {
        std::istringstream in(ReadFile(state() + "/import-log"));
        std::string line, last;
        while (std::getline(in, line))
            last = line;
        return last;
    }

  private:
    TempDir m_tmp;
};

} // namespace kiosk::test
