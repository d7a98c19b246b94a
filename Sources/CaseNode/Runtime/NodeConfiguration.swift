import CaseCore
import Foundation
import CaseSupport
import CaseSystem
import CaseReplication
import CaseNet

/// How a node runs. Every setting has an embedded default, so `casenode`
/// with no arguments serves a working single-centre node; a JSON file
/// (`--config`) and flags override the defaults, flags last.
public struct NodeConfiguration: Sendable {
    /// This centre's node id.
    public var id = "local"
    /// The centre's display name for people ("Xã Phước Long"), NFC-normalised; the id when absent.
    public var name: String?
    /// Where the database lives.
    public var dataDirectory = "./casestore-data"
    /// The only directory backups are written into (`POST /v1/admin/backup` names a file in
    /// it, never a path); nil means `<data>/backups`. Owner-only, like the data directory.
    public var backupDirectory: String?
    /// The HTTP API's address. Loopback by default: exposing it is a deliberate act.
    public var httpAddress = ListenAddress(host: "127.0.0.1", port: 7400)
    /// The agency code that prefixes this node's dossier codes; defaults to the node id in capitals.
    public var agency: String?
    /// A procedure catalogue file; the shipped catalogue when absent.
    public var cataloguePath: String?
    /// A holiday calendar file; the shipped official schedule (2025–2026) when absent. Either way
    /// the Labour Code's computed holidays fill the other years 2021–2099 (docs/holidays.md).
    public var holidaysPath: String?
    /// Working hours of the centre, by default 07:00–11:30 and 13:30–17:00.
    public var workingPeriods = WorkingCalendar.defaultPeriods
    /// The province this node belongs to (`--province`); nil: the one its certificate
    /// names, or `00` without one (`NodeProvince`).
    public var province: ProvinceCode?
    /// The cluster this node belongs to: a node of another cluster is refused at the handshake.
    public var clusterID = "casestore"
    /// The file of cluster keys that admits this node to the cluster and
    /// encrypts its peer traffic (mode 0600); nil means `<data>/cluster.key`,
    /// created with a fresh key on first start (`ClusterKeyFile`).
    public var clusterKeyPath: String?
    /// The cluster root's public key: with it the node speaks the version-3 peer
    /// handshake, presenting its certificate and checking every peer's against this
    /// key (`NodeIdentityFiles`); without it, the shared-key handshake alone.
    public var rootPublicKey: SigningPublicKey?
    /// This node's private key file; nil means `<data>/node.key`, created on first start.
    public var nodeKeyPath: String?
    /// This node's certificate from the root; nil means `<data>/node.cert`.
    public var certificatePath: String?
    /// While a cluster upgrades to certificates, also speak the shared-key handshake with
    /// members that have none yet. A command-line flag only: an upgrade window is opened
    /// and closed deliberately, not left in a config file.
    public var acceptLegacyPeers = false
    /// The peer protocol's address (replication between nodes).
    public var peerAddress = ListenAddress(host: "127.0.0.1", port: 7401)
    /// The peer address other nodes should use for this one (behind NAT or a proxy); defaults to `peerAddress`.
    public var advertisedPeerAddress: String?
    /// The API address to tell other nodes and admins (`host:port`, or the `https://` URL of a
    /// TLS proxy in front of the node); defaults to the bound HTTP address.
    public var advertisedHTTPAddress: String?
    /// The public address citizens reach, where the receipt's QR code sends them
    /// (`<public-url>/tra-cuu?ma=CODE`); nil means the advertised HTTP address (`http://` for a
    /// plain `host:port`), or the bound HTTP address.
    public var publicURL: String?
    /// The reverse proxy in front of the node whose `X-Forwarded-For` the citizen lookup
    /// believes, so its limits count each citizen, not the proxy (docs/lookup.md); as its
    /// client key (`ClientAddress`). Nil: none is believed.
    public var lookupTrustedProxy: String?
    /// Peer addresses of members to join through (host:port, comma-separated in flags).
    public var joinAddresses: [String] = []
    /// Gossip and log-shipping timings, fan-out and batch bounds (see `ReplicationConfiguration` for the defaults and why).
    public var replication = ReplicationConfiguration()
    /// Start even though a peer told this node an admin retired it: the admin
    /// re-admitted it (`casectl readmit`). A flag of the command line only, never
    /// a config-file setting: it is a one-off decision, not how a node runs.
    public var readmit = false
    /// DEBUG, for fault tests only: shifts this node's wall clock (service, replication and
    /// log timestamps) by this many milliseconds, to simulate clock skew between centres.
    public var clockOffsetMs: Int64 = 0
    /// A hard cap on the database's size in units of 4 KiB (`--max-db-pages`, SQLite's page
    /// size when the option was made; files are now made with 16 KiB pages, and the cap is
    /// rounded down to whole pages of the file), so a node can be made to run out of space;
    /// nil leaves SQLite's limit.
    public var maxDatabasePages: Int?
    /// `maxDatabasePages` in bytes.
    public var maxDatabaseBytes: Int64? { maxDatabasePages.map { Int64($0) * Self.databaseCapUnitBytes } }
    /// The unit of `--max-db-pages`.
    public static let databaseCapUnitBytes: Int64 = 4_096
    /// DEBUG, for fault tests only: opens the database through a fault-injecting VFS and
    /// enables `POST /v1/debug/storage`. A flag of the command line only: never set by a
    /// config file, so a production node cannot turn it on by accident.
    public var debugFaults = false
    /// Connections one client address may hold on the HTTP port; nil: the default of
    /// `HTTPServerLimits`. Raised behind a reverse proxy, where every connection comes from the proxy.
    public var httpMaxConnectionsPerAddress: Int?
    /// Connections one address may hold on the peer port; nil: the default of `PeerTransportLimits`.
    /// Raised when many members reach this node through one NAT address.
    public var peerMaxConnectionsPerAddress: Int?
    /// Move a damaged database aside and rebuild it from the peers named by `--join`.
    /// A command-line flag only, like `readmit`: a one-off repair, not how a node runs.
    public var rebuild = false

