import CaseCore
import XCTest
@testable import CaseCLI

/// `casectl verify` compares each province's members with each other only.
final class ProvinceGroupsTests: XCTestCase {
    private func member(_ id: String, _ province: String?) -> ClusterMember {
        ClusterMember(id: id, state: "alive", address: "127.0.0.1:1", province: province)
    }

    func testMembersOfOneProvinceOrOfNoneAreOneGroupAsBefore() throws {
        let members = [member("n1", "00"), member("n2", "00"), member("n3", nil)]
        XCTAssertEqual(try ProvinceGroups.of(members, province: nil), ProvinceGroups(groups: [.init(province: nil, members: members)]))
    }

    func testMembersOfTwoProvincesAreComparedProvinceByProvinceAndTheUnplacedWithNobody() throws {
        let members = [member("p1", "01"), member("q1", "79"), member("p2", "01"), member("x", nil)]
        let groups = try ProvinceGroups.of(members, province: nil)
        XCTAssertEqual(groups.groups.map(\.province), ["01", "79", ProvinceGroups.unplaced])
        XCTAssertEqual(groups.groups[0].members.map(\.id), ["p1", "p2"])
        XCTAssertEqual(groups.groups[2].members.map(\.id), ["x"])
    }

    func testOneProvinceIsChosenAndAProvinceWithoutMembersIsRefusedNamingTheOthers() throws {
        let members = [member("p1", "01"), member("q1", "79")]
        XCTAssertEqual(try ProvinceGroups.of(members, province: ProvinceCode("79")).groups.map { $0.members.map(\.id) }, [["q1"]])
        XCTAssertThrowsError(try ProvinceGroups.of(members, province: ProvinceCode("48"))) { error in
            XCTAssertEqual((error as? CasectlUsageError)?.message,
                           "--province 48: no member of province 48 (Thành phố Đà Nẵng) is known to the node asked; its members are in 01, 79")
        }
    }
}
