import CaseCore

/// The handshake's decisions, apart from any socket: what the accepting side
/// answers to a hello, and whether the opening side may use a connection
/// after reading the answer.
///
///     opener                         acceptor
///     hello(cluster, node, min…max) →
///                                    ← helloAck(node, version)   or   ← refuse(reason), close
enum PeerHandshake {
    /// The acceptor's answer to a hello.
    enum Answer: Equatable {
        /// Carry messages from `peer` in `version`; send `ack`.
        case accept(HelloAck, version: UInt16)
        /// Send `refuse(reason)` and close.
        case refuse(reason: String)
    }

    /// Refuses another cluster, a hello with no version in common, and a node
    /// `admission` names a reason to refuse (a retired member); otherwise
    /// accepts at the highest common version. (Node ids were validated when
    /// the hello was decoded.)
    static func answer(
        _ hello: Hello, clusterID: String, nodeID: String,
        supported: ClosedRange<UInt16> = PeerProtocol.supportedVersions,
        admission: (_ nodeID: String) -> String? = { _ in nil }
    ) -> Answer {
        guard hello.clusterID == clusterID else {
            return .refuse(reason: "cluster id \(String(reflecting: hello.clusterID)) is not this cluster's \(String(reflecting: clusterID))")
        }
        let offered = hello.minVersion...hello.maxVersion
        guard let version = PeerProtocol.negotiatedVersion(local: supported, remote: offered) else {
            return .refuse(reason: "protocol versions \(describe(offered)) offered by \(hello.nodeID) do not overlap versions \(describe(supported)) spoken by \(nodeID)")
        }
        if let reason = admission(hello.nodeID) { return .refuse(reason: reason) }
        return .accept(HelloAck(nodeID: nodeID, version: version), version: version)
    }

    /// The peer's node id and the version to speak, from the acceptor's
    /// answer; throws `.refused` for a refusal or an answer from another node
    /// than `expectedNodeID` (when the destination named one).
    static func accept(
        reply: PeerMessage, expectedNodeID: String?,
        supported: ClosedRange<UInt16> = PeerProtocol.supportedVersions
    ) throws(PeerConnectionError) -> (nodeID: String, version: UInt16) {
        switch reply {
        case .helloAck(let ack):
            if let expectedNodeID, ack.nodeID != expectedNodeID {
                throw .refused("expected node \(expectedNodeID) at this address but \(ack.nodeID) answered")
            }
            guard supported.contains(ack.version) else {
                throw .protocolViolation("the peer chose version \(ack.version), outside the offered \(describe(supported))")
            }
            return (ack.nodeID, ack.version)
        case .refuse(let reason):
            throw .refused(reason)
        default:
            throw .protocolViolation("expected helloAck or refuse in answer to hello, got \(reply.kind)")
        }
    }

    /// A refusal whose reason fits the decoder's bound, cut at a character boundary.
    static func refusal(_ reason: String) -> PeerMessage {
        let limit = PeerMessageCodecLimits.maxRefuseReasonBytes
        guard reason.utf8.count > limit else { return .refuse(reason: reason) }
        var cut = ""
        for character in reason {
            guard cut.utf8.count + character.utf8.count <= limit - 3 else { break }
            cut.append(character)
        }
        return .refuse(reason: cut + "…")
    }

    static func describe(_ range: ClosedRange<UInt16>) -> String {
        "\(range.lowerBound)...\(range.upperBound)"
    }
}
