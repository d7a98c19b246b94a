import CaseCore
import CaseReplication
import CaseSupport
/// The payloads of the import of a dossier's history into a province it entered (kinds 23
/// to 25, version 8 and later only; `ReplicationNode+Imports`):
///
///     historyRequest  dossier string, held [origin string, sequence varint]
///     history         dossier string, served bool, then an eventBatch's payload
///     historyHint     dossier string
///
/// The held list is bounded (`HistoryRequest.maxHeld`) and the batch as every batch is,
/// before anything is allocated.
extension PeerMessageCodec {
    static func writeHistoryPayload(_ message: PeerMessage, version: UInt16, to writer: inout WireWriter) {
        switch message {
        case .historyRequest(let request):
            writer.string(request.dossier)
            writer.array(request.held) { writer, id in
                writer.string(id.origin)
                writer.varint(UInt64(id.sequence))
            }
        case .history(let answer):
            writer.string(answer.dossier)
            writer.bool(answer.served)
            writeEventBatch(answer.batch, version: version, to: &writer)
        case .historyHint(let dossier):
            writer.string(dossier)
        default:
            preconditionFailure("\(message.kind) is not a history message")
        }
    }

    static func readHistoryPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        guard version >= PeerProtocol.historyImportVersion else {
            throw .invalidValue("\(kind) in a version-\(version) frame: imports travel on version-\(PeerProtocol.historyImportVersion) sessions only")
        }
        let dossier = try readDossierCode(from: &reader)
        switch kind {
        case .historyRequest:
            let held = try reader.readArray(maxCount: HistoryRequest.maxHeld, minElementBytes: 3) { reader throws(WireDecodingError) in
                EventID(origin: try readNodeID(from: &reader, field: "held event origin"),
                        sequence: try readEventSequence(from: &reader, field: "held event sequence"))
            }
            return .historyRequest(HistoryRequest(dossier: dossier, held: held))
        case .history:
            let served = try reader.readBool()
            return .history(HistoryAnswer(dossier: dossier, served: served, batch: try readEventBatch(version: version, from: &reader)))
        case .historyHint:
            return .historyHint(dossier: dossier)
        default:
            preconditionFailure("\(kind) is not a history message")
        }
    }

    private static func readDossierCode(from reader: inout WireReader) throws(WireDecodingError) -> String {
        let code = try reader.readString(maxBytes: PeerMessageCodecLimits.maxDossierCodeBytes)
        guard !code.isEmpty else { throw .invalidValue("a history message names no dossier") }
        return code
    }
}
