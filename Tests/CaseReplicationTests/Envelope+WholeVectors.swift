import CaseReplication

extension Envelope {
    /// The message as a session with a version-5 build carries it: a digest-first pull or
    /// empty answer as its whole-vector fallback (`syncRequest`, an empty `eventBatch`).
    /// The tests of what pulls and answers do read them so; `VectorSummaryTests` read the
    /// summaries themselves.
    var wholeVectorMessage: PeerMessage {
        switch message {
        case .vectorPull, .vectorAnswer: return fallback ?? message
        default: return message
        }
    }
}
