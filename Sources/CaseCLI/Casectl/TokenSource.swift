import CaseArguments
import CaseCore
import Foundation

/// Where casectl finds the API token it sends (`Authorization: Bearer`), first found wins:
///
/// 1. `--token TOKEN`
/// 2. the `CASESTORE_TOKEN` environment variable
/// 3. `--token-file PATH`
/// 4. `./casestore-data/admin.token`: the admin token a node writes into its default data
///    directory on its first start, so casectl run in the same folder needs no setup.
///
/// None found is not an error here: the node answers 401 and says how to give one.
enum TokenSource {
    static let environmentVariable = "CASESTORE_TOKEN"
    /// casenode's default data directory (`NodeConfiguration.dataDirectory`) and its token file.
    static let defaultFile = "./casestore-data/admin.token"

    static func token(
        from arguments: ParsedArguments, environment: [String: String], readInput: (String) throws -> [UInt8]
    ) throws -> String? {
        if let given = arguments.value("token") { return try checked(given, from: "--token") }
        if let given = environment[environmentVariable], !given.isEmpty { return try checked(given, from: environmentVariable) }
        if let path = arguments.value("token-file") {
            let bytes: [UInt8]
            do {
                bytes = try readInput(path)
            } catch {
                throw CasectlUsageError(message: "--token-file: cannot read \(path): \(error)")
            }
            return try checked(text(bytes, path: path), from: "--token-file \(path)")
        }
        guard let bytes = try? readInput(defaultFile), let text = try? text(bytes, path: defaultFile), !text.isEmpty else { return nil }
        return text
    }

    /// The file's text without surrounding whitespace; refused when too long to be a token file.
    private static func text(_ bytes: [UInt8], path: String) throws -> String {
        guard bytes.count <= TokenLimits.maxTokenFileBytes else {
            throw CasectlUsageError(message: "--token-file: \(path) is larger than \(TokenLimits.maxTokenFileBytes) bytes; it is not a token file")
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A token must fit in one header line: no spaces or control characters inside.
    private static func checked(_ text: String, from source: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= TokenLimits.maxTokenFileBytes,
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw CasectlUsageError(message: "\(source): not a token (expected cst_<16 hex>_<64 hex>, one word of printable ASCII)")
        }
        return trimmed
    }
}
