import CaseCrypto
import CaseSupport

/// What every record the cluster root signs (a membership decision, a province merge, a
/// holiday schedule) checks the same way: its format byte, its cluster id, and the root's
/// signature over its domain label and body.
enum RootSignedRecord {
    /// Throws unless `clusterID` is a cluster id: 1 to `NodeName.maxLength` bytes.
    static func validate(clusterID: String) throws(ValidationIssue) {
        guard !clusterID.isEmpty, clusterID.utf8.count <= NodeName.maxLength else {
            throw ValidationIssue(field: "cluster_id", message: "a cluster id is 1 to \(NodeName.maxLength) bytes")
        }
    }

    /// Reads a record's format byte, refusing any but `format` (`what` names the record),
    /// then its cluster id.
    static func readFormatAndCluster(_ reader: inout WireReader, format: UInt8, what: String) throws(WireDecodingError) -> String {
        let read = try reader.readU8()
        guard read == format else { throw .invalidValue("\(what) format \(read): this build reads format \(format)") }
        return try reader.readString(maxBytes: NodeName.maxLength)
    }

    /// Throws unless `signature` is the root's over `label ‖ body` and the record is for the
    /// `expected` cluster. `what` names the record in the refusal ("the merge of 01 into 79").
    static func verify(
        _ signature: [UInt8], over body: [UInt8], label: [UInt8], clusterID: String, expected: String, root: SigningPublicKey,
        signatures: SignatureChecker?, field: String, what: String
    ) throws(ValidationIssue) {
        guard clusterID == expected else {
            throw ValidationIssue(field: field, message: "\(what) is for cluster \(String(reflecting: clusterID)), not \(String(reflecting: expected))")
        }
        let message = label + body
        guard signatures?.isValid(signature, of: message, by: root) ?? root.isValidSignature(signature, of: message) else {
            throw ValidationIssue(field: field, message: "\(what) is not signed by the cluster root \(root): sign it with the root key this cluster's nodes are configured with")
        }
    }
}

/// How casectl writes a root-signed record (a membership decision, a province merge): a
/// prefix word naming the kind and version, a space, the record's bytes in hex.
enum SignedRecordText {
    /// The record `text` holds, decoded by `decode`; a clear refusal naming `field` otherwise.
    static func decode<Record>(
        _ text: String, prefix: String, field: String, _ decode: ([UInt8]) throws(WireDecodingError) -> Record
    ) throws(ValidationIssue) -> Record {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == prefix, let bytes = Hex.decode(String(parts[1])) else {
            throw ValidationIssue(field: field, message: "expected '\(prefix) <hex>' as casectl writes it")
        }
        do {
            return try decode(bytes)
        } catch {
            throw ValidationIssue(field: field, message: error.description)
        }
    }
}
