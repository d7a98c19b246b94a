import CaseCrypto
extension TraceHasher {
    /// Mixes in one delivered message: when, who to whom, what kind, and the
    /// identity of what it carries (events, probe sequences, gossip).
    mutating func mix(delivered: InFlightMessage) {
        mix(delivered.deliverAtMs)
        mix(delivered.sequence)
        mix(delivered.from)
        mix(delivered.to)
        mix(UInt64(delivered.message.kind.rawValue))
        switch delivered.message {
        case .eventBatch(let batch):
            for event in batch.events {
                mix(event.origin)
                mix(event.sequence)
            }
            mix(UInt64((batch.hasMore ? 1 : 0) + (batch.isPush ? 2 : 0) + (batch.continues ? 4 : 0)))
        case .syncRequest(let request):
            mix(request.versionVector.total)
        case .ping(let sequence, let gossip), .ack(let sequence, let gossip), .pingRequest(let sequence, _, let gossip):
            mix(sequence)
            for record in gossip { mix("\(record.id) \(record.incarnation) \(record.state.rawValue)") }
        case .membership(let members, let isReply):
            mix(UInt64(members.count))
            mix(UInt64(isReply ? 1 : 0))
        case .batchAck(let vector):
            mix(vector.total)
        case .memberDigest(let digest, let sender):
            mix(Hex.encode(digest))
            mix("\(sender.id) \(sender.incarnation) \(sender.state.rawValue)")
        case .memberBucketRecords(let buckets, let records, let isReply):
            mix(UInt64(buckets.count))
            mix(UInt64(records.count))
            mix(UInt64(isReply ? 1 : 0))
        case .vectorPull(let pull):
            mix(Hex.encode(pull.vector.digest))
            mix(pull.vector.changes.total)
            mix(Hex.encode(pull.known))
        case .vectorAnswer(let answer):
            mix(Hex.encode(answer.vector.digest))
            mix(answer.vector.changes.total)
            mix(Hex.encode(answer.known))
        case .historyRequest(let request):
            mix(request.dossier)
            mix(UInt64(request.held.count))
        case .history(let answer):
            mix(answer.dossier)
            mix(UInt64(answer.served ? 1 : 0))
            for event in answer.batch.events {
                mix(event.origin)
                mix(event.sequence)
            }
        case .historyHint(let dossier):
            mix(dossier)
        case .provinceMerges(let merges):
            for merge in merges { mix("\(merge.from) \(merge.into) \(merge.issuedAtMs)") }
        case .certificateRequest(let subjects):
            subjects.forEach { mix($0) }
        case .certificates(let certificates):
            certificates.forEach { mix($0.subject) }
        case .memberBucketDigests, .hello, .helloAck, .refuse, .tokenDigest, .tokenRecords, .signedTokenRecords, .decisionDigest, .membershipDecisions,
             .holidayDigest, .holidaySchedules, .provinceMergeDigest:
            break
        }
    }
}
