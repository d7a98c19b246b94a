import XCTest
@testable import CaseNet

final class OutboundFrameQueueTests: XCTestCase {
    func testOverflowDropsTheNewestByCountAndByBytes() {
        var byCount = OutboundFrameQueue(maxFrames: 2, maxBytes: 100)
        XCTAssertTrue(byCount.append([1]))
        XCTAssertTrue(byCount.append([2]))
        XCTAssertFalse(byCount.append([3]))
        XCTAssertEqual(byCount.takeBatch(maxBytes: 100).frames, [[1], [2]], "the older frames stay")

        var byBytes = OutboundFrameQueue(maxFrames: 10, maxBytes: 5)
        XCTAssertTrue(byBytes.append([1, 1, 1]))
        XCTAssertFalse(byBytes.append([2, 2, 2]))
        XCTAssertTrue(byBytes.append([3, 3]))
        XCTAssertEqual(byBytes.byteCount, 5)
        XCTAssertFalse(byBytes.append([4]))
    }

    func testBatchesKeepOrderAndStayWithinTheirSizeButTakeAtLeastOneFrame() {
        var queue = OutboundFrameQueue(maxFrames: 10, maxBytes: 100)
        for frame: [UInt8] in [[1, 1], [2, 2], [3, 3, 3, 3, 3, 3], [4]] { XCTAssertTrue(queue.append(frame)) }
        var batch = queue.takeBatch(maxBytes: 4)
        XCTAssertEqual(batch.frames, [[1, 1], [2, 2]])
        XCTAssertEqual(batch.byteCount, 4)
        batch = queue.takeBatch(maxBytes: 4)
        XCTAssertEqual(batch.frames, [[3, 3, 3, 3, 3, 3]], "a frame larger than the batch goes alone")
        XCTAssertEqual(batch.byteCount, 6)
        XCTAssertEqual(queue.count, 1)
        XCTAssertEqual(queue.byteCount, 1)
        XCTAssertTrue(queue.append([5]))
        XCTAssertEqual(queue.takeBatch(maxBytes: 100).frames, [[4], [5]])
        XCTAssertTrue(queue.isEmpty)
        XCTAssertEqual(queue.byteCount, 0)
    }

    func testRemoveAllReportsWhatWasDropped() {
        var queue = OutboundFrameQueue(maxFrames: 10, maxBytes: 100)
        _ = queue.append([1, 2, 3])
        _ = queue.append([4])
        let dropped = queue.removeAll()
        XCTAssertEqual(dropped.frameCount, 2)
        XCTAssertEqual(dropped.byteCount, 4)
        XCTAssertTrue(queue.isEmpty)
        XCTAssertTrue(queue.append(Array(repeating: 0, count: 100)), "the bounds are free again")
    }
}
