import CaseArguments
import CaseCore
import CaseSupport
import CaseSystem
import Foundation

/// `casectl root init|show`, `casectl key init` and `casectl certify`: the province
/// admin's cluster root, and the keys it certifies (nodes', admins').
///
/// These work offline, on the admin's machine: the root's private key is read from a
/// file there and never sent anywhere. Nodes are given only the root's public key
/// (`casenode --root-public-key`) and their own certificate.
enum IdentityCommands {
    static let root = CommandSpec(
        name: "root",
        summary: "Create or show the cluster root key (offline; the key never leaves this machine).",
        discussion: """
            The cluster root certifies every node (casectl certify). Keep its key file on the \
            admin's machine, not on a node: whoever holds it can admit any node. Give every node \
            the root's public key with --root-public-key. See docs/security-peers.md.
            """,
        subcommands: [rootInit, rootShow],
        examples: ["casectl root init --out root.key", "casectl root show --root-key root.key"])

    static let rootInit = CommandSpec(
        name: "init",
        summary: "Make a new root key file (mode 0600) and print its public key.",
        options: [.value("out", "FILE", help: "Where to write the root key; refused if the file exists.", default: "./root.key")],
        examples: ["casectl root init --out /secure/tinh-79-root.key"])

    static let rootShow = CommandSpec(
        name: "show",
        summary: "Print the public key of a root key file (what nodes are configured with).",
        options: [.value("root-key", "FILE", help: "The root key file.", default: "./root.key")],
        examples: ["casectl root show --root-key root.key"])

    static let key = CommandSpec(
        name: "key",
        summary: "Make an admin's signing key (offline); certify it with 'certify NAME --role admin'.",
        discussion: """
            An admin key signs admin and monitor tokens and revocations (casectl token create \
            --signing-key) once the root has certified it. Keep it on the admin's machine: \
            whoever holds it and its certificate can make admin tokens for the whole cluster. \
            See docs/security-api.md.
            """,
        subcommands: [keyInit],
        examples: ["casectl key init --out admin.key"])

    static let keyInit = CommandSpec(
        name: "init",
        summary: "Make a new signing key file (mode 0600) and print its public key.",
        options: [.value("out", "FILE", help: "Where to write the key; refused if the file exists.", default: "./admin.key")],
        examples: ["casectl key init --out /secure/admin-tinh-79.key"])

    static let certify = CommandSpec(
        name: "certify",
        summary: "Certify a node's or an admin's public key with the root key (offline) and write its certificate.",
        discussion: """
            The node prints its public key with 'casenode --id NODE --data DIR --init-identity'. \
            Copy the certificate to the node's data directory as node.cert (or give it with \
            --certificate). A certificate binds the node id, its key, the cluster id and a \
            validity; with --api-address also the HTTPS address casectl may send tokens to; with \
            --province the province the node belongs to (docs/design/provinces.md). \
            With --role admin it certifies an admin key ('casectl key init') under the name \
            NAME: that key then signs admin and monitor tokens (casectl token create --signing-key).
            """,
        options: [
            .value("role", "ROLE", help: "node, or admin for an admin's signing key.", default: "node"),
            .value("root-key", "FILE", help: "The root key file.", default: "./root.key"),
            .value("cluster-id", "NAME", help: "The cluster the node belongs to (casenode --cluster-id).", default: "casestore"),
            .value("public-key", "HEX", help: "The node's public key, 64 hex digits (from --init-identity or DIR/node.pub)."),
            .value("public-key-file", "FILE", help: "Read the node's public key from this file instead (DIR/node.pub)."),
            .value("valid-days", "N", help: "Days the certificate is valid, from now.", default: "1096"),
            .value("api-address", "URL", help: "The node's HTTP API address the root vouches for (https:// in production)."),
            .value("province", "CODE", help: "The node's province, a two-digit code (01 Hà Nội … 96 Cà Mau); casenode --province must match it.", default: "none (00)"),
            .value("out", "FILE", help: "Where to write the certificate; refused if the file exists.", default: "./NODE.cert"),
        ],
        positionals: [PositionalSpec("NODE", help: "The node's id (or, with --role admin, the admin key's name).")],
        examples: [
            "casectl certify n1 --root-key root.key --cluster-id tinh-79 --public-key-file data/n1/node.pub --out data/n1/node.cert",
            "casectl certify admin-tinh-79 --role admin --root-key root.key --cluster-id tinh-79 --public-key-file admin.pub --out admin.cert",
        ])

    /// Longest validity accepted. Why 10 years: a machine in a commune office lasts about
    /// that long; a longer certificate would outlive the hardware it names.
    static let maxValidDays = 3_653

    static func runRoot(_ arguments: ParsedArguments, output: Casectl.Output) throws {
        switch arguments.commandPath.dropFirst().first {
        case "init"?:
            let path = arguments.value("out") ?? "./root.key"
            let key = SigningKey.generate()
            try PrivateKeyFile.create(path, text: key.fileText(comment: [
                "casestore cluster root key: keep it off the nodes, mode 0600; whoever holds it can admit any node",
                "public key (give nodes --root-public-key): \(key.publicKey.hex)",
            ]), what: "root key")
            output.standard("""
                Wrote the cluster root key to \(path) (mode 0600). Keep it off the nodes.
                Root public key: \(key.publicKey.hex)  (fingerprint \(key.publicKey.fingerprint))
                Give every node: --root-public-key \(key.publicKey.hex)
                """)
        case "show"?:
            let key = try readRootKey(arguments)
            output.standard("\(key.publicKey.hex)  (fingerprint \(key.publicKey.fingerprint))")
        default:
            throw CasectlUsageError(message: "use 'casectl root init' or 'casectl root show'")
        }
    }