    /// The settings a config file or the command line may give, by name.
    public static let settingNames = [
        "id", "data", "http", "agency", "catalogue", "holidays", "working-hours",
        "province", "cluster-id", "cluster-key", "root-public-key", "node-key", "certificate", "peer", "advertise-peer", "advertise-http", "join",
        "probe-interval-ms", "sync-interval-ms", "push-fanout", "batch-events", "name",
        "clock-offset-ms", "max-db-pages", "backup-dir", "http-max-connections-per-address", "peer-max-connections-per-address",
        "public-url", "lookup-trusted-proxy",
    ]

    /// Skew tests need seconds to minutes; a week is beyond any real skew and keeps the
    /// hybrid logical clock from being pushed absurdly far ahead by a typo.
    public static let maxClockOffsetMs = 7 * 24 * 3_600_000

    /// In units of 4 KiB (`databaseCapUnitBytes`). Below 32 not even the empty schema fits in
    /// 4 KiB pages (in the 16 KiB pages of new files an empty node takes 28 pages, 112 units: a smaller cap is
    /// raised to the file's size, and the node is full from the start); the top (4 TiB) is far
    /// above any commune's data while staying inside SQLite's own limit.
    public static let databasePageRange = 32...1_073_741_824

    /// A commune's full name ("Trung tâm Phục vụ hành chính công xã …") is under 100
    /// characters; 200 leaves room for long ones while keeping every table line bounded.
    public static let maxNameLength = 200

    /// A config file is a few hundred bytes; anything larger is not one.
    public static let maxConfigFileBytes = 64 * 1024

