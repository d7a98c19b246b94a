import FaultHarness
import TestSupport
import XCTest

final class FaultProxyTests: XCTestCase {
    private var upstream: LoopbackUpstream!
    private var proxy: FaultProxy!

    override func setUpWithError() throws {
        upstream = try LoopbackUpstream()
        proxy = try FaultProxy(name: "b", upstream: ("127.0.0.1", upstream.port))
        proxy.start()
    }

    override func tearDown() {
        proxy.stop()
    }

    private var helloLength: Int { FakeSender.hello(from: "a").count }

    func testPassForwardsTheHelloAndDataBothWays() throws {
        let sender = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        try sender.send("ping")
        let back = sender.readBack(count: helloLength + 4)
        XCTAssertEqual(back.bytes, FakeSender.hello(from: "a") + Array("ping".utf8))
        XCTAssertEqual(upstream.connections.first, FakeSender.hello(from: "a") + Array("ping".utf8))
    }

    func testDelayStillDeliversEverythingInOrder() throws {
        proxy.setMode(.delay(ms: 50), from: "a")
        let sender = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        try sender.send("one")
        try sender.send("two")
        let back = sender.readBack(count: helloLength + 6)
        XCTAssertEqual(Array(back.bytes.suffix(6)), Array("onetwo".utf8))
        XCTAssertEqual(proxy.mode(from: "a"), .delay(ms: 50))
    }

    func testBlackHoleSwallowsBytesAndBreaksTheStreamWhenHealed() throws {
        let sender = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        try sender.send("seen")
        XCTAssertEqual(sender.readBack(count: helloLength + 4).bytes.count, helloLength + 4)
        proxy.setMode(.blackHole, from: "a")
        try sender.send("lost")
        XCTAssertTrue(eventually { proxy.counters.bytesDropped == 4 })
        XCTAssertEqual(upstream.connections.first.map { Array($0.suffix(4)) }, Array("seen".utf8))
        proxy.setMode(.pass, from: "a")
        try sender.send("after")
        // The stream has a hole in it, so healing closes it rather than splice.
        XCTAssertTrue(sender.readBack(count: 1).closed)
        XCTAssertFalse(upstream.connections.first.map { String(decoding: $0, as: UTF8.self).contains("after") } ?? true)
    }

    func testRefuseClosesNewConnectionsFromThatSenderOnly() throws {
        proxy.setMode(.refuse, from: "a")
        let refused = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        XCTAssertTrue(refused.readBack(count: 1).closed)
        let other = try FakeSender(nodeID: "c", proxyPort: proxy.listenPort)
        try other.send("hi")
        XCTAssertEqual(other.readBack(count: helloLength + 2).bytes.count, helloLength + 2)
        XCTAssertEqual(proxy.counters.connectionsRefused, 1)
    }

    func testResetClosesLiveConnectionsOfTheNamedSender() throws {
        let victim = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        let survivor = try FakeSender(nodeID: "c", proxyPort: proxy.listenPort)
        XCTAssertEqual(victim.readBack(count: helloLength).bytes.count, helloLength)
        XCTAssertEqual(survivor.readBack(count: helloLength).bytes.count, helloLength)
        XCTAssertEqual(proxy.resetConnections(from: "a"), 1)
        XCTAssertTrue(victim.readBack(count: 1).closed)
        try survivor.send("ok")
        XCTAssertEqual(survivor.readBack(count: 2).bytes, Array("ok".utf8))
        XCTAssertEqual(proxy.counters.connectionsReset, 1)
    }

    func testOneWayCutLeavesOtherSendersFlowing() throws {
        proxy.setMode(.blackHole, from: "a")
        let cut = try FakeSender(nodeID: "a", proxyPort: proxy.listenPort)
        let open = try FakeSender(nodeID: "c", proxyPort: proxy.listenPort)
        try open.send("fine")
        XCTAssertEqual(open.readBack(count: helloLength + 4).bytes.count, helloLength + 4)
        try cut.send("gone")
        XCTAssertTrue(eventually { proxy.counters.bytesDropped >= 4 })
        // Nothing at all from a reached the receiver, not even its hello.
        XCTAssertEqual(upstream.connections.filter { !$0.isEmpty }, [FakeSender.hello(from: "c") + Array("fine".utf8)])
    }

    func testDefaultModeAppliesToSendersWithoutTheirOwn() throws {
        proxy.setMode(.refuse)
        proxy.setMode(.pass, from: "c")
        XCTAssertEqual(proxy.mode(from: "a"), .refuse)
        XCTAssertEqual(proxy.mode(from: "c"), .pass)
        proxy.clearModes()
        XCTAssertEqual(proxy.mode(from: "a"), .pass)
    }
}
