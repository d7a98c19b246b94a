import Synchronization
@testable import CaseCLI

/// One in-process run of casectl: its exit code and what it wrote to each stream.
struct CasectlTranscript {
    let exitCode: Int32
    /// Standard output, each write followed by "\n" as the real casectl does.
    let standard: String
    /// Standard error, each write followed by "\n".
    let error: String

    /// Runs casectl with buffers for output and `files` standing in for the file system.
    static func run(_ arguments: [String], environment: [String: String] = [:], files: [String: String] = [:]) -> CasectlTranscript {
        let buffers = OutputBuffers()
        let output = Casectl.Output(
            standard: { buffers.append($0 + "\n", toError: false) },
            error: { buffers.append($0 + "\n", toError: true) })
        let casectl = Casectl(environment: environment, output: output) { path in
            guard let text = files[path] else { throw MissingTestFile(path: path) }
            return Array(text.utf8)
        }
        let exitCode = casectl.run(arguments)
        let (standard, error) = buffers.contents
        return CasectlTranscript(exitCode: exitCode, standard: standard, error: error)
    }
}

/// What casectl wrote, collected from its `@Sendable` output closures.
private final class OutputBuffers: Sendable {
    private let texts = Mutex<(standard: String, error: String)>(("", ""))

    var contents: (standard: String, error: String) { texts.withLock { $0 } }

    func append(_ text: String, toError: Bool) {
        texts.withLock { texts in
            if toError { texts.error += text } else { texts.standard += text }
        }
    }
}

struct MissingTestFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "no such file: \(path)" }
}
