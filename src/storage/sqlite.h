// RAII handles around sqlite3 and sqlite3_stmt. Every return code is checked;
// a failure throws PackageError carrying sqlite3_errmsg and what was being done.
#pragma once

#include "core/error.h"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiosk {

class Db {
  public:
    Db() = default;
    // Opens `path` with `flags` (SQLITE_OPEN_*). Throws PackageError on failure.
    Db(const std::string& path, int flags);
    ~Db();
    Db(Db&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Db& operator=(Db&& other) noexcept;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    sqlite3* get() const { return m_db; }
    explicit operator bool() const { return m_db != nullptr; }

    // Runs SQL with no results. Throws PackageError("<what>: <errmsg>").
    void Exec(const std::string& sql, const char* what = "running a command");
    // The first column of the first row as integer / text (nullopt when no row).
    std::optional<int64_t> QueryInt(const std::string& sql);
    std::optional<std::string> QueryText(const std::string& sql);

  private:
    sqlite3* m_db = nullptr;
};

class Stmt {
  public:
    Stmt(const Db& db, const std::string& sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& Bind(int index, int64_t value);
    Stmt& Bind(int index, const std::string& value);
    Stmt& Bind(int index, const std::vector<uint8_t>& blob);
    Stmt& BindNull(int index);

    // Steps once: true when a row is ready, false when done. Throws on error.
    bool Step();
    // Steps to completion (for INSERT/UPDATE) and resets.
    void Run();
    void Reset();

    int64_t Int(int col) const;
    std::string Text(int col) const;
    std::vector<uint8_t> Blob(int col) const;
    // The blob without a copy; valid until the next Step, Reset or destruction.
    std::span<const uint8_t> BlobView(int col) const;
    bool IsNull(int col) const;

  private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace kiosk