    static func runKey(_ arguments: ParsedArguments, output: Casectl.Output) throws {
        guard arguments.commandPath.dropFirst().first == "init" else { throw CasectlUsageError(message: "use 'casectl key init'") }
        let path = arguments.value("out") ?? "./admin.key"
        let key = SigningKey.generate()
        try PrivateKeyFile.create(path, text: key.fileText(comment: [
            "casestore admin signing key: keep it on the admin's machine, mode 0600; certified, it signs admin tokens for the whole cluster",
            "public key (casectl certify NAME --role admin --public-key ...): \(key.publicKey.hex)",
        ]), what: "signing key")
        try? FileManager.default.removeItem(atPath: path + ".pub")
        try PrivateKeyFile.create(path + ".pub", text: key.publicKey.hex + "\n", what: "public key")
        output.standard("""
            Wrote the signing key to \(path) (mode 0600) and its public key to \(path).pub.
            Public key: \(key.publicKey.hex)  (fingerprint \(key.publicKey.fingerprint))
            Certify it: casectl certify NAME --role admin --root-key ROOT.key --cluster-id CLUSTER --public-key-file \(path).pub
            """)
    }

    static func runCertify(_ arguments: ParsedArguments, output: Casectl.Output, readInput: (String) throws -> [UInt8], nowMs: Int64) throws {
        guard let node = arguments.positional("NODE") else { throw CasectlUsageError(message: "missing NODE") }
        let root = try readRootKey(arguments)
        let request = try certificateRequest(for: node, arguments, readInput: readInput, nowMs: nowMs)
        let certificate = Certificate.issue(request, serial: SecureRandom.bytes(count: Certificate.serialByteCount), by: root)
        let path = arguments.value("out") ?? "./\(node).cert"
        let text = "# casestore certificate of \(request.role) \(node) in cluster \(request.clusterID), key \(request.publicKey.fingerprint), "
            + "valid until \(Instant(millisecondsSinceEpoch: request.validUntilMs))\n\(certificate.text)\n"
        try PrivateKeyFile.create(path, text: text, what: "certificate")
        output.standard("Certified \(node) (key \(request.publicKey.fingerprint)) in cluster \(request.clusterID) until \(Instant(millisecondsSinceEpoch: request.validUntilMs)); wrote \(path).")
    }

    private static func certificateRequest(
        for node: String, _ arguments: ParsedArguments, readInput: (String) throws -> [UInt8], nowMs: Int64
    ) throws -> CertificateRequest {
        let publicKey = try nodePublicKey(arguments, readInput: readInput)
        let daysText = arguments.value("valid-days") ?? "1096"
        guard let days = Int(daysText), (1...maxValidDays).contains(days) else {
            throw CasectlUsageError(message: "--valid-days: expected a whole number from 1 to \(maxValidDays), got '\(daysText)'")
        }
        let role: Certificate.Role
        switch arguments.value("role") ?? "node" {
        case "node": role = .node
        case "admin":
            guard arguments.value("api-address") == nil else { throw CasectlUsageError(message: "--api-address names a node's API; an admin key has none") }
            role = .admin
        case let other: throw CasectlUsageError(message: "--role: expected node or admin, got '\(other)'")
        }
        let request = CertificateRequest(
            role: role, clusterID: arguments.value("cluster-id") ?? "casestore", subject: node, publicKey: publicKey,
            validFromMs: nowMs - 3_600_000, validUntilMs: nowMs + Int64(days) * 86_400_000, apiAddress: arguments.value("api-address") ?? "",
            province: try province(arguments))
        do {
            try request.validate()
        } catch {
            throw CasectlUsageError(message: error.description)
        }
        return request
    }

    private static func nodePublicKey(_ arguments: ParsedArguments, readInput: (String) throws -> [UInt8]) throws -> SigningPublicKey {
        switch (arguments.value("public-key"), arguments.value("public-key-file")) {
        case (let hex?, nil):
            guard let key = SigningPublicKey(hex: hex) else { throw CasectlUsageError(message: "--public-key: expected 64 hexadecimal digits") }
            return key
        case (nil, let path?):
            let bytes = try readInput(path)
            let text = String(decoding: bytes.prefix(4_096), as: UTF8.self)
            guard let line = KeyFileLines.values(in: text).first, let key = SigningPublicKey(hex: line.value) else {
                throw CasectlUsageError(message: "--public-key-file: \(path) does not hold a public key of 64 hexadecimal digits")
            }
            return key
        default:
            throw CasectlUsageError(message: "give the node's public key with --public-key HEX or --public-key-file FILE (one of them)")
        }
    }

    private static func province(_ arguments: ParsedArguments) throws -> ProvinceCode {
        guard let text = arguments.value("province") else { return .unnamed }
        guard let code = ProvinceCode(text) else {
            throw CasectlUsageError(message: "--province: expected one of the 34 province codes (\(ProvinceCode.all.map(\.rawValue).joined(separator: ", "))), got '\(text)'")
        }
        return code
    }

    /// The `--root-key` of the commands that sign a root record on this machine (holiday
    /// schedules, province mergers): `readRootKey` reads it.
    static let signingRootKeyOption = OptionSpec.value(
        "root-key", "FILE", help: "The cluster root key file; it never leaves this machine.", default: "./root.key")

    static func readRootKey(_ arguments: ParsedArguments) throws -> SigningKey {
        let path = arguments.value("root-key") ?? "./root.key"
        let text = try PrivateKeyFile.read(path, what: "root key")
        do {
            return try SigningKey(fileText: text)
        } catch {
            throw CasectlUsageError(message: "root key \(path): \(error.message)")
        }
    }
}
