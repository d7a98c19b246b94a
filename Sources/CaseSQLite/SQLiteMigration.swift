/// One forward step of the schema: after it the database is at `version`.
public struct SQLiteMigration: Sendable {
    /// The schema version this migration produces (`PRAGMA user_version` after it).
    public let version: Int32
    /// A short name for logs and errors.
    public let name: String
    /// Changes the schema. Runs inside the migrator's transaction: it must not begin or end
    /// transactions itself.
    public let apply: @Sendable (SQLiteConnection) throws -> Void

    /// A migration to `version` (1 or more) named `name`, doing `apply`.
    public init(version: Int32, name: String, apply: @escaping @Sendable (SQLiteConnection) throws -> Void) {
        precondition(version >= 1, "migration versions start at 1, got \(version) for \(name)")
        self.version = version
        self.name = name
        self.apply = apply
    }
}
