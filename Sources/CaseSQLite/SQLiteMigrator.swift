/// Brings a database's schema up to date with a list of forward migrations.
///
/// The schema version lives in `PRAGMA user_version`. Each pending migration runs in its own
/// IMMEDIATE transaction together with its `user_version` bump, so a failure leaves the
/// database at the last migration that completed. A database whose version is higher than the
/// last migration this build knows is refused with `SchemaTooNewError`.
public struct SQLiteMigrator: Sendable {
    /// The migrations, in the order they run.
    public let migrations: [SQLiteMigration]

    /// `migrations` must start at version 1 and strictly increase (a programmer error traps).
    public init(_ migrations: [SQLiteMigration]) {
        precondition(
            migrations.count <= SQLiteLimits.maxMigrationCount,
            "\(migrations.count) migrations, more than the \(SQLiteLimits.maxMigrationCount) allowed")
        if let first = migrations.first {
            precondition(first.version == 1, "the first migration must be version 1, got \(first.version) (\(first.name))")
        }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) {
            precondition(
                later.version > earlier.version,
                "migration versions must strictly increase: \(earlier.version) (\(earlier.name)) "
                    + "is followed by \(later.version) (\(later.name))")
        }
        self.migrations = migrations
    }

    /// The schema version this build produces: the last migration's, or 0 without migrations.
    public var latestVersion: Int32 { migrations.last?.version ?? 0 }

    /// Applies every migration newer than the database's version, each in its own transaction.
    ///
    /// Throws `SchemaTooNewError` before changing anything when the database is newer than
    /// `latestVersion`; rethrows a migration's error after rolling that migration back.
    public func migrate(_ connection: SQLiteConnection) throws {
        let startVersion = try refuseNewerSchema(connection)
        for migration in migrations where migration.version > startVersion {
            try connection.transaction(.immediate) {
                // Read again under the write lock: another process may have migrated meanwhile.
                let current = try connection.userVersion
                guard migration.version > current else { return }
                try migration.apply(connection)
                try connection.setUserVersion(migration.version)
            }
        }
        // A newer build may have raced us between our checks; say so rather than run on it.
        _ = try refuseNewerSchema(connection)
    }

    /// The database's schema version, when this build can run on it.
    private func refuseNewerSchema(_ connection: SQLiteConnection) throws -> Int32 {
        let found = try connection.userVersion
        guard found <= latestVersion else {
            throw SchemaTooNewError(foundVersion: found, supportedVersion: latestVersion)
        }
        return found
    }
}
