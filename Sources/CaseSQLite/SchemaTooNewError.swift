/// The database was written by a newer build of casestore than this one.
///
/// Opening it anyway could misread or damage data laid out by migrations this build does not
/// know, so the open is refused.
public struct SchemaTooNewError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The schema version found in the file (`PRAGMA user_version`).
    public let foundVersion: Int32
    /// The highest schema version this build's migrations produce.
    public let supportedVersion: Int32

    /// The file is at `foundVersion`; this build knows up to `supportedVersion`.
    public init(foundVersion: Int32, supportedVersion: Int32) {
        self.foundVersion = foundVersion
        self.supportedVersion = supportedVersion
    }

    public var description: String {
        "database schema version \(foundVersion) is newer than this build of casestore supports "
            + "(\(supportedVersion)): upgrade casestore, do not open it with an older build"
    }
}
