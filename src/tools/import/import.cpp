// [SECTION] Messages
// [SECTION] What the kiosk has now
// [SECTION] Checking the stick's packages
// [SECTION] Choosing one
// [SECTION] Copying, verifying the copy, switching
// [SECTION] RunImport
//
// Order of trust: each package on the stick is read once, from one open
// descriptor, and every byte read is both hashed and written to a copy in the
// state folder, which nobody else writes. Only that copy is ever parsed, and
// only after its signature held: a stick that changes a file (or answers a
// second read differently) cannot put unsigned words on the screen or in the
// report. Sizes are checked before a byte is read. The chosen copy is checked
// again from the disk before `current` moves to it.

#include "tools/import/import.h"

#include "core/error.h"
#include "storage/package.h"
#include "storage/state_folder.h"
#include "storage/validate.h"
#include "tools/import/minisign.h"
#include "tools/import/stick.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <future>
#include <memory>
#include <optional>
#include <regex>
#include <set>

namespace kiosk {

// [SECTION] Messages -------------------------------------------------------

namespace {

// Progress of the whole import: signatures and sizes 0..0.05, copying (and
// hashing) each package and SQLite's structure check of its copy 0.05..0.80,
// checking the chosen copy 0.80..1 (every image's header and layout and every
// font, while the copy is read back from the disk and hashed again beside
// them). The copy is most of the time: the checks read what it wrote at the
// speed of the disk and decode no pixels.
constexpr double kCopyStart = 0.05, kVerifyStart = 0.80, kImagesDone = 0.95;
// Of each package's part of 0.05..0.80: the copy; the rest is its structure check.
constexpr double kCopyShare = 0.85;

std::string Plural(size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string Quoted(const std::string& s) {
    return "'" + s + "'";
}

// Package errors name the file by its path; the curator knows it by the name
// on the stick.
std::string Renamed(std::string message, const std::string& path, const std::string& name) {
    for (size_t pos; !path.empty() && (pos = message.find(path)) != std::string::npos;)
        message.replace(pos, path.size(), name);
    return message;
}

bool IsStickGone(int err) {
    return err == EIO || err == ENODEV || err == ENXIO || err == ENOENT || err == ESTALE ||
           err == ENOTCONN;
}

// The stick stopped answering: no other package on it is worth trying.
struct StickGone : ImportError {
    explicit StickGone(const char* while_doing)
        : ImportError(std::string("the stick was removed or failed while ") + while_doing +
                      "; nothing was changed") {}
};

ImportError DiskFailed(int err) {
    if (err == ENOSPC || err == EDQUOT)
        return ImportError("the kiosk's disk became full while copying; nothing was changed; ask "
                           "the technician to make room");
    return ImportError("the kiosk could not save the copy (" + ErrnoText(err) +
                       "); nothing was changed");
}

// Bytes of the copy written before its writeback to the disk is started.
constexpr uint64_t kWritebackStep = 8ull << 20;

std::string MegaBytes(uint64_t bytes) {
    return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB";
}

// [SECTION] What the kiosk has now -----------------------------------------

struct Installed {
    std::string file;
    std::string id;
    int64_t version = 0;
    std::string title;
    bool damaged = false; // `current` does not open: any version of its id repairs it
};

std::optional<Installed> ReadInstalled(const StateFolder& state,
                                       std::vector<std::string>& details) {
    const auto file = state.CurrentFile();
    if (!file) return std::nullopt;
    Installed in;
    in.file = *file;
    try {
        const Package pkg = Package::Open(state.ExhibitsDir() + "/" + *file);
        in.id = pkg.exhibit().id;
        in.version = pkg.exhibit().version;
        in.title = TitleFor(pkg.exhibit(), pkg.exhibit().default_language);
        return in;
    } catch (const PackageError& e) {
        // Its name still says which exhibit it was: <id>-v<version>.kiosk.
        static const std::regex name_re("([a-z0-9][a-z0-9-]*)-v([0-9]{1,18})\\.kiosk");
        std::smatch m;
        if (!std::regex_match(*file, m, name_re)) return std::nullopt;
        details.push_back("The exhibit this kiosk was showing cannot be opened (" +
                          std::string(e.what()) + "); a good package of it replaces it.");
        in.id = m[1];
        in.version = std::stoll(m[2]);
        in.title = in.id;
        in.damaged = true;
        return in;
    }
}

// [SECTION] Checking the stick's packages ----------------------------------

// Removes the temporary copy unless the install went through.
class PartialGuard {
  public:
    explicit PartialGuard(std::string path) : m_path(std::move(path)) {}
    ~PartialGuard() {
        if (!m_path.empty()) ::unlink(m_path.c_str());
    }
    PartialGuard(const PartialGuard&) = delete;
    PartialGuard& operator=(const PartialGuard&) = delete;
    void Release() { m_path.clear(); }

  private:
    std::string m_path;
};

struct Candidate {
    StickPackage stick;
    Signature sig;
    PublicKey key;
    uint64_t size = 0;
    std::string id;
    int64_t version = 0;
    std::string title;
    size_t panels = 0, languages = 0;
    // The verified copy in the state folder; only it is ever parsed. Empty
    // (and the file gone) once a better candidate made it unneeded.
    std::string copy;
    std::shared_ptr<PartialGuard> guard;
    // The copy read back from the disk (not the page cache), on its own
    // thread while the copy is checked: true when it gave the tag of the
    // bytes written (CopyTag). Throws IoError from get() when it cannot be read.
    std::shared_future<bool> read_back;
    // The deep check of the copy (CheckPackage: every text, reference, image
    // header, font and media file), begun on its own thread as soon as the
    // signature held, while SQLite's quick_check reads the whole file on
    // another: a stick usually holds one package, and its check is then done
    // by the time it is chosen. Only a chosen copy's problems count; it is
    // installed only if its quick_check passed too (Describe).
    std::shared_future<std::vector<std::string>> deep;
    // Stops the deep check when its answer is no longer wanted: the copy was
    // dropped for a better one, or the import ends without installing it
    // (nothing to do, refused, the stick pulled). Declared after `deep`, so
    // that it stops the check before `deep` waits for it to end.
    struct StopDeep {
        std::shared_ptr<std::atomic<bool>> flag = std::make_shared<std::atomic<bool>>(false);
        StopDeep() = default;
        StopDeep(StopDeep&&) = default;
        StopDeep& operator=(StopDeep&&) = default;
        StopDeep(const StopDeep&) = delete;
        StopDeep& operator=(const StopDeep&) = delete;
        ~StopDeep() { Now(); }
        void Now() const {
            if (flag) flag->store(true);
        }
    } stop_deep;
};

struct Context {
    const ImportOptions& opt;
    StatusFile& status;
    std::vector<std::string>& details;
    void Step(const char* name) const {
        if (opt.on_step) opt.on_step(name);
    }
};

uint64_t FileSize(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// Reads the copy back from the disk (not the page cache: SD cards fail
// quietly; OpenFromDisk) on a thread of its own and compares its tag with the
// bytes written. Nothing is installed before it said true.
std::shared_future<bool> StartReadBack(const std::string& copy, const CopyTag::Key& key,
                                       const CopyTag::Tag& tag) {
    UniqueFd fd;
    try {
        fd = OpenFromDisk(copy);
    } catch (const IoError& e) {
        std::promise<bool> failed;
        failed.set_exception(std::make_exception_ptr(e));
        return failed.get_future().share();
    }
    return std::async(std::launch::async, [fd = std::move(fd), key,
                                           tag] { return FileHasTag(fd.get(), ::read, key, tag); })
        .share();
}

// Reads id, version and counts from a package opened as untrusted input (its
// header and schema checked before any query), while `structure` runs
// SQLite's quick_check of the whole file on another thread; a package the
// quick_check finds damaged is refused for that, whatever the queries met.
// Throws ImportError naming the package by `name`.
void Describe(const std::string& path, const std::string& name, Candidate& c,
              std::future<std::string> structure) {
    auto damaged = [&]() -> std::optional<ImportError> {
        const std::string problem = structure.get();
        if (problem.empty()) return std::nullopt;
        return ImportError(Renamed(problem, path, name));
    };
    try {
        const Package pkg = Package::Open(path, false);
        const Exhibit& ex = pkg.exhibit();
        c.id = ex.id;
        c.version = ex.version;
        c.title = TitleFor(ex, ex.default_language);
        c.panels = ex.panels.size();
        c.languages = ex.languages.size();
    } catch (const PackageError& e) {
        if (auto problem = damaged()) throw *problem;
        throw ImportError(Renamed(e.what(), path, name));
    }
    if (auto problem = damaged()) throw *problem;
    if (!IsValidId(c.id))
        throw ImportError(name + " has the exhibit id " + Quoted(Printable(c.id)) +
                          ", which kiosk-pack would not write; build it again with kiosk-pack");
}

void RequireRoom(Context& ctx, uint64_t size) {
    uint64_t free_bytes = 0;
    try {
        free_bytes = ctx.opt.ops.free_space(ctx.opt.state_dir + "/exhibits");
    } catch (const IoError& e) {
        throw ImportError("the kiosk cannot measure its free disk space (" + ErrnoText(e.err) +
                          "); nothing was changed");
    }
    if (free_bytes < size + ctx.opt.free_space_margin)
        throw ImportError("the kiosk's disk is too full: the new exhibit needs " +
                          MegaBytes(size + ctx.opt.free_space_margin) + " and only " +
                          MegaBytes(free_bytes) +
                          " are free; nothing was changed; ask the technician to make room");
}

// Signature file, trusted key and sizes first, without reading the package;
// then one pass over the stick's file from one open descriptor that hashes
// every byte (on a second thread) and writes it to `copy`; the copy is parsed
// only when the signature holds, and then checked on two threads while this
// one waits for the disk, and read back from the disk on a third.
// Throws ImportError for this package's own problems; a stick that stops
// answering is a StickGone, which ends the import.
Candidate CheckCandidate(Context& ctx, const StickPackage& stick,
                         const std::vector<PublicKey>& keys, const std::string& copy,
                         uint64_t done_before, uint64_t total) {
    const std::string& name = stick.name;
    if (stick.signature_path.empty())
        throw ImportError(name + " has no signature file " + name +
                          ".minisig beside it; sign it with minisign -S -m " + name +
                          " and copy both files");
    Candidate c;
    c.stick = stick;
    try {
        c.sig = ParseSignature(ReadSmallFile(stick.signature_path, 8192), name + ".minisig");
    } catch (const IoError& e) {
        if (IsStickGone(e.err)) throw StickGone("it was being read");
        throw ImportError(name + ".minisig cannot be read (" + ErrnoText(e.err) + ")");
    }
    const PublicKey* key = FindSigner(keys, c.sig);
    if (!key)
        throw ImportError(name + " is signed with a key this kiosk does not trust (key " +
                          KeyIdText(c.sig.key_id) +
                          "); ask the technician to add your public key to the kiosk");
    c.key = *key;
    if (const std::string legacy = LegacySignatureProblem(c.sig, name); !legacy.empty())
        throw ImportError(legacy);
    UniqueFd src;
    try {
        src = OpenRegularForReading(stick.path);
        struct stat st {};
        if (::fstat(src.get(), &st) != 0) throw IoError("stat", errno);
        c.size = static_cast<uint64_t>(st.st_size);
    } catch (const IoError& e) {
        if (IsStickGone(e.err) || e.err == EINTR) throw StickGone("it was being read");
        throw ImportError(name + " cannot be read (" + ErrnoText(e.err) + ")");
    }
    // Before a byte is hashed: a huge or sparse file would hold the import
    // (and the screen's "Checking…") for hours.
    if (c.size > kMaxPackageBytes)
        throw ImportError(name + " is " + MegaBytes(c.size) + ", more than the " +
                          MegaBytes(kMaxPackageBytes) +
                          " an exhibit package may be; use smaller or fewer images");
    RequireRoom(ctx, c.size);

    c.guard = std::make_shared<PartialGuard>(copy);
    UniqueFd dst(::open(copy.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!dst)
        throw ImportError("the kiosk cannot write its exhibit folder (" + ErrnoText(errno) +
                          "); nothing was changed");
    StreamVerifier verifier(c.sig);
    CopyTag written;
    uint64_t copied = 0;
    // This package's part of the copying phase: its bytes among all on the
    // stick, most of it for the copy itself, the rest for its structure check.
    auto progress = [&](double bytes_of_this) {
        return kCopyStart + (kVerifyStart - kCopyStart) *
                                (static_cast<double>(done_before) + bytes_of_this) /
                                static_cast<double>(std::max<uint64_t>(total, 1));
    };
    const FileOps& ops = ctx.opt.ops;
    try {
        // The signature's BLAKE2b (the slowest pass) runs on a thread of its
        // own over the very bytes read here, while this one tags and writes them.
        const auto copy_chunk = [&](const uint8_t* p, size_t n) {
            if (copied + n > c.size)
                throw ImportError(name +
                                  " grew on the stick while it was being read; copy it again");
            written.Update(p, n);
            try {
                WriteAll(dst.get(), ops.write_target, p, n);
            } catch (const IoError& e) {
                throw DiskFailed(e.err);
            }
            // Start writing to the disk now, while the rest is hashed, rather
            // than all of it in the final fsync. Only a hint: the fsync below
            // is what makes the copy durable and reports its errors.
            if ((copied + n) / kWritebackStep != copied / kWritebackStep)
                ::sync_file_range(dst.get(),
                                  static_cast<off_t>(copied / kWritebackStep * kWritebackStep),
                                  static_cast<off_t>(kWritebackStep), SYNC_FILE_RANGE_WRITE);
            if (copied == 0) {
                ctx.status.Set(Phase::Copying, ctx.status.current().progress,
                               "Copying the new exhibit to the kiosk… (" + name + ")");
                ctx.Step("copying");
            }
            copied += n;
            ctx.status.Progress(progress(static_cast<double>(copied) * kCopyShare));
        };
        ReadToEndTwice(src.get(), ops.read_source, copy_chunk,
                       [&verifier](const uint8_t* p, size_t n) { verifier.Update(p, n); });
    } catch (const IoError&) {
        throw StickGone("copying");
    }
    if (copied != c.size)
        throw ImportError(name + " changed on the stick while it was being read; copy it again");
    if (!verifier.Verify(c.key))
        throw ImportError("the signature does not match the file " + name +
                          "; copy both files again");
    // The bytes written are the signed ones: the checks read them from
    // memory while they go to the disk, and the read-back then reads what
    // the disk stored. Without O_DIRECT the read-back must first drop the
    // copy from the page cache, which pages the checks map would survive:
    // there the checks wait for it.
    std::future<std::string> structure;
    const auto start_checks = [&] {
        structure = std::async(std::launch::async, [copy] { return QuickCheck(copy, true); });
        c.deep = std::async(std::launch::async, [copy, stop = c.stop_deep.flag] {
                     return CheckPackage(copy, true, stop.get());
                 }).share();
    };
    const bool checks_first = ReadsPastPageCache(copy);
    if (checks_first) start_checks();
    try {
        SyncFd(dst.get(), copy);
        dst.Close(copy);
    } catch (const IoError& e) {
        throw DiskFailed(e.err);
    }
    ctx.Step("copied");
    c.copy = copy;
    c.read_back = StartReadBack(copy, written.key(), written.Final());
    if (!checks_first) start_checks();
    ctx.status.Set(Phase::Copying, ctx.status.current().progress,
                   "Checking the copy of " + name + "…");
    Describe(copy, name, c, std::move(structure));
    ctx.status.Progress(progress(static_cast<double>(c.size)));
    return c;
}

// [SECTION] Choosing one ---------------------------------------------------

struct Outcomes {
    Outcome outcome;
    std::string message;
};

// Rejected for the first problem; the report lists the others (unless
// `details` has every problem already).
Outcomes RejectFor(const std::vector<std::string>& problems, std::vector<std::string>& details,
                   bool listed = false) {
    std::string m = "Not installed: " + problems.front();
    if (problems.size() > 1)
        m += " (the report on the stick lists " + Plural(problems.size() - 1, "more problem") + ")";
    for (size_t i = 1; !listed && i < problems.size(); ++i)
        details.push_back("Also not used: " + problems[i]);
    return {Outcome::Rejected, m};
}

// [SECTION] Copying, verifying the copy, switching -------------------------

// Gives an installed file the owner of the exhibits folder (the board's
// kiosk-setup makes it kiosk:kiosk), so imported packages look like the rest.
// Best effort: root-owned 0644 files are just as readable for the kiosk.
void MatchFolderOwner(const std::string& path, const std::string& folder) {
    struct stat dir {};
    if (::stat(folder.c_str(), &dir) == 0) (void)!::lchown(path.c_str(), dir.st_uid, dir.st_gid);
}

// The rest of the check of the chosen copy, which Describe opened already
// (quick_check, ids, texts): every image's header and layout, every font, the
// exhibit's rules; then the read-back of the copy from the disk must have
// matched the signature.
void VerifyCopy(Context& ctx, const Candidate& c, const std::string& partial) {
    const std::string& name = c.stick.name;
    const auto problems = c.deep.get();
    if (!problems.empty()) {
        for (const auto& p : problems)
            ctx.details.push_back(name + ": " + Renamed(p, partial, name));
        throw ImportError(name + ": " + Renamed(problems.front(), partial, name) +
                          (problems.size() > 1
                               ? " (and " + Plural(problems.size() - 1, "more problem") + ")"
                               : ""));
    }
    ctx.status.Progress(kImagesDone);
    bool ok = false;
    try {
        ok = c.read_back.get();
    } catch (const IoError& e) {
        throw ImportError("the copy on the kiosk cannot be read back (" + ErrnoText(e.err) +
                          "); nothing was changed; the kiosk's disk may be failing");
    }
    if (!ok)
        throw ImportError("the copy of " + name +
                          " on the kiosk's disk is not what was written (the kiosk's disk may be "
                          "failing); nothing was changed; copy both files again");
}

Outcomes Install(Context& ctx, const StateFolder& state, const Candidate& c) {
    const std::string file = c.id + "-v" + std::to_string(c.version) + ".kiosk";
    const std::string final_path = state.ExhibitsDir() + "/" + file;
    const std::string& partial = c.copy;

    ctx.status.Set(Phase::Verifying, kVerifyStart,
                   "Checking the copy of " + Quoted(c.title) + " version " +
                       std::to_string(c.version) + "…");
    VerifyCopy(ctx, c, partial);
    ctx.Step("verified");

    // The signature goes first: once the package has its final name, the
    // admin panel can always find who signed it.
    try {
        MatchFolderOwner(partial, state.ExhibitsDir());
        ReplaceFile(final_path + ".minisig", c.sig.text, true);
        MatchFolderOwner(final_path + ".minisig", state.ExhibitsDir());
        ctx.Step("signature-saved");
        if (::rename(partial.c_str(), final_path.c_str()) != 0)
            throw IoError("cannot rename " + partial, errno);
        c.guard->Release();
        SyncDir(state.ExhibitsDir());
        ctx.Step("renamed");
        state.SwitchCurrent(file);
        ctx.Step("switched");
    } catch (const IoError& e) {
        throw ImportError("the kiosk could not switch to the new exhibit (" +
                          std::string(e.what()) + "); it keeps showing the previous one");
    }
    // From here on the new exhibit is installed; what fails now is only noted.
    try {
        for (const auto& gone : state.Prune(ctx.opt.keep_previous))
            ctx.details.push_back("Removed the older package " + gone + ".");
    } catch (const IoError& e) {
        ctx.details.push_back(std::string("Older packages could not be removed: ") + e.what());
    }
    ctx.Step("pruned");
    return {Outcome::Installed, "Installed " + Quoted(c.title) + " version " +
                                    std::to_string(c.version) + ": " + Plural(c.panels, "panel") +
                                    ", " + Plural(c.languages, "language")};
}

Outcomes Run(Context& ctx, const StateFolder& state) {
    const ImportOptions& opt = ctx.opt;
    const auto installed = ReadInstalled(state, ctx.details);
    const StickScan scan = ScanStick(opt.source_dir);
    std::vector<std::string> problems = scan.skipped;
    if (scan.packages.empty()) {
        if (!problems.empty()) return RejectFor(problems, ctx.details);
        return {Outcome::NothingToDo,
                "Nothing to install: the stick has no exhibit package (.kiosk file)"};
    }
    const TrustedKeys trusted = LoadTrustedKeys(opt.trusted_keys_dir);
    for (const auto& skipped : trusted.skipped)
        ctx.details.push_back("Trusted key not used: " + skipped + ".");
    if (trusted.keys.empty()) {
        if (!trusted.skipped.empty())
            throw ImportError("none of this kiosk's trusted keys can be used (" +
                              trusted.skipped.front() +
                              "); the technician must replace it with the curator's .pub file");
        throw ImportError("this kiosk has no trusted keys yet (" + opt.trusted_keys_dir +
                          " holds no .pub file); the technician must add the curator's public key");
    }

    uint64_t total = 0, done = 0;
    for (const auto& p : scan.packages)
        total += FileSize(p.path);
    std::vector<Candidate> verified;
    Candidate* best = nullptr;
    for (size_t i = 0; i < scan.packages.size(); ++i) {
        const StickPackage& p = scan.packages[i];
        const std::string copy =
            state.ExhibitsDir() + "/incoming-" + std::to_string(i) + ".kiosk.partial";
        try {
            verified.push_back(CheckCandidate(ctx, p, trusted.keys, copy, done, total));
            Candidate& c = verified.back();
            ctx.details.push_back(
                p.name + ": exhibit " + Quoted(c.id) + " version " + std::to_string(c.version) +
                ", signed by key " + KeyIdText(c.key.key_id) + " (" + c.key.file +
                "), trusted comment: " + OneLine(Printable(c.sig.trusted_comment)));
        } catch (const StickGone&) {
            throw;
        } catch (const ImportError& e) {
            problems.push_back(e.what());
        }
        done += FileSize(p.path);
        // Only the best copy so far stays on the kiosk's disk.
        best = nullptr;
        for (auto& c : verified)
            if (!best || c.version > best->version) best = &c;
        for (auto& c : verified)
            if (&c != best && c.guard) {
                c.stop_deep.Now();
                c.guard.reset();
                c.copy.clear();
            }
    }
    if (verified.empty()) return RejectFor(problems, ctx.details);
    // Something is usable; whatever happens next, the curator hears about the rest.
    for (const auto& p : problems)
        ctx.details.push_back("Not used: " + p);

    std::set<std::string> ids;
    for (const auto& c : verified)
        ids.insert(c.id);
    if (ids.size() > 1) {
        std::string names;
        for (const auto& id : ids)
            names += (names.empty() ? "" : ", ") + Quoted(id);
        return {Outcome::Rejected,
                "Not installed: the stick holds packages of different exhibits (" + names +
                    "); leave only one exhibit on it"};
    }
    if (installed && best->id != installed->id && !opt.allow_other_exhibit)
        return {Outcome::Rejected,
                "Not installed: " + best->stick.name + " is the exhibit " + Quoted(best->id) +
                    ", but this kiosk shows " + Quoted(installed->id) +
                    "; to change exhibits the technician must allow it (allow_other_exhibit)"};
    const bool same = installed && best->id == installed->id;
    if (same && !installed->damaged && best->version == installed->version) {
        if (!problems.empty()) return RejectFor(problems, ctx.details, true);
        return {Outcome::NothingToDo, "Nothing to install: version " +
                                          std::to_string(installed->version) + " of " +
                                          Quoted(installed->title) + " is already installed"};
    }
    if (same && !installed->damaged && best->version < installed->version && !opt.allow_older) {
        if (!problems.empty()) return RejectFor(problems, ctx.details, true);
        return {Outcome::NothingToDo,
                "Nothing to install: the stick has version " + std::to_string(best->version) +
                    ", older than the version " + std::to_string(installed->version) + " of " +
                    Quoted(installed->title) + " installed on this kiosk"};
    }
    ctx.Step("chosen");
    return Install(ctx, state, *best);
}

// A full data partition stops imports and the kiosk's own records; the
// curator takes this line home on the stick, first in the report.
void WarnIfDiskFull(Context& ctx) {
    try {
        const uint64_t free_bytes = ctx.opt.ops.free_space(ctx.opt.state_dir);
        if (free_bytes >= ctx.opt.free_space_margin) return;
        ctx.details.insert(ctx.details.begin(),
                           "WARNING: the kiosk's disk is full (" + MegaBytes(free_bytes) +
                               " free): it cannot install an exhibit and may not record "
                               "visits; ask the technician to make room.");
    } catch (const IoError&) {
        // Unmeasurable: the copy's own check says so if it matters.
    }
}

std::string Hostname() {
    char name[256] = "";
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

} // namespace

// [SECTION] RunImport ------------------------------------------------------

int ExitCode(Outcome outcome) {
    switch (outcome) {
    case Outcome::Installed:
        return 0;
    case Outcome::NothingToDo:
        return 3;
    case Outcome::Rejected:
        return 1;
    }
    return 1;
}

ImportResult RunImport(const ImportOptions& opt) {
    auto warn = [&](const std::string& w) {
        if (opt.on_warning) opt.on_warning(w);
    };
    ImportResult result;
    StatusFile status(opt.state_dir, opt.on_status, warn);
    Context ctx{opt, status, result.details};
    std::optional<StateFolder> state;
    // Held until the outcome is written, so a second import's status never
    // interleaves with this one's.
    std::optional<ImportLock> lock;
    Outcomes out{Outcome::Rejected, ""};
    try {
        state.emplace(opt.state_dir);
        lock.emplace(state->dir(), [&] { warn("Waiting for another import to finish."); });
        status.Set(Phase::Checking, 0, "Checking the new exhibit…");
        state->CleanStale();
        // Finishes a pruning that a crash interrupted after an earlier switch;
        // never touches `current`, so it is safe before the checks.
        try {
            state->Prune(opt.keep_previous);
        } catch (const IoError& e) {
            warn(std::string("Older packages could not be removed (") + e.what() + ").");
        }
        ctx.Step("started");
        WarnIfDiskFull(ctx);
        out = Run(ctx, *state);
        if (out.outcome == Outcome::Installed) result.installed_file = *state->CurrentFile();
    } catch (const ImportError& e) {
        out = {Outcome::Rejected, std::string("Not installed: ") + e.what()};
    } catch (const IoError& e) {
        out = {Outcome::Rejected,
               std::string("Not installed: the kiosk cannot use its state folder (") + e.what() +
                   "); nothing was changed"};
    } catch (const std::exception& e) {
        out = {Outcome::Rejected, std::string("Not installed: an unexpected problem (") + e.what() +
                                      "); nothing was changed"};
    }
    result.outcome = out.outcome;
    result.message = out.message;

    ReportContent report;
    report.when = std::time(nullptr);
    report.hostname = opt.hostname.empty() ? Hostname() : opt.hostname;
    report.outcome = result.outcome;
    report.message = result.message;
    report.details = result.details;
    if (state) {
        try {
            report.installed = state->Listing();
            report.visits = ReadSmallFile(opt.state_dir + "/visits-report.txt", 1 << 20);
        } catch (const IoError&) {
            // No visit statistics yet (or no listing): the report says less.
        }
    }
    try {
        result.report_path = WriteStickReport(opt.source_dir, ReportText(report), report.when);
    } catch (const IoError& e) {
        warn(std::string("The report could not be written to the stick (") + e.what() + ").");
    }
    try {
        AppendImportLog(opt.state_dir, report.when, result.outcome, result.message);
    } catch (const IoError& e) {
        warn(std::string("The import log could not be written (") + e.what() + ").");
    }
    const Phase final_phase = result.outcome == Outcome::Installed     ? Phase::Installed
                              : result.outcome == Outcome::NothingToDo ? Phase::Nothing
                                                                       : Phase::Rejected;
    status.Set(final_phase, 1.0, result.message);
    return result;
}

} // namespace kiosk
