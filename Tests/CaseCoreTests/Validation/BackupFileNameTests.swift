import CaseCore
import XCTest

/// A backup is named by a file name in the node's backup directory, never a path.
final class BackupFileNameTests: XCTestCase {
    func testPlainFileNamesAreAccepted() {
        for name in ["casestore.sqlite", "n1-2026-11-21T0900.sqlite", "A_b-9", "7", String(repeating: "x", count: BackupFileName.maxBytes)] {
            XCTAssertNoThrow(try BackupFileName.validate(name), name)
            XCTAssertTrue(BackupFileName.isValid(name), name)
        }
    }

    func testPathsDotDotAndOddNamesAreRefusedSayingWhy() {
        let cases: [(name: String, says: String)] = [
            ("/var/backups/x.sqlite", "must be a file name, not a path: the node writes backups only into its backup directory"),
            ("/etc/passwd", "not a path"),
            ("../x.sqlite", "not a path"),
            ("a/b", "not a path"),
            ("x/", "not a path"),
            ("..", "must not contain '..'"),
            ("x..sqlite", "must not contain '..'"),
            ("backup..", "must not contain '..'"),
            (".", "must start with a letter or a digit"),
            (".hidden", "must start with a letter or a digit"),
            ("-rf", "must start with a letter or a digit"),
            ("_x", "must start with a letter or a digit"),
            ("sao lưu", "it contains a space"),
            ("lưu", "it contains a character that is not ASCII"),
            ("x\u{0}y", "it contains a control character"),
            ("x\ny", "it contains a control character"),
            ("x*y", "it contains '*'"),
            ("x\\y", "it contains '\\'"),
            ("$HOME", "it contains '$'"),
            ("", "is required"),
            (String(repeating: "x", count: BackupFileName.maxBytes + 1), "is longer than 128 bytes"),
        ]
        for (name, says) in cases {
            XCTAssertFalse(BackupFileName.isValid(name), name)
            XCTAssertThrowsError(try BackupFileName.validate(name), name) { error in
                let issue = error as? ValidationIssue
                XCTAssertEqual(issue?.field, "file", name)
                XCTAssertTrue(issue?.message.contains(says) ?? false, "\(name): \(String(describing: issue))")
            }
        }
    }
}
