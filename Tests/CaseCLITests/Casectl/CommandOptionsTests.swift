import CaseNet
import XCTest
@testable import CaseCLI
import CaseArguments
import CaseSupport

/// The mapping from casectl's options to request bodies and query strings, without a node.
final class CommandOptionsTests: XCTestCase {
    private func parse(_ arguments: [String]) throws -> ParsedArguments {
        switch try ArgumentParser(root: CasectlSpec.root).parse(arguments) {
        case .parsed(let parsed): return parsed
        case .helpRequested: throw UnexpectedHelp(arguments: arguments)
        }
    }

    func testDocumentsParseNameOriginalsAndCopies() throws {
        let cases: [(text: String, json: JSONValue)] = [
            ("Tờ khai", ["name": "Tờ khai"]),
            ("Tờ khai:2", ["name": "Tờ khai", "originals": 2]),
            ("Tờ khai:1:0", ["name": "Tờ khai", "originals": 1, "copies": 0]),
            ("Bản sao CCCD:0:3", ["name": "Bản sao CCCD", "originals": 0, "copies": 3]),
        ]
        for (text, json) in cases {
            XCTAssertEqual(try FilingOptions.document(text), json, text)
        }
        for bad in ["", ":1", "Tờ khai:", "Tờ khai:1:", "Tờ khai:x", "Tờ khai:1:y", "Tờ khai:1:0:0"] {
            XCTAssertThrowsError(try FilingOptions.document(bad), bad) { error in
                XCTAssertTrue((error as? CasectlUsageError)?.message.hasPrefix("--document '\(bad)': ") ?? false, "\(error)")
            }
        }
    }

    func testFilingOptionsBecomeTheFilingBody() throws {
        let arguments = try parse([
            "file", "--procedure", "1.001612", "--name", "Nguyễn Văn Ánh", "--id-number", "0123456789", "--organisation",
            "--email", "a@b.vn", "--commune", "08800", "--competent", "n2", "--document", "Tờ khai:1:0",
        ])
        let body = try FilingOptions.body(from: arguments, readInput: { _ in [] })
        XCTAssertEqual(body, [
            "procedureCode": "1.001612",
            "applicant": [
                "fullName": "Nguyễn Văn Ánh", "idNumber": "0123456789", "kind": "organisation", "email": "a@b.vn",
                "address": ["communeCode": "08800"],
            ],
            "competentCentre": "n2",
            "documents": [["name": "Tờ khai", "originals": 1, "copies": 0]],
        ])
    }

    func testActOptionsBecomeTheActionBody() throws {
        let arguments = try parse([
            "act", "LOCAL-250701-0001", "apologize", "--new-due-at", "2025-07-10T17:00:00+07:00", "--reason", "quá tải",
        ])
        XCTAssertEqual(try ActOptions.body(action: "apologize", from: arguments), [
            "action": "apologize", "newDueAt": "2025-07-10T17:00:00+07:00", "reason": "quá tải",
        ])
    }

    func testFindOptionsBecomeAnEncodedQuery() throws {
        let cases: [(arguments: [String], query: String)] = [
            (["find"], ""),
            (["find", "Hồ sơ"], "q=H%E1%BB%93%20s%C6%A1"),
            (["find", "a&b=c+d"], "q=a%26b%3Dc%2Bd"),
            (["find", "--status", "processing", "--overdue", "--limit", "5", "--offset", "10"],
             "status=processing&overdue=true&limit=5&offset=10"),
            (["find", "--id-number", "001090012345", "--centre", "n2"], "idNumber=001090012345&centre=n2"),
        ]
        for (arguments, query) in cases {
            XCTAssertEqual(try FindOptions.query(from: try parse(arguments)), query, "\(arguments)")
        }
    }

    func testPercentEncodingAgreesWithTheHTTPLayer() {
        for text in ["Nguyễn Văn Ánh", "LOCAL-250701-0001", "a/b?c#d", "100% ~_.-", "Đ đ", "日本", "emoji 🙂", ""] {
            XCTAssertEqual(FindOptions.percentEncoded(text), PercentEncoding.encodeComponent(text), text)
            XCTAssertEqual(PercentEncoding.decode(Substring(FindOptions.percentEncoded(text)), plusIsSpace: false), text, text)
        }
    }
}

private struct UnexpectedHelp: Error {
    let arguments: [String]
}
