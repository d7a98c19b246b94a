import XCTest
import Foundation
@testable import CaseNet

/// The fuzz targets without libFuzzer: every seed in Tools/fuzz/corpus and
/// every saved crash in Tools/fuzz/regressions is run through the same check
/// the fuzzer runs (Tests/CaseNetTests/Fuzz/Checks), on every `swift test`.
/// A crash found by fuzzing becomes a regression test by saving its input
/// under Tools/fuzz/regressions/<target>/ (see docs/fuzzing.md).
final class FuzzCorpusReplayTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let fuzzDirectory = root.appendingPathComponent("Tools/fuzz")

    /// Every fuzz target's check, by target name, each returning its outcome
    /// in the words the seed table (`FuzzSeed.expected`) uses.
    private static let checks: [String: @Sendable (_ input: [UInt8]) throws(FuzzInvariantViolation) -> String] = [
        "frame": { input throws(FuzzInvariantViolation) in
            let outcome = try FrameFuzzCheck.check(input)
            return "\(outcome.frames.count) frames, error \(outcome.errorKind ?? "none")"
        },
        "peer-message": { input throws(FuzzInvariantViolation) in
            try PeerMessageFuzzCheck.check(input).map { "\($0.kind)" } ?? "refused"
        },
        "handshake": { input throws(FuzzInvariantViolation) in
            let (acceptor, opener) = try HandshakeFuzzCheck.check(input)
            return "acceptor \(describe(acceptor)), opener \(describe(opener))"
        },
        "sealed-frame": { input throws(FuzzInvariantViolation) in
            let outcome = try SealedFrameFuzzCheck.check(input)
            return "raw \(outcome.rawOpened ? "opens" : "refused"), \(outcome.opened.count) opened, stop \(outcome.stop ?? "none")"
        },
        "http-request": { input throws(FuzzInvariantViolation) in
            let outcome = try HTTPRequestFuzzCheck.check(input)
            return "\(outcome.requests.count) requests, error \(outcome.error ?? "none")"
        },
        "json-body": { input throws(FuzzInvariantViolation) in
            let outcome = try JSONBodyFuzzCheck.check(input)
            if outcome.validFiling { return "valid filing" }
            if outcome.filing { return "filing" }
            if outcome.action { return "action" }
            if outcome.settle { return "settle" }
            return outcome.parsed ? "parsed" : "refused"
        },
    ]

    func testEveryFuzzTargetHasACheckHere() throws {
        let entryFiles = try FileManager.default.contentsOfDirectory(
            at: Self.fuzzDirectory.appendingPathComponent("targets"), includingPropertiesForKeys: nil)
        let targets = Set(entryFiles.filter { $0.pathExtension == "swift" }.map { $0.deletingPathExtension().lastPathComponent })
        XCTAssertEqual(targets, Set(Self.checks.keys), "Tools/fuzz/targets and the replayed checks must name the same targets")
    }

    func testSeedFilesAreTheEncodersOutput() throws {
        let rewrite = ProcessInfo.processInfo.environment["CASESTORE_WRITE_FUZZ_SEEDS"] == "1"
        for seed in FuzzSeedCorpus.all {
            let url = Self.fuzzDirectory.appendingPathComponent("corpus/\(seed.target)/\(seed.name)")
            if rewrite {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(seed.bytes).write(to: url)
            }
            let stored = try? Data(contentsOf: url)
            XCTAssertEqual(stored.map { [UInt8]($0) }, seed.bytes,
                           "\(seed.target)/\(seed.name) is stale; regenerate: CASESTORE_WRITE_FUZZ_SEEDS=1 swift test --filter FuzzCorpusReplayTests")
        }
    }

    func testSeedsReachTheCodeTheyWereWrittenFor() throws {
        for seed in FuzzSeedCorpus.all {
            let check = try XCTUnwrap(Self.checks[seed.target], seed.target)
            do {
                let outcome = try check(seed.bytes)
                XCTAssertEqual(outcome, seed.expected, "\(seed.target)/\(seed.name)")
            } catch {
                XCTFail("\(seed.target)/\(seed.name): \(error)")
            }
        }
    }

    func testEveryCorpusAndRegressionFilePassesItsCheck() throws {
        var replayed = 0
        for (target, check) in Self.checks {
            for kind in ["corpus", "regressions"] {
                for (name, bytes) in try Self.files(in: Self.fuzzDirectory.appendingPathComponent("\(kind)/\(target)")) {
                    replayed += 1
                    do {
                        _ = try check(bytes)
                    } catch {
                        XCTFail("\(kind)/\(target)/\(name): \(error)")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(replayed, FuzzSeedCorpus.all.count, "the seed corpus is missing from Tools/fuzz/corpus")
    }

    /// The regular files of a directory, by name; none if it does not exist.
    private static func files(in directory: URL) throws -> [(String, [UInt8])] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return try names.sorted().filter { !$0.hasPrefix(".") }.map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    private static func describe(_ decision: HandshakeFuzzCheck.AcceptorDecision) -> String {
        switch decision {
        case .waiting: "waiting"
        case .close: "close"
        case .refuse: "refuse"
        case .answered(_, let ack, let proof): "answer v\(ack.version) then \(describe(proof))"
        }
    }

    private static func describe(_ decision: HandshakeFuzzCheck.ProofDecision) -> String {
        switch decision {
        case .waiting: "waiting"
        case .close: "close"
        case .refuse: "refuse"
        case .accept: "accept"
        }
    }

    private static func describe(_ decision: HandshakeFuzzCheck.OpenerDecision) -> String {
        switch decision {
        case .waiting: "waiting"
        case .close: "close"
        case .accept(_, let session, _): "accept v\(session.version)"
        }
    }
}
