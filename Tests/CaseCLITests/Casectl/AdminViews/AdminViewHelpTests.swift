import XCTest
@testable import CaseCLI

/// Every cluster view answers --help on standard output, exit 0, without asking a node.
final class AdminViewHelpTests: XCTestCase {
    func testEveryViewHasHelp() {
        let cases: [(command: String, mentions: [String])] = [
            ("status", ["Usage: casectl status", "converged", "--json"]),
            ("lag", ["Usage: casectl lag", "marked with *"]),
            ("dossier", ["Usage: casectl dossier [options] CODE", "--everywhere"]),
            ("log", ["Usage: casectl log", "--origin ID", "--dossier CODE", "--limit N"]),
            ("watch", ["Usage: casectl watch", "--interval SECONDS", "--iterations N", "For tests and scripts"]),
        ]
        for (command, mentions) in cases {
            let run = CasectlTranscript.run(["--node", "http://127.0.0.1:9", command, "--help"])
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, command)
            XCTAssertEqual(run.error, "", command)
            for text in mentions {
                XCTAssertTrue(run.standard.contains(text), "\(command) --help lacks \(text):\n\(run.standard)")
            }
        }
    }
}
