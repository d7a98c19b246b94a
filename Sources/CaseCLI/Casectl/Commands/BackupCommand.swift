import CaseArguments
import CaseCore
import Dispatch
import Foundation
import Synchronization
import CaseSupport

/// `casectl backup FILE`: the node copies its database, while it serves, into FILE in its
/// backup directory on its own machine (`POST /v1/admin/backup`); casectl shows the progress
/// it reads from `GET /v1/admin/backup/status` meanwhile, then what the copy holds.
enum BackupCommand {
    static let spec = CommandSpec(
        name: "backup",
        summary: "Copy the node's database, while it serves, into a new file a new node can start from.",
        discussion: """
            The node itself writes the copy, on its own machine, with SQLite's online backup API, \
            into its backup directory (casenode --backup-dir, by default DATA/backups) and nowhere \
            else: FILE is a new file name there, not a path (1 to \(BackupFileName.maxBytes) of \
            a-z A-Z 0-9 . - _, starting with a letter or digit, no '..'). The copy is one consistent \
            snapshot, checked (integrity and digest) before it appears, readable by its owner only, \
            and carries no node identity: start a node from it under a NEW id, never the old \
            node's, after copying it to NEW-DIR/casestore.sqlite (casenode --id NEW-ID --data \
            NEW-DIR). Progress is shown on standard error every \(pollIntervalMs) ms for long \
            backups, and in the node's log.
            """,
        positionals: [PositionalSpec("FILE", help: "Name of the new backup file in the node's backup directory.")],
        examples: [
            "casectl backup casestore-2026-11-21.sqlite",
            "casectl --node http://10.0.0.11:7400 backup n1-before-merger.sqlite",
        ])

    /// How long casectl waits for the node's answer.
    /// Why 4 hours: the copy streams at disk speed; even a database of tens of GB on a slow
    /// disk copies and verifies well within that, so a longer wait means the node is stuck.
    static let maxWaitMs = 4 * 3_600_000
    /// How often casectl asks the node how far the backup has come.
    /// Why 500 ms: often enough for a live percentage, rare enough to cost the node nothing.
    static let pollIntervalMs = 500

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        guard let file = arguments.positional("FILE") else { throw CasectlUsageError(message: "missing FILE") }
        do {
            try BackupFileName.validate(file)
        } catch {
            throw CasectlUsageError(message: "FILE \(error.message)")
        }
        let request = BackupRequest(client: try session.client.sibling(baseURL: session.client.baseURL, timeoutMs: maxWaitMs), file: file)
        request.start()
        var shown = ProgressLine()
        while !request.waitUntilDone(timeoutMs: pollIntervalMs) {
            guard let status = try? session.client.get("/v1/admin/backup/status"), let line = shown.next(status, file: file) else { continue }
            session.output.error(line)
        }
        let summary = try request.result()
        session.output.standard(session.json ? JSONWriter.string(summary, pretty: true) : render(summary))
    }

    /// What a finished backup holds, and how to start a node from it.
    static func render(_ summary: JSONValue) -> String {
        let path = text(summary["path"])
        let number = { (key: String) in summary[key]?.int64Value ?? 0 }
        var lines = [
            "Backup written to \(path) on the node's machine.",
            "  \(number("dossiers")) dossiers, \(number("events")) events, \(byteSize(number("bytes"))) (\(number("pages")) pages), in \(duration(number("durationMs"))).",
            "  Digest \(text(summary["digest"])), checked against the node's at the snapshot.",
        ]
        if let source = summary["sourceNode"]?.stringValue {
            lines.append("  Copied from node \(source); the copy has no node identity.")
        }
        lines.append("To start a node from it there: mkdir -m 700 NEW-DIR && cp \(path) NEW-DIR/casestore.sqlite && casenode --id NEW-ID --data NEW-DIR")
        return lines.joined(separator: "\n")
    }

    /// "812 B", "4.2 KiB", "1.5 MiB", "3.0 GiB": one decimal, computed in integers so the
    /// text is the same on every machine.
    static func byteSize(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1_024 else { return "\(bytes) B" }
        var scale: Int64 = 1_024
        var unit = 0
        while unit < units.count - 1, bytes >= scale * 1_024 {
            scale *= 1_024
            unit += 1
        }
        let tenths = (bytes * 10 + scale / 2) / scale
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// "850 ms", "12.3 s", "4 min 5 s".
    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1_000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 {
            let tenths = (milliseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let seconds = (milliseconds + 500) / 1_000
        return "\(seconds / 60) min \(seconds % 60) s"
    }

    private static func text(_ value: JSONValue?) -> String {
        value?.stringValue ?? ""
    }
}

/// The progress lines casectl prints while a backup runs: one per change of phase or whole
/// percent, read from `GET /v1/admin/backup/status` (only when it is about this backup).
struct ProgressLine {
    private var last: String?

    mutating func next(_ status: JSONValue, file: String) -> String? {
        guard status["running"]?.boolValue == true, let current = status["current"], current["file"]?.stringValue == file else {
            return nil
        }
        let phase = current["phase"]?.stringValue ?? "copying"
        let copied = current["pagesCopied"]?.int64Value ?? 0
        var line = "backup: \(phase)"
        if let total = current["pagesTotal"]?.int64Value, total > 0 {
            line += " \(copied * 100 / total)% (\(copied) of \(total) pages)"
        }
        guard line != last else { return nil }
        last = line
        return line
    }
}

/// The `POST /v1/admin/backup` running on a thread of its own, so that casectl can ask for
/// progress meanwhile on its usual connection.
final class BackupRequest: Sendable {
    private let client: NodeClient
    private let file: String
    private let outcome = Mutex<Result<JSONValue, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(client: NodeClient, file: String) {
        self.client = client
        self.file = file
    }

    func start() {
        let thread = Thread { [self] in
            let answer = Result { try client.post("/v1/admin/backup", [BackupFileName.field: .string(file)]) }
            outcome.withLock { $0 = answer }
            client.client.close()
            done.signal()
        }
        thread.name = "casectl-backup"
        thread.start()
    }

    /// Waits at most `timeoutMs` for the answer; true once it has arrived.
    func waitUntilDone(timeoutMs: Int) -> Bool {
        guard done.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success else { return false }
        done.signal()  // later calls see it as done too
        return true
    }

    /// The node's answer, or its refusal; call once `waitUntilDone` said true.
    func result() throws -> JSONValue {
        guard let outcome = outcome.withLock({ $0 }) else { preconditionFailure("backup result read before it arrived") }
        return try outcome.get()
    }
}
