import Synchronization
import CaseCore
import CaseNet
import CaseStorage
import Foundation
import CaseSupport
import CaseReplication
import CaseWire

/// One running node: its database, its services and its listeners.
///
/// `start()` opens everything and begins serving; `stop()` stops accepting,
/// lets requests in flight finish, and closes the database.
public final class CaseNodeRuntime: Sendable {
    public let configuration: NodeConfiguration
    public let service: DossierService
    public let metrics: NodeMetrics
    public let replication: ReplicationRuntime
    /// The cluster's API tokens as this node holds them.
    public let tokens: TokenRegistry
    /// The holiday file with the cluster root's published schedules over it.
    public let holidays: HolidayCalendarKeeper
    /// The province this node belongs to (`NodeProvince`).
    public let province: ProvinceCode
    private let store: CaseStore
    private let httpServer: HTTPServer
    /// The receipt's lookup address base, completed with the bound port at start.
    private let publicLookup: PublicLookupBase
    /// Lookup PINs hashed ahead of filings, kept full from `start()` to `stop()`.
    private let lookupPins = LookupPinReserve()
    private let logger: Logger

    public init(configuration: NodeConfiguration, clock: any WallClock = SystemClock(), logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try DataDirectory.prepare(configuration, logger: logger.with(component: "storage"))
        let (key, identity) = try Self.loadIdentity(configuration, clock: clock, logger: logger)
        province = try NodeProvince.resolve(configured: configuration.province, certificate: identity?.certificate)
        let database = try NodeDatabase.open(
            configuration, signing: Self.eventSigning(configuration, key: key),
            streams: try NodeProvince.streams(of: province, certified: identity != nil), logger: logger.with(component: "storage"))
        store = database.store
        // The node ships its own certificate with its events, so receivers can check them.
        if let identity { try store.write { try $0.storeCertificates([identity.certificate]) } }
        try NodeProvince.claim(province, store: store)
        let gate = StorageGate(
            databasePath: configuration.databasePath, rebuilding: database.rebuilding, logger: logger.with(component: "storage"))
        let keyRing = try Self.loadClusterKeys(configuration, logger: logger)
        let incarnation = try Self.claim(store: store, for: configuration.id)
        let retired = try Self.retiredMembers(store: store, configuration: configuration, logger: logger)
        holidays = try HolidayCalendarKeeper(
            file: try ShippedData.holidays(path: configuration.holidaysPath), periods: configuration.workingPeriods, store: store)
        let calendar = try holidays.calendar()
        if let coverage = calendar.coverage {
            for warning in coverage.warnings(on: VietnamTime.civilDate(of: Instant(millisecondsSinceEpoch: clock.nowMs()))) {
                logger.with(component: "calendar").warning(warning)
            }
        }
        service = try DossierService(
            nodeID: configuration.id, agency: configuration.agencyCode, store: store,
            catalogue: try ShippedData.catalogue(path: configuration.cataloguePath), calendar: calendar, clock: clock,
            storageGate: gate)
        holidays.onChange { [service] calendar in service.useCalendar(calendar) }
        // Not fatal: a node whose database is damaged or rebuilding still starts, to be repaired.
        do {
            let pruned = try service.pruneIdempotencyKeys()
            if pruned > 0 { logger.info("idempotency keys older than 7 days forgotten", .safe("count", pruned)) }
        } catch {
            logger.warning("old idempotency keys not forgotten", .safe("reason", error.code))
        }
        metrics = NodeMetrics()
        tokens = try TokenRegistry(store: store, policy: try Self.tokenPolicy(identity: identity, configuration: configuration, logger: logger))
        try AdminTokenBootstrap.run(
            registry: tokens, nodeID: configuration.id, dataDirectory: configuration.dataDirectory, nowMs: clock.nowMs(),
            logger: logger.with(component: "tokens"))
        replication = Self.makeReplication(
            configuration: configuration, service: service, store: store, holidays: holidays, incarnation: incarnation, retired: retired,
            keyRing: keyRing, identity: identity, tokenTrust: tokens.policy.trust, clock: clock, logger: logger.with(component: "replication"))
        replication.syncTokens(with: tokens)
        service.learnCentres { [replication] in
            // Every member, this node included; a node without peers knows only itself.
            (try? replication.memberRecords())?.reduce(into: [:]) { $0[$1.id] = $1.state == .retired }
        }
        service.learnContacts { [replication] in replication.publishedMemberRecords() }
        gate.monitorRebuild(
            with: RebuildFromPeers(selfID: configuration.id, agency: configuration.agencyCode, store: store, replication: replication))
        let backup = NodeBackup(
            store: store, directory: configuration.backupDirectoryPath, logger: logger.with(component: "backup"), clock: clock)
        publicLookup = PublicLookupBase(configuration.publicLookupBase(boundHTTPPort: configuration.httpAddress.port))
        var routes = APIRouter(
            service: service, metrics: metrics, tokens: tokens, replication: replication, holidays: holidays, clusterID: configuration.clusterID,
            province: province, nodeName: configuration.displayName, backup: backup,
            publicLookup: publicLookup, lookupGuard: LookupGuard(trustedProxy: configuration.lookupTrustedProxy), lookupPins: lookupPins)
        #if FAULT_INJECTION
        routes.storageFaults = database.faults
        #endif
        let router = routes
        let httpLogger = logger.with(component: "http")
        let server = HTTPServer(
            host: configuration.httpAddress.host, port: configuration.httpAddress.port, limits: configuration.httpLimits,
            log: { line in httpLogger.warning(line) }, handler: { router.decide($0) })
        metrics.observe(httpServer: { server.counters })
        httpServer = server
    }

