import Foundation
import XCTest
import CaseSupport
import TestSupport

/// Round trips through a real decoder: each symbol is drawn as a greyscale image with the
/// standard's 4-module quiet zone and must scan with zbarimg (Debian's zbar-tools) to
/// exactly the input. A missing zbarimg fails the test: `.ci/run` installs it.
final class QRCodeScanTests: XCTestCase {
    func testEveryVersionScansBackToItsInputAtItsCapacityBoundaries() throws {
        let capacities = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]
        var lengths = [1, 2, 5]
        for capacity in capacities { lengths += [capacity - 1, capacity] }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?=&")
        var versions: Set<Int> = []
        for length in lengths {
            let text = String((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] })
            let code = try QRCode(text: text)
            versions.insert(code.version)
            XCTAssertEqual(try Self.scan(code), text, "length \(length), version \(code.version), mask \(code.mask)")
        }
        XCTAssertEqual(versions, Set(1...10))
    }

    func testVietnameseUTF8ScansBackExactly() throws {
        let texts = [
            "Nguyễn Văn Ánh",
            "Đặng Thị Hồng Nhung — Phường Ba Đình, Hà Nội",
            "Trung tâm Phục vụ hành chính công xã Phước Long: Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H56-250701-0042",
        ]
        for text in texts {
            let code = try QRCode(text: text)
            XCTAssertEqual(try Self.scan(code), text, "version \(code.version)")
        }
    }

    /// Every mask pattern is valid: force each one by scanning many inputs until all eight were chosen.
    func testSymbolsOfEveryMaskPatternScan() throws {
        var masksSeen: Set<Int> = []
        var index = 0
        while masksSeen.count < 8 && index < 400 {
            let text = "ma=\(index)-\(String(repeating: "x", count: index % 30))"
            let code = try QRCode(text: text)
            if masksSeen.insert(code.mask).inserted {
                XCTAssertEqual(try Self.scan(code), text, "mask \(code.mask)")
            }
            index += 1
        }
        XCTAssertEqual(masksSeen, Set(0..<8), "inputs tried: \(index)")
    }

    /// Writes the symbol as a binary PGM, 4 pixels a module with a 4-module quiet zone,
    /// and returns what zbarimg reads from it.
    static func scan(_ code: QRCode) throws -> String {
        let directory = try TemporaryDirectory()
        let file = directory.path("symbol.pgm")
        try QRImage.pgm(code).write(to: URL(fileURLWithPath: file))
        return try QRScanner.scan(file).joined(separator: "\n")
    }
}

/// A QR symbol as a greyscale image file, for decoders.
enum QRImage {
    static func pgm(_ code: QRCode, pixelsPerModule: Int = 4, quietZone: Int = 4) -> Data {
        let side = (code.size + 2 * quietZone) * pixelsPerModule
        var data = Data("P5\n\(side) \(side)\n255\n".utf8)
        for pixelY in 0..<side {
            for pixelX in 0..<side {
                let x = pixelX / pixelsPerModule - quietZone, y = pixelY / pixelsPerModule - quietZone
                let dark = (0..<code.size).contains(x) && (0..<code.size).contains(y) && code[x, y]
                data.append(dark ? 0 : 255)
            }
        }
        return data
    }
}
