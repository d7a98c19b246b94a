import Foundation
import Synchronization
import XCTest
@testable import CaseSupport
import CaseSystem

final class LoggerTests: XCTestCase {
    /// Keeps every line written, so tests compare exact output.
    private final class CollectingSink: Sendable {
        private let lines = Mutex<[String]>([])
        var sink: LogSink { LogSink { line in self.lines.withLock { $0.append(line) } } }
        var written: [String] { lines.withLock { $0 } }
    }

    private let fixedMs: Int64 = 1_751_333_400_123 // 2025-07-01T08:30:00.123+07:00

    private func makeLogger(_ collector: CollectingSink, minimumLevel: LogLevel = .debug) -> Logger {
        let fixedMs = fixedMs
        return Logger(minimumLevel: minimumLevel, sink: collector.sink, clock: { fixedMs })
    }

    func testGoldenLineWithComponentAndFields() {
        let collector = CollectingSink()
        let http = makeLogger(collector).with(component: "http")
        http.info("listening", .field("address", "127.0.0.1:7400"))
        XCTAssertEqual(collector.written, [
            "ts=2025-07-01T08:30:00.123+07:00 level=info component=http msg=\"listening\" address=127.0.0.1:7400",
        ])
    }

    func testLevelsAndMinimumLevel() {
        let collector = CollectingSink()
        let logger = makeLogger(collector, minimumLevel: .warning)
        logger.debug("d")
        logger.info("i")
        logger.warning("w")
        logger.error("e")
        XCTAssertEqual(collector.written.map { $0.split(separator: " ")[1] }, ["level=warning", "level=error"])
        XCTAssertFalse(logger.isEnabled(.info))
        XCTAssertTrue(logger.isEnabled(.error))
    }

    func testDisabledLevelDoesNotBuildTheMessage() {
        let collector = CollectingSink()
        let logger = makeLogger(collector, minimumLevel: .info)
        let built = Mutex(false)
        func expensive() -> String { built.withLock { $0 = true }; return "x" }
        logger.debug(expensive())
        XCTAssertFalse(built.withLock { $0 })
        XCTAssertTrue(collector.written.isEmpty)
    }

    func testFieldsKeepTheirOrderAndContextFieldsComeFirst() {
        let collector = CollectingSink()
        let logger = makeLogger(collector).with(component: "sync").with(.field("node", "n1"))
        logger.warning("peer slow", .field("peer", "n2"), .safe("lag_ms", 1_500), .field("note", "hết hạn"))
        XCTAssertEqual(collector.written, [
            "ts=2025-07-01T08:30:00.123+07:00 level=warning component=sync msg=\"peer slow\" node=n1 peer=n2 lag_ms=1500 note=\"hết hạn\"",
        ])
    }

    func testIdentityNumbersAreMaskedUnlessTheFieldIsSafe() {
        let collector = CollectingSink()
        let logger = makeLogger(collector)
        logger.info("received dossier for CCCD 001090012345",
                    .field("phone", "0912345678"), .safe("seq_ms", 1_751_333_400_123),
                    .error(LookupError(number: "001090012345")))
        XCTAssertEqual(collector.written, [
            "ts=2025-07-01T08:30:00.123+07:00 level=info msg=\"received dossier for CCCD 001******345\" phone=091****678 seq_ms=1751333400123 error=\"no applicant 001******345\"",
        ])
    }

    func testPersonNamesAreWrittenAsInitials() {
        let collector = CollectingSink()
        makeLogger(collector).info("token learnt from a peer", .personName("name", "Lê Thị Hoa"), .personName("applicant", "Hoa"))
        XCTAssertEqual(collector.written, [
            "ts=2025-07-01T08:30:00.123+07:00 level=info msg=\"token learnt from a peer\" name=\"L. T. H.\" applicant=H.",
        ])
    }

    func testMessagesAndValuesAreNFC() {
        let collector = CollectingSink()
        makeLogger(collector).info("Đa\u{0323}\u{0306}ng", .field("name", "A\u{0301}nh"))
        XCTAssertEqual(collector.written.first?.hasSuffix("msg=\"Đặng\" name=Ánh"), true, "\(collector.written)")
    }

    func testEscapingKeepsOneEntryPerLine() {
        let collector = CollectingSink()
        makeLogger(collector).error("bad \"request\"\nsecond line", .field("path", "/a b"), .field("empty", ""))
        XCTAssertEqual(collector.written, [
            "ts=2025-07-01T08:30:00.123+07:00 level=error msg=\"bad \\\"request\\\"\\nsecond line\" path=\"/a b\" empty=\"\"",
        ])
    }

    func testLongValuesAreCutAfterMaskingAndFieldCountIsBounded() throws {
        let collector = CollectingSink()
        let logger = makeLogger(collector)
        let padding = String(repeating: "x", count: Logger.maxValueCharacters - 5)
        let fields = (0..<(Logger.maxFieldCount + 2)).map { LogField.field("k\($0)", "v") }
        logger.log(.info, "m", [.field("long", padding + "001090012345")] + fields)
        let line = try XCTUnwrap(collector.written.first)
        XCTAssertTrue(line.contains("long=" + padding + "001*…"), "only the masked form can be cut: \(line.suffix(80))")
        XCTAssertFalse(line.contains("00109"))
        XCTAssertTrue(line.contains(" k30=v "))
        XCTAssertFalse(line.contains(" k31=v"), "field 33 and later are dropped")
        XCTAssertTrue(line.hasSuffix(" fields_dropped=3"))

        logger.info(String(repeating: "m", count: Logger.maxMessageCharacters * 3))
        let cut = String(repeating: "m", count: Logger.maxMessageCharacters - 1) + "…"
        XCTAssertEqual(collector.written.last?.hasSuffix("msg=\"\(cut)\""), true)
    }

    func testClockIsReadForEveryLine() {
        let collector = CollectingSink()
        let now = Mutex<Int64>(0)
        let logger = Logger(sink: collector.sink, clock: { now.withLock { $0 } })
        logger.info("a")
        now.withLock { $0 = 86_400_000 + 1 }
        logger.info("b")
        XCTAssertEqual(collector.written.map { String($0.prefix(32)) }, [
            "ts=1970-01-01T07:00:00.000+07:00", "ts=1970-01-02T07:00:00.001+07:00",
        ])
    }

    func testStandardErrorSinkWritesTheLineAndANewline() throws {
        let captured = try capturingStandardError {
            LogSink.standardError.write("level=info msg=\"Đặng\"")
            LogSink.discard.write("dropped")
        }
        XCTAssertEqual(captured, "level=info msg=\"Đặng\"\n")
    }

    /// Points file descriptor 2 at a pipe while `body` runs and returns what was written.
    private func capturingStandardError(_ body: () -> Void) throws -> String {
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        let saved = dup(STDERR_FILENO)
        XCTAssertGreaterThanOrEqual(saved, 0)
        XCTAssertEqual(dup2(descriptors[1], STDERR_FILENO), STDERR_FILENO)
        body()
        XCTAssertEqual(dup2(saved, STDERR_FILENO), STDERR_FILENO)
        close(saved)
        close(descriptors[1])
        let handle = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true)
        let data = try XCTUnwrap(handle.readToEnd())
        return String(decoding: data, as: UTF8.self)
    }

    private struct LookupError: Error, CustomStringConvertible {
        let number: String
        var description: String { "no applicant \(number)" }
    }
}
