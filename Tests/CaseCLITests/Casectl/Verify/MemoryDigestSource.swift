import CaseCore
import Synchronization
@testable import CaseCLI

/// Members' dossiers in memory, answering digest questions the way a node does (parts cut
/// at the codes, listings refused above 1,000), and counting what each answer cost.
///
/// A dossier's made-up state hash is `hash(number, version)`: one 64-bit value in the first
/// limb and 1 in the last, so range digests are cheap sums (a million rows in a debug build
/// in milliseconds) while behaving like the real ones: equal contents, equal digests.
final class MemoryDigestSource: RangeDigestSource, Sendable {
    struct Member: Sendable {
        /// Codes in order.
        var codes: [String]
        /// Each code's hash value (first limb).
        var values: [UInt64]
    }

    private let members: [String: Member]
    private let unreachable: Set<String>
    private let counters = Mutex<(rowsScanned: [String: Int], hashesShipped: Int)>(([:], 0))

    init(members: [String: Member], unreachable: Set<String> = []) {
        for (id, member) in members {
            precondition(member.codes.count == member.values.count, "\(id): a value per code")
            precondition(zip(member.codes, member.codes.dropFirst()).allSatisfy { CodeRange.precedes($0, $1) }, "\(id): codes in order")
        }
        self.members = members
        self.unreachable = unreachable
    }

    /// Members given as code → hash (each made by `hash(_:version:)`), for small cases.
    convenience init(_ members: [String: [String: StateDigest]], unreachable: Set<String> = []) {
        self.init(members: members.mapValues { hashes in
            let codes = hashes.keys.sorted(by: CodeRange.precedes)
            return Member(codes: codes, values: codes.map { hashes[$0]!.limbs[0] })
        }, unreachable: unreachable)
    }

    var rowsScanned: [String: Int] { counters.withLock { $0.rowsScanned } }
    var hashesShipped: Int { counters.withLock { $0.hashesShipped } }

    /// The made-up state hash of dossier `number` in version `version`.
    static func hash(_ number: Int, version: UInt64 = 0) -> StateDigest {
        StateDigest(limbs: [value(number, version: version), 0, 0, 1])
    }

    static func value(_ number: Int, version: UInt64 = 0) -> UInt64 {
        UInt64(number) &* 1_000_003 &+ version &* 7 &+ 13
    }

    /// Codes "D-000001"… for numbers, in the same order as the numbers.
    static func code(_ number: Int) -> String {
        let digits = String(number)
        return "D-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    func memberDigest(of member: String) throws -> MemberDigest {
        let whole = try parts(of: .all, count: 1, on: member)[0]
        return MemberDigest(whole: whole, maintained: whole.digest, rowsMatchMaintained: true)
    }

    func parts(of range: CodeRange, count parts: Int, on member: String) throws -> [RangeDigest] {
        let (data, rows) = try self.rows(of: member, in: range)
        let total = rows.count
        let partCount = max(1, min(parts, total))
        var result: [RangeDigest] = []
        for part in 0..<partCount {
            let start = rows.lowerBound + part * total / partCount
            let end = rows.lowerBound + (part + 1) * total / partCount
            var sum: UInt64 = 0
            for index in start..<end { sum &+= data.values[index] }
            let from = part == 0 ? range.from : data.codes[start]
            let to = part == partCount - 1 ? range.to : data.codes[end]
            result.append(RangeDigest(
                range: CodeRange(from: from, to: to), count: end - start, digest: StateDigest(limbs: [sum, 0, 0, UInt64(end - start)])))
        }
        return result
    }

    func hashes(in range: CodeRange, on member: String) throws -> [String: StateDigest] {
        let (data, rows) = try self.rows(of: member, in: range)
        guard rows.count <= CaseStoreLimits.maxListedDossierHashes else {
            throw MalformedDigestAnswer(message: "\(member) refuses to list \(rows.count) dossiers")
        }
        counters.withLock { $0.hashesShipped += rows.count }
        return Dictionary(uniqueKeysWithValues: rows.map { (data.codes[$0], StateDigest(limbs: [data.values[$0], 0, 0, 1])) })
    }

    /// The member's rows in `range`, by binary search (what the primary key does), counted as scanned.
    private func rows(of member: String, in range: CodeRange) throws -> (Member, Range<Int>) {
        guard !unreachable.contains(member) else { throw MalformedDigestAnswer(message: "connection refused") }
        let data = members[member] ?? Member(codes: [], values: [])
        let start = range.from.map { lowerBound(data.codes, $0) } ?? 0
        let end = range.to.map { lowerBound(data.codes, $0) } ?? data.codes.count
        let rows = start..<max(start, end)
        counters.withLock { $0.rowsScanned[member, default: 0] += rows.count }
        return (data, rows)
    }

    private func lowerBound(_ sorted: [String], _ code: String) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if CodeRange.precedes(sorted[middle], code) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
