import CaseArguments
import CaseNode

/// casenode's command line: every setting of `NodeConfiguration` as a flag, plus `--config FILE`.
enum NodeCommandLine {
    static let version = "0.1.0"

    static let spec = CommandSpec(
        name: "casenode",
        summary: "Run a casestore node: one commune centre's dossiers, served over HTTP.",
        discussion: """
            With no arguments the node runs on embedded defaults: node id 'local', data in \
            ./casestore-data, HTTP on 127.0.0.1:7400. Settings come from the defaults, then \
            the --config file (a JSON object whose keys are the option names below, e.g. \
            {"id": "n1", "http": "127.0.0.1:7410"}), then the flags. Stop it with Ctrl-C or SIGTERM.
            """,
        options: [
            .value("id", "ID", help: "This centre's node id (a-z, 0-9, '-', '_', '.').", default: "local"),
            .value("name", "TEXT", help: "The centre's display name for people, e.g. 'Xã Phước Long'.", default: "the node id"),
            .value("data", "DIR", help: "Directory for the node's database; owner-only (created 0700).", default: "./casestore-data"),
            .value("backup-dir", "DIR", help: "The only directory backups are written into; owner-only (created 0700).", default: "DIR/backups"),
            .value("http", "HOST:PORT", help: "Address of the HTTP API.", default: "127.0.0.1:7400"),
            .value("agency", "CODE", help: "Agency code that prefixes dossier codes, e.g. 000.00.12.H56.", default: "the id in capitals"),
            .value("catalogue", "FILE", help: "Procedure catalogue (JSON).", default: "the shipped catalogue"),
            .value("holidays", "FILE", help: "Holiday calendar (JSON).", default: "official schedule 2025-2026, Labour Code rule 2021-2099"),
            .value("working-hours", "RANGES", help: "Working hours of the centre.", default: "07:00-11:30,13:30-17:00"),
            .value("cluster-id", "NAME", help: "The cluster this node belongs to; peers of another cluster are refused.", default: "casestore"),
            .value("province", "CODE", help: "The province this node belongs to (01 Hà Nội … 96 Cà Mau); with a root key it must match the certificate. Replication is not yet scoped by province.", default: "the certificate's, else 00 (none)"),
            .value("cluster-key", "FILE", help: "Cluster key file (mode 0600): one 64-hex-digit key per line, the first used to connect, all accepted. Every node of a cluster needs the same keys.", default: "DIR/cluster.key, created on first start"),
            .value("root-public-key", "HEX", help: "The cluster root's public key (casectl root show): peers must then present a certificate it signed, and so must this node.", default: "none: the shared cluster key alone admits peers"),
            .value("node-key", "FILE", help: "This node's private key (mode 0600).", default: "DIR/node.key, created on first start"),
            .value("certificate", "FILE", help: "This node's certificate from the root (casectl certify).", default: "DIR/node.cert"),
            .value("peer", "HOST:PORT", help: "Address of the peer protocol (replication).", default: "127.0.0.1:7401"),
            .value("advertise-peer", "HOST:PORT", help: "Peer address other nodes should use for this one.", default: "the bound --peer address"),
            .value("advertise-http", "HOST:PORT|https://HOST[:PORT]", help: "API address to tell other nodes and admins: the https URL of a TLS proxy in front of the node, or HOST:PORT for plain http.", default: "the bound --http address"),
            .value("public-url", "URL", help: "Public address citizens reach: the receipt's QR code points at URL/tra-cuu?ma=CODE (http:// or https://, up to 120 bytes).", default: "the advertised HTTP address"),
            .value("lookup-trusted-proxy", "ADDRESS", help: "IP address of the reverse proxy in front of the node: the citizen lookup's limits count the client its X-Forwarded-For names, not the proxy.", default: "none"),
            .value("join", "HOST:PORT[,...]", help: "Peer addresses of cluster members to join through."),
            .value("probe-interval-ms", "MS", help: "How often a member is probed (failure detection); the probe timeout is half.", default: "1000"),
            .value("sync-interval-ms", "MS", help: "How often the node pulls from a random live peer.", default: "1000"),
            .value("push-fanout", "N", help: "Peers each new event is pushed to (0 to rely on pulls alone).", default: "3"),
            .value("batch-events", "N", help: "Most events in one replication batch.", default: "500"),
            .value("http-max-connections-per-address", "N", help: "Connections one client address may hold on the HTTP port (1-128); raise it behind a reverse proxy.", default: "64"),
            .value("peer-max-connections-per-address", "N", help: "Inbound peer connections one address may hold (1-256); raise it for many members behind one NAT.", default: "64"),
            .value("max-db-pages", "N", help: "Cap the database at N × 4 KiB, in whole pages of its file (it then answers 507 when full).", default: "no cap"),
            .value("clock-offset-ms", "MS", help: "DEBUG (fault tests): shift this node's clock by MS milliseconds, + or -.", default: "0"),
            .value("config", "FILE", help: "JSON file with any of the settings above."),
            .flag("readmit", help: "Start although an admin retired this node, after 'casectl readmit ID' re-admitted it."),
            .flag("accept-legacy-peers", help: "While the cluster upgrades to certificates, also admit members that have none yet (shared cluster key only)."),
            .flag("init-identity", help: "Make this node's key if it has none, print its public key and the casectl certify command, and exit."),
            .flag("rebuild", help: "Move a damaged database aside (kept, renamed) and rebuild it from the peers given by --join."),
            .flag("version", help: "Print the version and exit."),
        ] + faultInjectionOptions,
        examples: [
            "casenode",
            "casenode --id n1 --data ./data/n1 --http 127.0.0.1:7410 --peer 127.0.0.1:7411 --agency 000.00.12.H56",
            "casenode --id n2 --data ./data/n2 --http 127.0.0.1:7420 --peer 127.0.0.1:7421 --join 127.0.0.1:7411",
            "casenode --config Cluster/sample/single-centre.json",
        ])

    /// Flags that exist in debug builds only, where fault injection is compiled in: a release
    /// node refuses them as unknown options rather than ignoring them.
    #if FAULT_INJECTION
    static let faultInjectionOptions: [OptionSpec] = [
        .flag("debug-faults", help: "DEBUG (fault tests): enable POST /v1/debug/storage to simulate a full disk. Debug builds only."),
    ]
    #else
    static let faultInjectionOptions: [OptionSpec] = []
    #endif

    /// The configuration the command line asks for: defaults, then the config file, then flags.
    static func configuration(from arguments: ParsedArguments) throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        if let path = arguments.value("config") {
            try configuration.apply(try NodeConfiguration.settings(fromFile: path), source: "config file \(path): ")
        }
        var flags: [String: String] = [:]
        for name in NodeConfiguration.settingNames {
            if let value = arguments.value(name) { flags[name] = value }
        }
        try configuration.apply(flags, source: "--")
        configuration.readmit = arguments.flag("readmit")
        configuration.rebuild = arguments.flag("rebuild")
        configuration.acceptLegacyPeers = arguments.flag("accept-legacy-peers")
        #if FAULT_INJECTION
        configuration.debugFaults = arguments.flag("debug-faults")
        #endif
        return configuration
    }
}
