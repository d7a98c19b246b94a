import FaultHarness
import XCTest

final class ProxyCommandTests: XCTestCase {
    func testParsesEveryCommand() throws {
        let cases: [(String, ProxyCommand)] = [
            ("pass", .setMode(.pass, sender: nil)),
            ("pass *", .setMode(.pass, sender: nil)),
            ("blackhole n1", .setMode(.blackHole, sender: "n1")),
            ("refuse n2", .setMode(.refuse, sender: "n2")),
            ("delay 250 n3", .setMode(.delay(ms: 250), sender: "n3")),
            ("delay 0", .setMode(.delay(ms: 0), sender: nil)),
            ("reset", .reset(sender: nil)),
            ("reset n4", .reset(sender: "n4")),
            ("upstream 127.0.0.1:7411", .upstream(host: "127.0.0.1", port: 7411)),
            ("STATUS", .status),
            ("quit", .quit),
        ]
        for (line, expected) in cases {
            XCTAssertEqual(try ProxyCommand.parse(line), expected, line)
        }
    }

    func testRefusesMalformedLinesWithAReason() {
        let cases: [(String, String)] = [
            ("", "empty command"),
            ("delay", "delay needs milliseconds"),
            ("delay -1", "delay needs milliseconds"),
            ("delay 60001", "delay needs milliseconds"),
            ("pass n1 n2", "at most one sender"),
            ("upstream nowhere", "upstream needs HOST:PORT"),
            ("upstream 127.0.0.1:0", "upstream needs HOST:PORT"),
            ("explode", "unknown command"),
            (String(repeating: "x", count: 600), "at most 512 bytes"),
        ]
        for (line, reason) in cases {
            XCTAssertThrowsError(try ProxyCommand.parse(line), line) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(line): \(error)")
            }
        }
    }
}
