import XCTest
@testable import CaseNode

/// The `name` setting: a display name for people, NFC-normalised, defaulting to the id.
final class NodeNameSettingTests: XCTestCase {
    func testTheNameDefaultsToTheNodeId() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": "n7"], source: "--")
        XCTAssertNil(configuration.name)
        XCTAssertEqual(configuration.displayName, "n7")
    }

    func testTheNameIsNormalisedToNFCWithMarksInOrder() throws {
        let cases: [(given: String, stored: String)] = [
            ("Xã Phước Long", "Xã Phước Long"),
            ("Xã Phước Long".decomposedStringWithCanonicalMapping, "Xã Phước Long"),
            // "ấ" typed as a + acute + circumflex (tone before shape): one canonical form.
            ("Ba\u{0301}\u{0302}c Ninh", "Bấc Ninh"),
            ("  Xã   Tân\tPhú  ", "Xã Tân Phú"),
        ]
        for (given, stored) in cases {
            var configuration = NodeConfiguration()
            try configuration.apply(["name": given], source: "--")
            XCTAssertEqual(configuration.name, stored, given.debugDescription)
            XCTAssertEqual(configuration.displayName.unicodeScalars.count, stored.unicodeScalars.count)
        }
    }

    func testUnusableNamesAreRefusedNamingTheSetting() throws {
        let cases: [(given: String, message: String)] = [
            ("   ", "name: the display name must be 1 to 200 characters, got 0"),
            (String(repeating: "ữ", count: 201), "name: the display name must be 1 to 200 characters, got 201"),
            ("Xã\u{07}Bell", "name: the display name must not contain control characters"),
        ]
        for (given, message) in cases {
            var configuration = NodeConfiguration()
            XCTAssertThrowsError(try configuration.apply(["name": given], source: "--")) { error in
                XCTAssertEqual((error as? ConfigurationError)?.message, message, given.debugDescription)
            }
        }
    }

    func testAConfigFileMayGiveTheName() throws {
        let path = NSTemporaryDirectory() + "casestore-name-\(UUID().uuidString).json"
        try Data(#"{"id": "n2", "name": "Phường Bến Thành"}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = NodeConfiguration()
        try configuration.apply(try NodeConfiguration.settings(fromFile: path), source: "config file: ")
        XCTAssertEqual(configuration.displayName, "Phường Bến Thành")
        XCTAssertTrue(NodeConfiguration.settingNames.contains("name"))
    }
}