    public init() {}

    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("casestore.sqlite") }

    /// The directory in the data directory that holds backups when `backupDirectory` is not set.
    public static let defaultBackupDirectoryName = "backups"

    /// Where backups go: `backupDirectory`, or `<data>/backups`.
    public var backupDirectoryPath: String {
        backupDirectory ?? (dataDirectory as NSString).appendingPathComponent(Self.defaultBackupDirectoryName)
    }

    /// What people see: the display name, or the node id when none was given.
    public var displayName: String { name ?? id }

    /// The agency code, by default derived from the id (`AgencyCode.derived(fromNodeID:)`).
    public var agencyCode: String {
        agency ?? AgencyCode.derived(fromNodeID: id)
    }

    /// Applies named settings (from a file or flags) over this configuration.
    public mutating func apply(_ settings: [String: String], source: String) throws(ConfigurationError) {
        for name in settings.keys.sorted() {
            guard let value = settings[name] else { continue }
            try apply(name: name, value: value, source: source)
        }
        try validate()
    }

    private mutating func apply(name: String, value: String, source: String) throws(ConfigurationError) {
        switch name {
        case "id": id = value
        case "name": self.name = VietnameseText.normalized(value)
        case "data": dataDirectory = value
        case "backup-dir": backupDirectory = value
        case "http": httpAddress = try ListenAddress(parsing: value, setting: "\(source)http")
        case "agency": agency = value
        case "catalogue": cataloguePath = value
        case "holidays": holidaysPath = value
        case "working-hours": workingPeriods = try Self.parseWorkingHours(value, source: source)
        case "province":
            guard let code = ProvinceCode(value) else {
                throw ConfigurationError("\(source)province: expected 00 (none) or one of the 34 province codes (\(ProvinceCode.all.map(\.rawValue).joined(separator: ", "))), got '\(value)'")
            }
            province = code
        case "cluster-id": clusterID = value
        case "cluster-key": clusterKeyPath = value
        case "root-public-key":
            guard let key = SigningPublicKey(hex: value) else {
                throw ConfigurationError("\(source)root-public-key: expected the root's public key, 64 hexadecimal digits (casectl root show), got '\(value)'")
            }
            rootPublicKey = key
        case "node-key": nodeKeyPath = value
        case "certificate": certificatePath = value
        case "peer": peerAddress = try ListenAddress(parsing: value, setting: "\(source)peer")
        case "advertise-peer": advertisedPeerAddress = try ListenAddress(parsing: value, setting: "\(source)advertise-peer").description
        case "advertise-http": advertisedHTTPAddress = try AdvertisedAPIAddress.parse(value, setting: "\(source)advertise-http")
        case "public-url":
            do {
                try FormContext.validate(lookupBase: value)
            } catch {
                throw ConfigurationError("\(source)public-url: \(error.description)")
            }
            publicURL = value
        case "lookup-trusted-proxy":
            guard let key = ClientAddress.key(ofLiteral: value) else {
                throw ConfigurationError("\(source)lookup-trusted-proxy: expected the proxy's IP address (e.g. 127.0.0.1 or ::1), got '\(value.prefix(64))'")
            }
            lookupTrustedProxy = key
        case "probe-interval-ms":
            replication.probeIntervalMs = Int64(try Self.integer(value, in: 100...60_000, setting: "\(source)probe-interval-ms"))
            replication.probeTimeoutMs = replication.probeIntervalMs / 2
        case "sync-interval-ms":
            replication.syncIntervalMs = Int64(try Self.integer(value, in: 50...600_000, setting: "\(source)sync-interval-ms"))
        case "push-fanout": replication.pushFanout = try Self.integer(value, in: 0...16, setting: "\(source)push-fanout")
        case "batch-events": replication.maxBatchEvents = try Self.integer(value, in: 1...5_000, setting: "\(source)batch-events")
        case "clock-offset-ms":
            clockOffsetMs = Int64(try Self.integer(
                value, in: -Self.maxClockOffsetMs...Self.maxClockOffsetMs, setting: "\(source)clock-offset-ms"))
        case "max-db-pages": maxDatabasePages = try Self.integer(value, in: Self.databasePageRange, setting: "\(source)max-db-pages")
        case "http-max-connections-per-address":
            httpMaxConnectionsPerAddress = try Self.integer(
                value, in: 1...Self.httpMaxConnections, setting: "\(source)http-max-connections-per-address")
        case "peer-max-connections-per-address":
            peerMaxConnectionsPerAddress = try Self.integer(
                value, in: 1...Self.peerMaxConnections, setting: "\(source)peer-max-connections-per-address")
        case "join":
            joinAddresses = try value.split(separator: ",").map { part throws(ConfigurationError) in
                try ListenAddress(parsing: part.trimmingCharacters(in: .whitespaces), setting: "\(source)join").description
            }
        default:
            throw ConfigurationError("\(source)unknown setting '\(name)'; known: \(Self.settingNames.joined(separator: ", "))")
        }
    }

    /// The base of the receipt's lookup address once the HTTP port is bound: `--public-url`,
    /// else the advertised API address, else the bound one.
    public func publicLookupBase(boundHTTPPort: UInt16) -> String {
        if let publicURL { return publicURL }
        let address = advertisedHTTPAddress ?? "\(httpAddress.host):\(boundHTTPPort)"
        return address.contains("://") ? address : "http://\(address)"
    }

    public func validate() throws(ConfigurationError) {
        do {
            try NodeName.validate(id, field: "id")
            try AgencyCode.validate(agencyCode, field: "agency")
        } catch {
            throw ConfigurationError(error.description)
        }
        if let name {
            if name.isEmpty || name.count > Self.maxNameLength {
                throw ConfigurationError("name: the display name must be 1 to \(Self.maxNameLength) characters, got \(name.count)")
            }
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ConfigurationError("name: the display name must not contain control characters")
            }
        }
        if dataDirectory.isEmpty { throw ConfigurationError("data: the data directory must not be empty") }
        try validateBackupDirectory()
        if clusterKeyPath?.isEmpty == true {
            throw ConfigurationError("cluster-key: the key file path must not be empty; leave the setting out to use <data>/\(ClusterKeyFile.defaultFileName)")
        }
        if clusterID.isEmpty || clusterID.utf8.count > NodeName.maxLength || !clusterID.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            throw ConfigurationError("cluster-id: must be 1 to \(NodeName.maxLength) printable ASCII characters, got '\(clusterID)'")
        }
    }

    /// A backup directory that is the data directory itself would let a backup's name
    /// collide with the node's own files (its database's -wal, its keys).
    private func validateBackupDirectory() throws(ConfigurationError) {
        guard let backupDirectory else { return }
        if backupDirectory.isEmpty {
            throw ConfigurationError("backup-dir: the backup directory must not be empty; leave the setting out to use <data>/\(Self.defaultBackupDirectoryName)")
        }
        let absolute = PrivateFilePermissions.absolutePath
        if absolute(backupDirectory) == absolute(dataDirectory) {
            throw ConfigurationError("backup-dir: must not be the data directory itself; use a directory of its own, such as <data>/\(Self.defaultBackupDirectoryName)")
        }
    }

    /// Reads a JSON config file whose keys are the setting names (`{"id": "n1", "http": "0.0.0.0:7400"}`).
    public static func settings(fromFile path: String) throws(ConfigurationError) -> [String: String] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError("--config: cannot read \(path)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxConfigFileBytes + 1) ?? Data()
        } catch {
            throw ConfigurationError("--config: cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= maxConfigFileBytes else {
            throw ConfigurationError("--config: \(path) is larger than \(maxConfigFileBytes) bytes; it is not a config file")
        }
        let json: JSONValue
        do {
            json = try JSONParser().parse([UInt8](data))
        } catch {
            throw ConfigurationError("--config: \(path) is not valid JSON: \(error)")
        }
        guard case .object(let fields) = json else { throw ConfigurationError("--config: \(path) must hold a JSON object") }
        var settings: [String: String] = [:]
        for (key, value) in fields {
            switch value {
            case .string(let text): settings[key] = text
            case .int(let number): settings[key] = String(number)
            default: throw ConfigurationError("--config: \(path): '\(key)' must be a string, got \(value.typeName)")
            }
        }
        return settings
    }

    static func integer(_ text: String, in range: ClosedRange<Int>, setting: String) throws(ConfigurationError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(setting): expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// "07:00-11:30,13:30-17:00" → working periods.
    static func parseWorkingHours(_ text: String, source: String) throws(ConfigurationError) -> [WorkingPeriod] {
        var periods: [WorkingPeriod] = []
        for range in text.split(separator: ",") {
            let ends = range.split(separator: "-")
            guard ends.count == 2, let start = minuteOfDay(ends[0]), let end = minuteOfDay(ends[1]), start < end else {
                throw ConfigurationError("\(source)working-hours: expected ranges like 07:00-11:30,13:30-17:00, got '\(text)'")
            }
            periods.append(WorkingPeriod(startMinute: start, endMinute: end))
        }
        // The calendar's own rules (at least one period, sorted, no overlap) are checked
        // here too, so a bad value is refused as this setting rather than at start-up.
        do {
            _ = try WorkingCalendar(periods: periods, holidays: [])
        } catch {
            throw ConfigurationError("\(source)working-hours: '\(text)' is not usable: \(error)")
        }
        return periods
    }

    private static func minuteOfDay(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1_440 else { return nil }
        return hour * 60 + minute
    }
}
