import CaseCore
import XCTest

@testable import CaseStorage
import CaseReplication

/// `SQLiteReplicaLog.apply` beyond the `ReplicaLog` contract (which
/// `SQLiteReplicaLogContractTests` holds it to): what it refuses and why, duplicates (an
/// anomaly only when they differ from the stored event, Unicode normalisation aside), and a
/// varied history stored and read back.
final class ReplicaApplyTests: XCTestCase {
    func testApplyingTheSameBatchTwiceStoresItOnce() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("idempotent")
        let events = StateDigestMaintenanceTests.clusterHistory()

        let first = try log.apply(events)
        let afterFirst = try ReplicaContents(log.store)
        let second = try log.apply(events)

        XCTAssertEqual(first.count, events.count)
        XCTAssertEqual(second, [])
        XCTAssertEqual(try ReplicaContents(log.store), afterFirst)
        XCTAssertEqual(log.anomalies, ReplicaLogAnomalies(), "identical duplicates are not anomalies")
    }

    func testABatchWithAnInvalidEventIsRefusedWholeAndStoresNothing() throws {
        var factory = EventFactory()
        let cases: [(name: String, invalid: ChangeEvent)] = [
            ("upper-case origin", factory.filed(EventFactory.code(9), at: "N9")),
            ("empty origin", factory.filed(EventFactory.code(9), at: "")),
            ("origin with a space", factory.step(.note, on: EventFactory.code(1), at: "xã an")),
            ("malformed dossier code", factory.step(.note, on: "H56-2025-1", at: "n9")),
            ("dossier code with SQL", factory.step(.note, on: "x'; DROP TABLE events; --", at: "n9")),
            ("filing without applicant", factory.make(
                origin: "n9", code: EventFactory.code(9), kind: .filed,
                payload: ["procedureCode": "1.001612", "receivingCentre": "n9", "competentCentre": "n9", "originalDueAtMs": 1])),
            ("filing whose payload is not an object", factory.make(
                origin: "n9", code: EventFactory.code(9), kind: .filed, payload: .string("filed"))),
            ("step naming another centre than its origin", {
                let step = factory.step(.note, on: EventFactory.code(1), at: "n9")
                return ChangeEvent(origin: step.origin, sequence: step.sequence, timestamp: step.timestamp, dossierCode: step.dossierCode,
                                   kind: step.kind, actor: step.actor, centre: "n1", payload: step.payload)
            }()),
        ]
        // Prepared by a receiving thread or not: the checks done ahead let no invalid event through.
        for (name, invalid) in cases + cases.map({ ("\($0.name), prepared", $0.invalid.preparedForStorage()) }) {
            let fixture = try StoreFixture()
            let log = try fixture.log("invalid")
            let valid = StateDigestMaintenanceTests.clusterHistory()
            let batch = name.hasSuffix("prepared") ? (valid + [invalid]).map { $0.preparedForStorage() } : valid + [invalid]

            XCTAssertThrowsError(try log.apply(batch), name) { error in
                guard case .invalidEvent(let id, _, let count)? = error as? ReplicatedBatchRefusal else {
                    return XCTFail("\(name): \(error)")
                }
                XCTAssertEqual(id, invalid.id, name)
                XCTAssertEqual(count, valid.count + 1, name)
            }
            XCTAssertEqual(try log.versionVector(), VersionVector(), name)
            XCTAssertEqual(try ReplicaContents(log.store).eventCount, 0, name)
            XCTAssertEqual(try ReplicaContents(log.store).states, [:], name)
            XCTAssertEqual(try log.digest(), .zero, name)
        }
    }

    /// The refusal reaches the node's log (`casestore_replication` storage errors), so it
    /// names the event and the field, never what the field held.
    func testARefusalNamesTheFieldButRepeatsNoValueFromTheEvent() throws {
        var factory = EventFactory()
        let nameInAnEnumeration = factory.make(
            origin: "n9", code: EventFactory.code(9), kind: .filed,
            payload: ["procedureCode": "1.001612", "receivingCentre": "n9", "competentCentre": "n9", "originalDueAtMs": 1,
                      "applicant": ["kind": "Nguyễn Văn An", "fullName": "Nguyễn Văn An", "idNumber": "001090012345"]])
        let nameAsADossierCode = factory.step(.note, on: "Trần Thị Bình", at: "n9")
        for (invalid, says) in [(nameInAnEnumeration, "payload.applicant.kind is missing or invalid"), (nameAsADossierCode, "not a dossier code")] {
            let fixture = try StoreFixture()
            let log = try fixture.log("refusal-text")
            XCTAssertThrowsError(try log.apply([invalid])) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(says), text)
                XCTAssertFalse(text.contains("Nguyễn") || text.contains("Trần"), text)
            }
        }
    }

    func testAnEventHeldWithDifferentContentIsCountedAndNotOverwritten() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("divergent")
        var factory = EventFactory()
        let original = factory.filed(EventFactory.code(1), at: "n1")
        _ = try log.apply([original])
        let before = try ReplicaContents(log.store)
        let impostor = ChangeEvent(
            origin: original.origin, sequence: original.sequence, timestamp: original.timestamp,
            dossierCode: original.dossierCode, kind: original.kind, actor: "someone else", centre: original.centre,
            payload: original.payload)

        XCTAssertEqual(try log.apply([impostor]), [])

        XCTAssertEqual(try log.event(original.id)?.content, original)
        XCTAssertEqual(try ReplicaContents(log.store), before)
        XCTAssertEqual(log.anomalies.divergentDuplicates, 1)
        XCTAssertEqual(log.anomalies.lastDivergentDuplicate, original.id)
    }

    func testACopyDifferingOnlyInUnicodeNormalisationIsNotAnAnomaly() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("normalisation")
        var factory = EventFactory()
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"  // "Nguyễn Văn Ánh" in NFD
        let original = factory.filed(EventFactory.code(1), at: "n1", applicant: decomposed)

        _ = try log.apply([original])
        XCTAssertEqual(try log.apply([original]), [])

        XCTAssertEqual(log.anomalies.divergentDuplicates, 0)
        let stored = try XCTUnwrap(try log.event(original.id))
        XCTAssertEqual(stored.payload["applicant"]?["fullName"]?.stringValue?.unicodeScalars.count, 14, "stored in NFC")
    }

    func testStoredEventsReadBackAsApplied() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("readback")
        let events = StateDigestMaintenanceTests.clusterHistory()
        _ = try log.apply(events)

        for event in events { XCTAssertEqual(try log.event(event.id)?.content, event) }
        XCTAssertNil(try log.event(EventID(origin: "n1", sequence: 99)))
        XCTAssertNil(try log.event(EventID(origin: "n7", sequence: 1)))
    }
}
