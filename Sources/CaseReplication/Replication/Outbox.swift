import CaseCore
/// The outputs of one step of the replication core, in the order they were decided.
struct Outbox {
    private(set) var outputs: [ReplicationOutput] = []

    mutating func append(_ envelope: Envelope) {
        outputs.append(.send(envelope))
    }

    mutating func append(_ output: ReplicationOutput) {
        outputs.append(output)
    }

    /// Puts `output` before everything decided so far (what must be persisted before any send).
    mutating func prepend(_ output: ReplicationOutput) {
        outputs.insert(output, at: 0)
    }
}
