import CaseCore
import CaseNet
import CaseStorage
import Foundation

/// One running node: its database, its services and its listeners.
///
/// `start()` opens everything and begins serving; `stop()` stops accepting,
/// lets requests in flight finish, and closes the database.
public final class CaseNodeRuntime: Sendable {
    public let configuration: NodeConfiguration
    public let service: DossierService
    public let metrics: NodeMetrics
    private let store: CaseStore
    private let httpServer: HTTPServer
    private let logger: Logger

    public init(configuration: NodeConfiguration, clock: any WallClock = SystemClock(), logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try Self.prepareDataDirectory(configuration.dataDirectory)
        store = try CaseStore(path: configuration.databasePath)
        try Self.claim(store: store, for: configuration.id)
        let calendar = try ShippedData.holidays(path: configuration.holidaysPath)
            .workingCalendar(periods: configuration.workingPeriods)
        service = try DossierService(
            nodeID: configuration.id, agency: configuration.agencyCode, store: store,
            catalogue: try ShippedData.catalogue(path: configuration.cataloguePath), calendar: calendar, clock: clock)
        metrics = NodeMetrics()
        let router = APIRouter(service: service, metrics: metrics)
        let httpLogger = logger.with(component: "http")
        httpServer = HTTPServer(
            host: configuration.httpAddress.host, port: configuration.httpAddress.port,
            log: { line in httpLogger.warning(line) }, handler: { router.handle($0) })
    }

    /// Starts serving; returns the HTTP port actually bound (useful with port 0).
    @discardableResult
    public func start() throws -> UInt16 {
        let port = try httpServer.start()
        logger.info(
            "serving", .safe("node", configuration.id), .safe("agency", configuration.agencyCode),
            .safe("http", "http://\(configuration.httpAddress.host):\(port)"),
            .safe("data", configuration.dataDirectory), .safe("procedures", service.catalogue.all.count))
        return port
    }

    public func stop() {
        httpServer.stop()
        store.close()
        logger.info("stopped", .safe("node", configuration.id))
    }

    /// The data directory holds citizens' personal data: owner-only permissions.
    private static func prepareDataDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("data: \(path) exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError("data: cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// A database belongs to the node that created it: serving it under another
    /// id would mix two centres' event logs.
    private static func claim(store: CaseStore, for nodeID: String) throws {
        try store.write { writer in
            if let owner = try writer.reader.meta("node_id") {
                guard owner == nodeID else {
                    throw ConfigurationError(
                        "data: this data directory belongs to node '\(owner)', not '\(nodeID)'; start with --id \(owner) or use another --data directory")
                }
            } else {
                try writer.setMeta("node_id", nodeID)
            }
        }
    }
}
