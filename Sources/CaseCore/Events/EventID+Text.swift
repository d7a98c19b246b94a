/// Reading an event's identity back from its text form, `origin/sequence` ("n1/7"),
/// as the API shows it in histories and conflicts and as an admin names it when settling.
extension EventID {
    /// Longest text form: a node id (at most `NodeName.maxLength`), "/" and a 19-digit sequence.
    public static let maxTextLength = NodeName.maxLength + 1 + 19

    /// Parses "origin/sequence"; nil unless the origin is a valid node id and the sequence is 1 or more.
    public init?(text: String) {
        guard text.utf8.count <= Self.maxTextLength, let slash = text.lastIndex(of: "/") else { return nil }
        let origin = String(text[..<slash])
        let digits = text[text.index(after: slash)...]
        guard NodeName.isValid(origin), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let sequence = Int64(digits), sequence >= 1 else { return nil }
        self.init(origin: origin, sequence: sequence)
    }
}