    /// Starts serving HTTP, then the peer protocol; returns the ports actually bound (useful with port 0).
    @discardableResult
    public func start() throws -> (http: UInt16, peer: UInt16) {
        lookupPins.start()
        let httpPort = try httpServer.start()
        publicLookup.set(configuration.publicLookupBase(boundHTTPPort: httpPort))
        let peerPort = try replication.start(httpPort: httpPort)
        logger.info(
            "serving", .safe("node", configuration.id), .safe("cluster", configuration.clusterID),
            .safe("agency", configuration.agencyCode), .safe("http", "http://\(configuration.httpAddress.host):\(httpPort)"),
            .safe("peer", "\(configuration.peerAddress.host):\(peerPort)"), .safe("data", configuration.dataDirectory),
            .safe("procedures", service.catalogue.all.count))
        return (httpPort, peerPort)
    }

    public func stop() {
        httpServer.stop()
        lookupPins.stop()
        replication.stop()
        store.close()
        logger.info("stopped", .safe("node", configuration.id))
    }

    /// The cluster keys (`ClusterKeyFile`), refusing to start without a
    /// usable file; says which keys (by id) the node uses, and warns when it
    /// had to make a new one, because a second node joins only with a copy.
    private static func loadClusterKeys(_ configuration: NodeConfiguration, logger: Logger) throws -> ClusterKeyRing {
        let loaded = try ClusterKeyFile.load(for: configuration)
        if loaded.created {
            logger.warning(
                "created a new cluster key: other nodes join this one only with a copy of this file (mode 0600) given as --cluster-key",
                .safe("path", loaded.path), .safe("key", loaded.keyRing.primary.id))
        }
        logger.info("cluster keys loaded", .safe("path", loaded.path), .safe("keys", loaded.keyRing.keys.map(\.id.description).joined(separator: ",")))
        return loaded.keyRing
    }

    /// The node signs every event it writes with its key; with a root key it stores a
    /// received event only when a certified signature of its origin vouches for it
    /// (unsigned ones too while `--accept-legacy-peers` keeps the upgrade window open).
    private static func eventSigning(_ configuration: NodeConfiguration, key: SigningKey) -> EventSigning {
        guard let root = configuration.rootPublicKey else { return EventSigning(signer: (configuration.id, key), trust: .unverified) }
        return EventSigning(
            signer: (configuration.id, key),
            trust: .verified(root: root, clusterID: configuration.clusterID, acceptsUnsigned: configuration.acceptLegacyPeers))
    }

