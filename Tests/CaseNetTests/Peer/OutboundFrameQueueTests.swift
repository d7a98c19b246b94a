import XCTest
@testable import CaseNet

final class OutboundFrameQueueTests: XCTestCase {
    func testOverflowDropsTheNewestByCountAndByBytes() {
        var byCount = OutboundFrameQueue(maxFrames: 2, maxBytes: 100)
        XCTAssertTrue(byCount.append(OutboundFrame([1])))
        XCTAssertTrue(byCount.append(OutboundFrame([2])))
        XCTAssertFalse(byCount.append(OutboundFrame([3])))
        XCTAssertEqual(byCount.takeBatch(maxBytes: 100).frames.map(\.plaintext), [[1], [2]], "the older frames stay")

        var byBytes = OutboundFrameQueue(maxFrames: 10, maxBytes: 5)
        XCTAssertTrue(byBytes.append(OutboundFrame([1, 1, 1])))
        XCTAssertFalse(byBytes.append(OutboundFrame([2, 2, 2])))
        XCTAssertTrue(byBytes.append(OutboundFrame([3, 3])))
        XCTAssertEqual(byBytes.byteCount, 5)
        XCTAssertFalse(byBytes.append(OutboundFrame([4])))
    }

    func testBatchesKeepOrderAndStayWithinTheirSizeButTakeAtLeastOneFrame() {
        var queue = OutboundFrameQueue(maxFrames: 10, maxBytes: 100)
        for frame: [UInt8] in [[1, 1], [2, 2], [3, 3, 3, 3, 3, 3], [4]] { XCTAssertTrue(queue.append(OutboundFrame(frame))) }
        var batch = queue.takeBatch(maxBytes: 4)
        XCTAssertEqual(batch.frames.map(\.plaintext), [[1, 1], [2, 2]])
        XCTAssertEqual(batch.byteCount, 4)
        batch = queue.takeBatch(maxBytes: 4)
        XCTAssertEqual(batch.frames.map(\.plaintext), [[3, 3, 3, 3, 3, 3]], "a frame larger than the batch goes alone")
        XCTAssertEqual(batch.byteCount, 6)
        XCTAssertEqual(queue.count, 1)
        XCTAssertEqual(queue.byteCount, 1)
        XCTAssertTrue(queue.append(OutboundFrame([5])))
        XCTAssertEqual(queue.takeBatch(maxBytes: 100).frames.map(\.plaintext), [[4], [5]])
        XCTAssertTrue(queue.isEmpty)
        XCTAssertEqual(queue.byteCount, 0)
    }

    func testRemoveAllReportsWhatWasDropped() {
        var queue = OutboundFrameQueue(maxFrames: 10, maxBytes: 100)
        _ = queue.append(OutboundFrame([1, 2, 3]))
        _ = queue.append(OutboundFrame([4]))
        let dropped = queue.removeAll()
        XCTAssertEqual(dropped.frameCount, 2)
        XCTAssertEqual(dropped.byteCount, 4)
        XCTAssertTrue(queue.isEmpty)
        XCTAssertTrue(queue.append(OutboundFrame(Array(repeating: 0, count: 100))), "the bounds are free again")
    }
}
