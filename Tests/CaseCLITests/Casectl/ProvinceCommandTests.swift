import CaseCore
import CaseSupport
import XCTest
@testable import CaseCLI

/// `casectl province` and `casectl centre`: codes checked before anything is signed, and
/// what a node's answers look like to an admin.
final class ProvinceCommandTests: XCTestCase {
    func testAProvinceCodeIsCheckedBeforeAnythingIsSigned() throws {
        XCTAssertEqual(try ProvinceCommand.code("79", "FROM"), ProvinceCode("79"))
        XCTAssertEqual(try ProvinceCommand.code("00", "FROM"), .unnamed)
        for (text, expected) in [("17", "not one of the 34 province codes"), ("1", "not one of"), (nil, "missing --into")] {
            XCTAssertThrowsError(try ProvinceCommand.code(text, "--into")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
    }

    func testShowSaysTheProvinceNowTheCertifiedOneAndTheMergers() {
        let answer: JSONValue = [
            "divided": true, "province": ["code": "01", "name": "Thành phố Hà Nội"],
            "certifiedProvince": ["code": "00", "name": "(no province)"],
            "follows": [["code": "00", "name": "(no province)"], ["code": "01", "name": "Thành phố Hà Nội"]],
            "merges": [["from": ["code": "00", "name": "(no province)"], "into": ["code": "01", "name": "Thành phố Hà Nội"], "issuedAt": "2026-12-07T05:41:05.684+07:00"]],
        ]
        let text = ProvinceCommand.renderShown(answer)
        XCTAssertTrue(text.hasPrefix("Province: 01 (Thành phố Hà Nội), certified for 00 (no province)\nFollows the streams of: 00, 01"), text)
        XCTAssertTrue(text.contains("00 (no province)  01 (Thành phố Hà Nội)  2026-12-07T05:41:05.684+07:00"), text)
        XCTAssertEqual(ProvinceCommand.renderShown(["divided": false]), "This node runs without a province: it holds every dossier.")
    }
}