    /// The node's key (made on first start) and, with a root key configured, its
    /// certificate: the identity of the version-3 handshake.
    private static func loadIdentity(
        _ configuration: NodeConfiguration, clock: any WallClock, logger: Logger
    ) throws -> (key: SigningKey, identity: PeerIdentity?) {
        let (key, created) = try NodeIdentityFiles.loadOrCreateKey(configuration)
        if created {
            logger.warning("created this node's key; the cluster admin certifies it before the node joins a cluster with certificates",
                           .safe("path", NodeIdentityFiles.keyPath(configuration)), .safe("publicKey", key.publicKey.hex))
        }
        let identity = try NodeIdentityFiles.identity(configuration, key: key, nowMs: { clock.nowMs() })
        if let identity {
            logger.info("node certificate loaded", .safe("root", identity.root.fingerprint), .safe("key", key.publicKey.fingerprint),
                        .safe("validUntil", Instant(millisecondsSinceEpoch: identity.certificate.validUntilMs).description),
                        .safe("acceptsLegacyPeers", identity.acceptsLegacyPeers))
        } else {
            logger.info("no --root-public-key: peers are admitted by the shared cluster key alone (docs/security-peers.md)")
        }
        return (key, identity)
    }

    /// A database belongs to the node that created it: serving it under another
    /// id would mix two centres' event logs. Each start raises the node's
    /// incarnation, so its "alive" outranks any "dead" the cluster still holds.
    private static func claim(store: CaseStore, for nodeID: String) throws -> UInt64 {
        try store.write { writer in
            if let owner = try writer.reader.meta("node_id") {
                guard owner == nodeID else {
                    throw ConfigurationError(
                        "data: this data directory belongs to node '\(owner)', not '\(nodeID)'; start with --id \(owner) or use another --data directory")
                }
            } else {
                try refuseAdoptingAnotherNodesLog(writer.reader, as: nodeID)
                try writer.setMeta("node_id", nodeID)
            }
            let incarnation = (try writer.reader.meta("incarnation")).flatMap { UInt64($0) }.map { $0 + 1 } ?? 1
            try writer.setMeta("incarnation", String(incarnation))
            return incarnation
        }
    }

    /// The members an admin retired, from the database. A node that was told it
    /// is retired does not start, unless `--readmit` says an admin re-admitted it.
    private static func retiredMembers(store: CaseStore, configuration: NodeConfiguration, logger: Logger) throws -> RetiredMemberRegistry {
        let registry = try RetiredMemberRegistry(store: store)
        guard registry.contains(configuration.id) else { return registry }
        guard configuration.readmit else {
            throw ConfigurationError(
                "node \(configuration.id) was retired by an admin (commune merger): its dossiers were handed over and its peers refuse it. "
                    + "It starts again only if an admin re-admits it: run 'casectl readmit \(configuration.id)' against another member (with '--root-key FILE' where the cluster has a root key), "
                    + "then start this node with --readmit")
        }
        try registry.remove(configuration.id)
        try store.write { try $0.forgetRetirement(of: configuration.id) }
        logger.warning("starting although retired: --readmit says an admin re-admitted this node", .safe("node", configuration.id))
        return registry
    }

    /// An unowned database (a backup, see `CaseStore.backup`) may be adopted under any id
    /// except one whose events it already holds: those came from that node's own log, and
    /// continuing it here would give new events sequence numbers that node has already used.
    private static func refuseAdoptingAnotherNodesLog(_ reader: CaseStoreReader, as nodeID: String) throws {
        guard let held = try reader.versionVector()[nodeID], held > 0 else { return }
        throw ConfigurationError(
            "data: this database belongs to no node but holds \(held) events written by '\(nodeID)' (it is a backup of that node's data); starting it as '\(nodeID)' would reuse that node's event numbers: start it with a new --id")
    }

    /// How the node treats API tokens: signed records checked against the root with one
    /// (`TokenPolicy`), unsigned ones without.
    private static func tokenPolicy(identity: PeerIdentity?, configuration: NodeConfiguration, logger: Logger) throws -> TokenPolicy {
        let policy: TokenPolicy
        do {
            policy = try TokenPolicy(identity: identity, clusterID: configuration.clusterID)
        } catch {
            throw ConfigurationError("certificate: \(error.message)")
        }
        logger.info("API tokens", .safe("mode", policy.modeDescription))
        return policy
    }

