import CaseCore
import CaseReplication
import CaseSupport
@testable import CaseWire
import TestSupport
import XCTest

/// The province mergers' messages (kinds 28 and 29) are read as hostile input and travel on
/// version-10 sessions only: an older peer is sent none.
final class ProvinceMergeCodecTests: XCTestCase {
    private let merges = PeerMessageSamples.provinceMerges

    func testMergersAreRefusedInAnOlderFrameAndDroppedForAnOlderSession() throws {
        try assertTravelsOnlyOnVersion(10, [.provinceMerges(merges), .provinceMergeDigest(Array(repeating: 1, count: 32), isReply: false)])
    }

    func testTwoMergersOfOneProvinceRefuseTheMessage() throws {
        let later = try ProvinceMergeSamples.merge("00", into: "01", atMs: ProvinceMergeSamples.issuedAtMs + 1)
        let frame = PeerMessageCodec.encode(.provinceMerges([merges[0], later]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
            XCTAssertTrue("\(error)".contains("two province mergers of 00"), "\(error)")
        }
    }

    func testATamperedOversizedOrTooNumerousMergerIsRefused() {
        // count 1, the merger's length (one byte), then its format byte.
        assertRefusesTamperedOversizedOrTooManyRecords(
            .provinceMerges, version: 10, oneRecord: .provinceMerges([merges[0]]), formatByteOffset: 2,
            maxRecordBytes: ProvinceMerge.maxEncodedBytes, maxCount: ReplicationNode.maxProvinceMergesPerMessage)
    }
}
