import XCTest
@testable import CaseNet

/// The rule behind "strangers cannot lock out the callers a server knows", without sockets.
final class ConnectionSlotsTests: XCTestCase {
    private func slots(total: Int = 8, unauthenticated: Int = 4, perAddress: Int = 3) -> ConnectionSlots {
        ConnectionSlots(limits: .init(maxConnections: total, maxUnauthenticated: unauthenticated, maxPerAddress: perAddress))
    }

    /// Admits and returns the new slot's id, failing the test if it was refused.
    private func admit(_ slots: inout ConnectionSlots, _ address: String, evicting expected: ConnectionSlots.ID? = nil,
                       file: StaticString = #filePath, line: UInt = #line) -> ConnectionSlots.ID {
        guard case .admitted(let id, let evicted) = slots.admit(from: address) else {
            XCTFail("\(address) was refused", file: file, line: line)
            return -1
        }
        XCTAssertEqual(evicted, expected, "evicted", file: file, line: line)
        return id
    }

    func testThereIsRoomUntilALimitIsReached() {
        var table = slots()
        let first = admit(&table, "a")
        let second = admit(&table, "b")
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table.unauthenticatedCount, 2)
        table.authenticate(first)
        XCTAssertEqual(table.unauthenticatedCount, 1)
        XCTAssertTrue(table.release(second))
        XCTAssertFalse(table.release(second), "a slot is released once")
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table.count(from: "a"), 1)
        XCTAssertEqual(table.count(from: "b"), 0)
    }

    func testAnAddressAtItsBoundEvictsItsOwnOldestStranger() {
        var table = slots(perAddress: 3)
        let attacker = (0..<3).map { _ in admit(&table, "10.0.0.7") }
        let bystander = admit(&table, "10.0.0.9")
        // The admin shares the attacker's address: it gets in, by closing the attacker's oldest.
        let admin = admit(&table, "10.0.0.7", evicting: attacker[0])
        XCTAssertTrue(table.contains(bystander), "another address is never touched for this")
        XCTAssertEqual(table.count(from: "10.0.0.7"), 3)
        table.authenticate(admin)
        XCTAssertEqual(admit(&table, "10.0.0.7", evicting: attacker[1]), admin + 1)
        XCTAssertEqual(admit(&table, "10.0.0.7", evicting: attacker[2]), admin + 2)
        XCTAssertTrue(table.contains(admin), "an authenticated caller is never evicted")
    }

    func testAnAddressWhoseConnectionsAllAuthenticatedIsRefused() {
        var table = slots(perAddress: 2)
        for _ in 0..<2 { table.authenticate(admit(&table, "a")) }
        XCTAssertEqual(table.admit(from: "a"), .refused(.addressFull))
        XCTAssertEqual(table.count, 2, "a refusal changes nothing")
    }

    func testWhenStrangersFillTheirShareTheBusiestAddressLosesItsOldest() {
        var table = slots(total: 8, unauthenticated: 4, perAddress: 8)
        let flood = (0..<3).map { _ in admit(&table, "flood") }
        let lone = admit(&table, "lone")
        // A newcomer from a third address: the flood, holding most, gives up its oldest.
        let newcomer = admit(&table, "new", evicting: flood[0])
        XCTAssertTrue(table.contains(lone), "a lone caller is not pushed out while a flood is on")
        // The flood's own newcomers evict the flood's oldest, never the others.
        XCTAssertEqual(admit(&table, "flood", evicting: flood[1]), newcomer + 1)
        XCTAssertTrue(table.contains(lone) && table.contains(newcomer))
    }

    func testAmongEquallyBusyAddressesTheOldestConnectionGoes() {
        var table = slots(total: 8, unauthenticated: 2, perAddress: 8)
        let first = admit(&table, "a")
        let second = admit(&table, "b")
        XCTAssertEqual(admit(&table, "c", evicting: first), second + 1)
    }

    func testAFullServerEvictsAStrangerAndRefusesOnlyWhenAllAuthenticated() {
        var table = slots(total: 3, unauthenticated: 3, perAddress: 3)
        let members = (0..<2).map { index in admit(&table, "m\(index)") }
        members.forEach { table.authenticate($0) }
        let stranger = admit(&table, "s")
        XCTAssertEqual(admit(&table, "t", evicting: stranger), stranger + 1, "the total bound evicts a stranger too")
        table.authenticate(stranger + 1)
        XCTAssertEqual(table.admit(from: "u"), .refused(.serverFull))
        XCTAssertEqual(table.count, 3)
    }

    func testAuthenticatingAReleasedSlotChangesNothing() {
        var table = slots()
        let id = admit(&table, "a")
        table.release(id)
        table.authenticate(id)
        XCTAssertEqual(table.count, 0)
        XCTAssertEqual(table.unauthenticatedCount, 0)
        XCTAssertFalse(table.isAuthenticated(id))
    }

    func testClientKeysGroupIPv6ByItsSlash64AndReadMappedIPv4AsIPv4() {
        XCTAssertEqual(SocketAddress.clientKey(addressBytes: [10, 0, 0, 7]), "10.0.0.7")
        let v6: [UInt8] = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2] + [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1]
        let sameSubnet: [UInt8] = Array(v6[0..<8]) + [1, 2, 3, 4, 5, 6, 7, 8]
        XCTAssertEqual(SocketAddress.clientKey(addressBytes: v6), "2001:db8:1:2::/64")
        XCTAssertEqual(SocketAddress.clientKey(addressBytes: sameSubnet), "2001:db8:1:2::/64",
                       "a subscriber's /64 is one client, not 2^64")
        let mapped: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF, 192, 168, 1, 20]
        XCTAssertEqual(SocketAddress.clientKey(addressBytes: mapped), "192.168.1.20")
    }
}
