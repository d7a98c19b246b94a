import CaseCore

/// The "Where a replicated event's CPU goes" section of BENCHMARKS.md.
public enum ApplyPipelineReport {
    /// The catch-up target of issue 7, in events per second.
    static let catchUpTarget = 15_000.0

    public static func lines(_ result: ApplyPipelineResult?) -> [String] {
        var lines = ["## Where a replicated event's CPU goes (one process, `casebench apply`)", ""]
        guard let result else { return lines + ["Not measured in this run.", ""] }
        lines += [
            "\(Format.count(result.events)) filings made through the node's own service at a source store, then read as a peer's pull reads",
            "them (\(Format.count(ApplyPipelineBenchmark.defaultBatchEvents)) a batch), encoded, decoded and applied at a fresh store, each step timed on its own:",
            "what a catching-up node does per event, without the network, the waiting, or other nodes sharing the cores.",
            "",
            "| Step | µs per event | Share |",
            "|---|---|---|",
        ]
        let total = result.readSeconds + result.encodeSeconds + result.decodeSeconds + result.applySeconds
        let steps: [(String, Double)] = [
            ("Read the batch from the sender's log", result.readSeconds),
            ("Encode it as a peer message", result.encodeSeconds),
            ("Decode it at the receiver (payload JSON indexed and checked canonical, filings decoded and folded, chain links worked out), on the connection thread", result.decodeSeconds),
            ("Apply: validate, store, fold the dossier, save its state and digest term, commit", result.applySeconds),
        ]
        for (name, seconds) in steps {
            lines.append("| \(name) | \(Format.number(result.microsecondsPerEvent(seconds))) | \(Format.percent(seconds / max(total, 1e-9))) |")
        }
        lines += [
            "| All four on one core | \(Format.number(result.microsecondsPerEvent(total))) | \(Format.number(result.eventsPerSecond)) events/s = "
                + "\(String(format: "%.2f", result.eventsPerSecond / catchUpTarget))× the \(Format.count(Int(catchUpTarget))) events/s catch-up target |",
            "",
        ]
        if result.signMicroseconds > 0 {
            lines += [
                "Signed events (docs/security-peers.md): the source signs every event it files; the destination computes every",
                "event's chain link (in the decode step, beside the filings) and verifies one signature per origin per batch (in the apply step).",
                "",
                "| Cost | µs |",
                "|---|---|",
                "| Link and sign one event at its origin | \(Format.number(result.signMicroseconds)) |",
                "| Verify one signature at a receiver (once per origin per batch) | \(Format.number(result.verifyMicroseconds)) |",
                "| One chain link (every event, every receiver) | \(Format.number(result.linkMicroseconds)) |",
                "",
            ]
        }
        if result.sha256MegabytesPerSecond > 0 {
            lines += ["SHA-256 on one core (every chain link and state digest term): \(Format.number(result.sha256MegabytesPerSecond)) MB/s.", ""]
        }
        if result.pinHashMicroseconds > 0 {
            lines += ["A lookup PIN's hash (PBKDF2-HMAC-SHA256, \(Format.count(LookupPinHash.defaultIterations)) iterations; every filing makes one, every lookup checks one, docs/lookup.md): \(Format.number(result.pinHashMicroseconds)) µs.", ""]
        }
        if result.sealMegabytesPerSecond > 0 {
            lines += [
                "ChaCha20-Poly1305 on one core (every frame of an encrypted peer link, sealed at its sender and opened at its receiver): sealing \(Format.number(result.sealMegabytesPerSecond)) MB/s, opening \(Format.number(result.openMegabytesPerSecond)) MB/s.",
                "",
            ]
        }
        return lines
    }
}
