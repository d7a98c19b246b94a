/// The configuration text of the primary and the standby, and the settings of the two
/// commit modes. Pure: the same inputs give the same text (tests compare it).
public enum PostgresConfig {
    /// How a commit waits for the standby.
    public enum Mode: String, Sendable, CaseIterable {
        /// `synchronous_standby_names` empty: a commit waits for the primary's own fsync only.
        case async
        /// `synchronous_commit = remote_apply` with the standby named: a commit waits until the
        /// standby has applied it (visible there), as a highly available central database would run.
        case sync

        /// The settings changed with ALTER SYSTEM (then reloaded) to enter this mode.
        public var settings: [(name: String, value: String)] {
            switch self {
            case .async: [("synchronous_standby_names", ""), ("synchronous_commit", "on")]
            case .sync: [("synchronous_standby_names", "*"), ("synchronous_commit", "remote_apply")]
            }
        }

        /// The `sync_state` pg_stat_replication must show for the standby in this mode.
        public var expectedSyncState: String { self == .async ? "async" : "sync" }

        /// The key of a run in `PostgresResult`: "async-1", "sync-8".
        public func key(clients: Int) -> String { "\(rawValue)-\(clients)" }
    }

    /// Appended to the primary's postgresql.conf (later lines win). Durability stays at its
    /// defaults (fsync on, full_page_writes on): the comparison is with a database run as shipped.
    public static func primary(port: Int, socketDirectory: String, maxConnections: Int) -> String {
        """

        # casebench: primary on loopback
        listen_addresses = '127.0.0.1'
        port = \(port)
        unix_socket_directories = '\(socketDirectory)'
        max_connections = \(maxConnections)
        wal_level = replica
        max_wal_senders = 4
        hot_standby = on
        fsync = on
        synchronous_commit = on
        synchronous_standby_names = ''
        logging_collector = off

        """
    }

    /// Appended to the standby's postgresql.conf (copied from the primary by pg_basebackup,
    /// which wrote standby.signal and primary_conninfo with -R).
    public static func standby(port: Int, socketDirectory: String) -> String {
        """

        # casebench: streaming standby on loopback
        port = \(port)
        unix_socket_directories = '\(socketDirectory)'
        hot_standby = on

        """
    }

    /// pg_hba.conf of both: trust on loopback only (throwaway clusters, listening on 127.0.0.1),
    /// including the replication connection of the standby.
    public static let hba = """
        # casebench: loopback only
        local all all trust
        host all all 127.0.0.1/32 trust
        host replication all 127.0.0.1/32 trust

        """
}
