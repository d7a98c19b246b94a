import CaseArguments
import Foundation

/// casectl as a value: arguments and environment in, text and an exit code
/// out, so tests drive exactly what users run.
public struct Casectl {
    public enum ExitCode {
        public static let success: Int32 = 0
        /// The node refused the request or could not be reached.
        public static let failure: Int32 = 1
        /// The command line itself was wrong.
        public static let usage: Int32 = 2
    }

    /// Where casectl writes: standard output and standard error, or buffers in tests.
    public struct Output: Sendable {
        public let standard: @Sendable (String) -> Void
        public let error: @Sendable (String) -> Void

        public init(standard: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
            self.standard = standard
            self.error = error
        }
    }

    /// The most casectl reads from a --from-json file or standard input.
    public static let maxInputBytes = FilingOptions.maxBodyBytes

    let environment: [String: String]
    let output: Output
    /// Reads a file (or standard input for "-"), bounded; injected so tests need no files.
    let readInput: (String) throws -> [UInt8]

    public init(environment: [String: String], output: Output, readInput: @escaping (String) throws -> [UInt8]) {
        self.environment = environment
        self.output = output
        self.readInput = readInput
    }

    public func run(_ arguments: [String]) -> Int32 {
        let parsed: ParsedArguments
        do {
            switch try ArgumentParser(root: CasectlSpec.root).parse(arguments) {
            case .helpRequested(let text):
                output.standard(text)
                return ExitCode.success
            case .parsed(let result):
                parsed = result
            }
        } catch {
            output.error("\(error)")
            return ExitCode.usage
        }
        guard let command = parsed.commandPath.first else {
            output.standard(ArgumentParser(root: CasectlSpec.root).helpText(for: []))
            return ExitCode.usage
        }
        do {
            if try runOffline(command, parsed) { return ExitCode.success }
            let node = parsed.value("node") ?? environment["CASECTL_NODE"] ?? CasectlSpec.defaultNode
            let token = try TokenSource.token(from: parsed, environment: environment, readInput: readInput)
            let policy = ChannelPolicy(
                allowsPlainHTTP: parsed.flag("insecure-http"), trustsAdvertisedAddresses: parsed.flag("trust-advertised-addresses"))
            let client = try NodeClient.given(node, token: token, policy: policy)
            let session = CasectlSession(client: client, json: parsed.flag("json"), output: output)
            try execute(command, parsed, session)
            return ExitCode.success
        } catch let error as CasectlUsageError {
            output.error("casectl \(command): \(error.message)")
            return ExitCode.usage
        } catch {
            output.error("casectl \(command): \(error)")
            return ExitCode.failure
        }
    }

    /// Runs the commands that talk to no node (the root key and certificates, made on
    /// the admin's machine); false for every other command.
    private func runOffline(_ command: String, _ arguments: ParsedArguments) throws -> Bool {
        switch command {
        case "root": try IdentityCommands.runRoot(arguments, output: output)
        case "key": try IdentityCommands.runKey(arguments, output: output)
        case "certify":
            try IdentityCommands.runCertify(arguments, output: output, readInput: readInput, nowMs: Int64(Date().timeIntervalSince1970 * 1_000))
        case "audit" where arguments.value("file") != nil:
            try AuditCommand.runOnFile(arguments, output: output, json: arguments.flag("json"))
        default: return false
        }
        return true
    }

    private func execute(_ command: String, _ arguments: ParsedArguments, _ session: CasectlSession) throws {
        switch command {
        case "file":
            try session.file(
                try FilingOptions.body(from: arguments, readInput: readInput),
                idempotencyKey: try SafeRetry.key(given: arguments.value("idempotency-key")))
        case "show": try session.show(code: try required(arguments.positional("CODE"), "CODE"))
        case "find": try session.find(query: try FindOptions.query(from: arguments))
        case "act":
            try session.act(
                code: try required(arguments.positional("CODE"), "CODE"),
                body: try ActOptions.body(action: try required(arguments.positional("ACTION"), "ACTION"), from: arguments),
                idempotencyKey: try SafeRetry.key(given: arguments.value("idempotency-key")))
        case "procedures": try session.procedures()
        case "status": try StatusCommand.run(arguments, session)
        case "lag": try LagCommand.run(arguments, session)
        case "dossier": try DossierCommand.run(code: try required(arguments.positional("CODE"), "CODE"), everywhere: arguments.flag("everywhere"), session)
        case "log": try LogCommand.run(arguments, session)
        case "watch": try WatchCommand.run(arguments, session)
        case "retire": try RetireCommand.run(arguments, session)
        case "readmit": try ReadmitCommand.run(arguments, session)
        case "verify": try VerifyCommand.run(arguments, session)
        case "conflicts": try ConflictsCommand.run(arguments, session)
        case "backup": try BackupCommand.run(arguments, session)
        case "report": try ReportCommand.run(arguments, session)
        case "print": try PrintCommand.run(arguments, session)
        case "token": try TokenCommand.run(arguments, session, readInput: readInput)
        case "holidays": try HolidaysCommand.run(arguments, session, readInput: readInput)
        case "province": try ProvinceCommand.run(arguments, session)
        case "centre": try CentreCommand.run(arguments, session)
        case "audit": try AuditCommand.runOnNode(session)
        case "root", "key", "certify": preconditionFailure("offline commands run before a session is made")
        default: preconditionFailure("casectl: command '\(command)' is declared but not implemented")
        }
    }

    private func required(_ value: String?, _ name: String) throws -> String {
        guard let value else { throw CasectlUsageError(message: "missing \(name)") }
        return value
    }
}

/// A command line that parsed but makes no sense (a malformed --document, an unreadable --from-json file…).
struct CasectlUsageError: Error {
    let message: String
}

/// A request that could not be done, found by casectl itself (exit 1, like a node's refusal).
struct CasectlFailure: Error, CustomStringConvertible {
    let message: String

    var description: String { message }
}
