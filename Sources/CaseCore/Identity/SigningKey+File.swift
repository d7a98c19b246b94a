import CaseCrypto
import CaseSupport

extension SigningKey {
    /// How a private key is written in a file: this word, a space, the 32-byte seed
    /// in hex. The word says what the file is, so a cluster key or a certificate given
    /// where a signing key belongs is refused by name.
    public static let fileTextPrefix = "casestore-ed25519-seed"

    /// The key file's text: `comment` lines (each prefixed with `# `), then the key.
    public func fileText(comment: [String]) -> String {
        comment.map { "# \($0)\n" }.joined() + "\(Self.fileTextPrefix) \(Hex.encode(seed))\n"
    }

    /// The key in a key file's text (`KeyFileLines`: comments and blank lines
    /// skipped); throws saying what the one line must look like otherwise.
    public init(fileText: String) throws(ValidationIssue) {
        let lines = KeyFileLines.values(in: fileText)
        guard lines.count == 1 else {
            throw ValidationIssue(field: "key", message: "expected one '\(Self.fileTextPrefix) <64 hex digits>' line, found \(lines.count) lines")
        }
        let parts = lines[0].value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == Self.fileTextPrefix else {
            throw ValidationIssue(field: "key", message: "line \(lines[0].line) is not '\(Self.fileTextPrefix) <64 hex digits>'")
        }
        guard let seed = Hex.decode(String(parts[1])), let key = SigningKey(seed: seed) else {
            throw ValidationIssue(field: "key", message: "line \(lines[0].line): the seed must be 64 hexadecimal digits")
        }
        self = key
    }
}