    private static func makeReplication(
        configuration: NodeConfiguration, service: DossierService, store: CaseStore, holidays: HolidayCalendarKeeper, incarnation: UInt64,
        retired: RetiredMemberRegistry, keyRing: ClusterKeyRing, identity: PeerIdentity?, tokenTrust: TokenTrust?, clock: any WallClock,
        logger: Logger
    ) -> ReplicationRuntime {
        let transport = TCPPeerTransport(
            listenHost: configuration.peerAddress.host, listenPort: configuration.peerAddress.port,
            nodeID: configuration.id, clusterID: configuration.clusterID, keyRing: keyRing, identity: identity,
            limits: configuration.peerLimits, log: { logger.warning($0) },
            admission: { retired.refusal(of: $0) }, certified: PeerCertificateKeeper(store: store).keep)
        // Logged 1st, 2nd, 4th, 8th… per origin: a peer that keeps sending forgeries cannot fill the disk.
        let refusals = Mutex(RefusalLogThrottle())
        let sqliteLog = SQLiteReplicaLog(store: store, selfID: configuration.id) { refusal in
            let occurrence = refusals.withLock { $0.record(kind: "unvouched events", address: refusal.event.origin, nowMs: clock.nowMs()) }
            guard let occurrence else { return }
            logger.warning("received events not stored: nothing vouches for them; they are asked for again from the next peer",
                           .safe("event", refusal.event.description), .safe("reason", refusal.reason), .safe("occurrence", occurrence.count))
        }
        let guarded = GuardedReplicaLog(base: sqliteLog, gate: service.storageGate)
        let log = ObservedReplicaLog(base: guarded) { latest in service.observe(latest) }
        let runtime = ReplicationRuntime(
            transport: transport, log: log, clock: clock, joinAddresses: configuration.joinAddresses, logger: logger
        ) { holding, decisions, peerPort, httpPort in
            let record = MemberRecord(
                id: configuration.id,
                peerAddress: configuration.advertisedPeerAddress ?? "\(configuration.peerAddress.host):\(peerPort)",
                httpAddress: configuration.advertisedHTTPAddress ?? "\(configuration.httpAddress.host):\(httpPort)",
                incarnation: incarnation, state: .alive)
            return ReplicationNode(
                self: record, configuration: configuration.replication, holding: holding,
                seed: UInt64(bitPattern: clock.nowMs()) ^ UInt64(incarnation), nowMs: clock.nowMs(), retired: retired.all,
                decisions: decisions, holidaySchedules: holidays.sources.published.sorted, tokenTrust: tokenTrust, scope: store.streams)
        }
        service.onCommit { events in runtime.localEventsCommitted(events) }
        runtime.onRetiredMembersChanged { records in
            Self.persistRetired(records, in: retired, selfID: configuration.id, logger: logger)
        }
        runtime.onHolidaySchedulesChanged { schedules in Self.persistHolidays(schedules, in: holidays, logger: logger) }
        return runtime
    }

    /// Stores the root's holiday schedules the core learnt, and says which are now in use.
    private static func persistHolidays(_ schedules: [HolidaySchedule], in holidays: HolidayCalendarKeeper, logger: Logger) {
        do {
            for schedule in try holidays.adopt(schedules) {
                logger.info("holiday schedule published by the cluster root now dates new dossiers", .safe("year", schedule.year),
                            .safe("issuedAt", Instant(millisecondsSinceEpoch: schedule.issuedAtMs).description))
            }
        } catch {
            logger.error("could not use the holiday schedules the cluster root published: due dates keep the calendar in use until a restart learns them again from peers",
                         .error(error))
        }
    }

    /// Keeps the database's list of retired members in step with the core, and says what changed.
    private static func persistRetired(_ records: [MemberRecord], in registry: RetiredMemberRegistry, selfID: String, logger: Logger) {
        let change: (retired: [String], readmitted: [String])
        do {
            change = try registry.replace(with: records)
        } catch {
            logger.error(
                "could not save the list of retired members: this node refuses them until it restarts, and saves the list at its next change",
                .error(error))
            return
        }
        for id in change.retired where id != selfID {
            logger.warning("member retired by an admin: it is no longer contacted and its handshake is refused", .safe("member", id))
        }
        for id in change.readmitted {
            logger.warning("member re-admitted by an admin", .safe("member", id))
        }
        if change.retired.contains(selfID) {
            logger.error(
                "this node was retired by an admin (commune merger): it no longer takes part in replication and will not start again "
                    + "unless re-admitted ('casectl readmit \(selfID)' on another member, signed with --root-key where the cluster has a root key, then start it with --readmit); stop it now",
                .safe("node", selfID))
        }
    }
}
