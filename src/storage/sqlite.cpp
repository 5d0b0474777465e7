#include "storage/sqlite.h"

namespace kiosk {

Db::Db(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw PackageError("cannot open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db, 1);
    m_db = db;
}

Db::~Db() {
    sqlite3_close_v2(m_db);
}

Db& Db::operator=(Db&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

void Db::Exec(const std::string& sql, const char* what) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        throw PackageError(std::string(what) + ": " + msg);
    }
}

std::optional<int64_t> Db::QueryInt(const std::string& sql) {
    Stmt st(*this, sql);
    if (!st.Step() || st.IsNull(0)) return std::nullopt;
    return st.Int(0);
}

std::optional<std::string> Db::QueryText(const std::string& sql) {
    Stmt st(*this, sql);
    if (!st.Step() || st.IsNull(0)) return std::nullopt;
    return st.Text(0);
}

Stmt::Stmt(const Db& db, const std::string& sql) : m_db(db.get()) {
    if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr) !=
        SQLITE_OK)
        throw PackageError(std::string("the package cannot be read (") + sqlite3_errmsg(m_db) +
                           ")");
}

Stmt::~Stmt() {
    sqlite3_finalize(m_stmt);
}

Stmt& Stmt::Bind(int index, int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        throw PackageError(sqlite3_errmsg(m_db));
    return *this;
}

Stmt& Stmt::Bind(int index, const std::string& value) {
    if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        throw PackageError(sqlite3_errmsg(m_db));
    return *this;
}

Stmt& Stmt::Bind(int index, const std::vector<uint8_t>& blob) {
    if (sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        throw PackageError(sqlite3_errmsg(m_db));
    return *this;
}

Stmt& Stmt::BindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) throw PackageError(sqlite3_errmsg(m_db));
    return *this;
}

bool Stmt::Step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw PackageError(std::string("the package cannot be read (") + sqlite3_errmsg(m_db) + ")");
}

void Stmt::Run() {
    while (Step()) {
    }
    Reset();
}

void Stmt::Reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int64_t Stmt::Int(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

std::string Stmt::Text(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n))
             : std::string();
}

std::vector<uint8_t> Stmt::Blob(int col) const {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, col));
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

std::span<const uint8_t> Stmt::BlobView(int col) const {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, col));
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::span<const uint8_t>(p, static_cast<size_t>(n)) : std::span<const uint8_t>();
}

bool Stmt::IsNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

} // namespace kiosk
