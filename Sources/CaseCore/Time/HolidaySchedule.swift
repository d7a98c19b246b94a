import CaseCrypto
import CaseSupport

/// The government's official schedule of one year, as the cluster root publishes it: every
/// day off (the statutory days, the announced Tết break day by day, compensatory and
/// swapped days) and every make-up working day, with the notice it comes from. Signed by
/// the root (casectl signs on the admin's machine), replicated to every node, and used by
/// each for that year instead of its `holidays.json` or the computed rule
/// (`HolidaySources`). Only the root may publish one: a schedule moves every due date of
/// the year, so no single node may claim one.
///
/// A later schedule of the same year replaces an earlier one (`supersedes`): a correction
/// is published as a new schedule, never as an edit.
///
/// Binary form (`encoded`): `body ‖ signature`, the signature over
/// `"casestore holiday schedule v1" ‖ body`:
///
///     format             u8 = 1
///     clusterID          string
///     year               u16
///     notice             string (the announcement: its number and date)
///     holidays           [month u8, day u8, name string], by date
///     makeUpWorkingDays  [month u8, day u8, name string], by date
///     issuedAtMs         i64
///     signature          64 bytes
///
/// Names are NFC and entries sorted, so one schedule has one byte form; a decoded schedule
/// that is not in that form is refused, not repaired.
public struct HolidaySchedule: Equatable, Hashable, Sendable {
    public typealias Entry = HolidayCalendar.Entry

    public static let formatVersion: UInt8 = 1
    /// Entries (days off and make-up days together) in one year's schedule. Why 60: a year
    /// has 11 statutory days off, the longest Tết break announced was 9 days, and swaps add
    /// a few days off and make-up Saturdays; real schedules list about 20. Sixty leaves room
    /// for an exceptional year and keeps a schedule under 60 KB.
    public static let maxEntries = 60
    /// The notice is a reference ("Thông báo 6150/TB-BNV ngày 14/10/2025 …"), not the text.
    public static let maxNoticeCharacters = 300
    /// UTF-8 takes at most 4 bytes a character: the byte bounds the decoder checks first.
    static let maxNameBytes = 4 * HolidayCalendar.maxNameCharacters
    static let maxNoticeBytes = 4 * maxNoticeCharacters
    /// Fewest bytes an entry takes: month, day, a one-byte name with its length.
    static let minEntryBytes = 4
    /// Largest encoding: every field at its bound. Checked before decoding anything else.
    public static let maxEncodedBytes = 1 + (10 + NodeName.maxLength) + 2 + (10 + maxNoticeBytes)
        + 2 * 10 + maxEntries * (2 + 10 + maxNameBytes) + 8 + Ed25519.signatureByteCount
    static let signatureLabel = Array("casestore holiday schedule v1".utf8)
    /// How a schedule is written in a request or a file: this word, a space, the hex encoding.
    public static let textPrefix = "casestore-holiday-schedule-v1"

    public let clusterID: String
    public let year: Int
    public let notice: String
    public let holidays: [Entry]
    public let makeUpWorkingDays: [Entry]
    public let issuedAtMs: Int64
    public let signature: [UInt8]

    /// The schedule, signed by `root`: names NFC-normalised, entries sorted. Throws when it
    /// is not a valid schedule (see `validate`).
    public static func sign(
        year: Int, notice: String, holidays: [Entry], makeUpWorkingDays: [Entry], clusterID: String, issuedAtMs: Int64,
        by root: SigningKey
    ) throws(ValidationIssue) -> HolidaySchedule {
        let cleaned = try checkedCalendar(year: year, notice: notice, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays)
        let unsigned = HolidaySchedule(
            clusterID: clusterID, year: year, notice: cleaned.source, holidays: cleaned.holidays,
            makeUpWorkingDays: cleaned.makeUpWorkingDays, issuedAtMs: issuedAtMs, signature: [])
        try unsigned.validate()
        return unsigned.signed(root.sign(signatureLabel + unsigned.bodyBytes))
    }

    private init(
        clusterID: String, year: Int, notice: String, holidays: [Entry], makeUpWorkingDays: [Entry], issuedAtMs: Int64,
        signature: [UInt8]
    ) {
        self.clusterID = clusterID
        self.year = year
        self.notice = notice
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
        self.issuedAtMs = issuedAtMs
        self.signature = signature
    }

    private func signed(_ signature: [UInt8]) -> HolidaySchedule {
        HolidaySchedule(
            clusterID: clusterID, year: year, notice: notice, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays,
            issuedAtMs: issuedAtMs, signature: signature)
    }

    public var encoded: [UInt8] { bodyBytes + signature }

    public var text: String { "\(Self.textPrefix) \(Hex.encode(encoded))" }

    /// Whether this schedule replaces `other` (of the same year): issued later; at the same
    /// millisecond, the larger encoding, so every node keeps the same one.
    public func supersedes(_ other: HolidaySchedule) -> Bool {
        if issuedAtMs != other.issuedAtMs { return issuedAtMs > other.issuedAtMs }
        return other.encoded.lexicographicallyPrecedes(encoded)
    }

    /// Throws unless the root signed this schedule for `clusterID`.
    public func verify(root: SigningPublicKey, clusterID expected: String, signatures: SignatureChecker? = nil) throws(ValidationIssue) {
        try RootSignedRecord.verify(
            signature, over: bodyBytes, label: Self.signatureLabel, clusterID: clusterID, expected: expected, root: root,
            signatures: signatures, field: "schedule", what: "the holiday schedule of \(year)")
    }

    /// The year's days off and make-up days, checked as a `holidays.json` year is: unique
    /// dates, names present and short, no date in both lists, every date in `year`.
    private static func checkedCalendar(
        year: Int, notice: String, holidays: [Entry], makeUpWorkingDays: [Entry]
    ) throws(ValidationIssue) -> HolidayCalendar {
        guard StatutoryHolidays.supportedYears.contains(year) else {
            throw ValidationIssue(field: "year", message: "a published schedule is of a year in \(StatutoryHolidays.supportedYears.lowerBound)-\(StatutoryHolidays.supportedYears.upperBound), the years the calendar covers; got \(year)")
        }
        let count = holidays.count + makeUpWorkingDays.count
        guard count <= maxEntries else {
            throw ValidationIssue(field: "holidays", message: "a year's schedule lists at most \(maxEntries) days, got \(count)")
        }
        do {
            return try HolidayCalendar(source: notice, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays, officialYears: year...year)
        } catch {
            throw ValidationIssue(field: "holidays", message: error.description)
        }
    }

    /// What `sign` and decoding both require beyond the lists' own checks.
    private func validate() throws(ValidationIssue) {
        try RootSignedRecord.validate(clusterID: clusterID)
        guard !notice.isEmpty, notice.count <= Self.maxNoticeCharacters else {
            throw ValidationIssue(field: "notice", message: "name the government's notice (its number and date) in 1 to \(Self.maxNoticeCharacters) characters")
        }
        guard !holidays.isEmpty else {
            throw ValidationIssue(field: "holidays", message: "the schedule of \(year) lists no day off: a year's schedule lists every day off")
        }
        // A make-up day on a weekday changes nothing: it is a mistyped date.
        if let weekday = makeUpWorkingDays.first(where: { $0.date.weekday < 6 }) {
            throw ValidationIssue(field: "makeUpWorkingDays", message: "\(weekday.date) is a weekday: a make-up working day is a Saturday or Sunday")
        }
        guard issuedAtMs >= MembershipDecision.epochOriginMs else {
            throw ValidationIssue(field: "issued_at", message: "a schedule is issued from 2025 on (check the clock), got \(Instant(millisecondsSinceEpoch: issuedAtMs))")
        }
    }

    private var bodyBytes: [UInt8] {
        var writer = WireWriter(reservingCapacity: 512)
        writer.u8(Self.formatVersion)
        writer.string(clusterID)
        writer.u16(UInt16(year))
        writer.string(notice)
        for list in [holidays, makeUpWorkingDays] {
            writer.array(list) { writer, entry in
                writer.u8(UInt8(entry.date.month))
                writer.u8(UInt8(entry.date.day))
                writer.string(entry.name)
            }
        }
        writer.i64(issuedAtMs)
        return writer.buffer
    }
}

extension HolidaySchedule: CustomStringConvertible {
    public var description: String {
        "the holiday schedule of \(year) (\(holidays.count) days off, \(makeUpWorkingDays.count) make-up days) issued by the cluster root at \(Instant(millisecondsSinceEpoch: issuedAtMs))"
    }
}

extension HolidaySchedule {
    /// Decodes a schedule's bytes and checks every field's form (not the signature: that
    /// needs the root key, `verify`).
    public init(encoded bytes: [UInt8]) throws(WireDecodingError) {
        self = try WireReader.whole(bytes, maxBytes: Self.maxEncodedBytes) { reader throws(WireDecodingError) in
            let clusterID = try RootSignedRecord.readFormatAndCluster(&reader, format: Self.formatVersion, what: "holiday schedule")
            let year = Int(try reader.readU16())
            let notice = try reader.readString(maxBytes: Self.maxNoticeBytes)
            let holidays = try Self.readEntries(of: year, from: &reader)
            let makeUps = try Self.readEntries(of: year, from: &reader)
            let schedule = HolidaySchedule(
                clusterID: clusterID, year: year, notice: notice, holidays: holidays, makeUpWorkingDays: makeUps,
                issuedAtMs: try reader.readI64(), signature: try reader.readFixedBytes(count: Ed25519.signatureByteCount))
            try schedule.checkCanonical()
            return schedule
        }
    }

    /// Reads `casestore-holiday-schedule-v1 <hex>` (as casectl sends it in a request).
    public init(text: String) throws(ValidationIssue) {
        self = try SignedRecordText.decode(text, prefix: Self.textPrefix, field: "schedule", HolidaySchedule.init(encoded:))
    }

    private static func readEntries(of year: Int, from reader: inout WireReader) throws(WireDecodingError) -> [Entry] {
        try reader.readArray(maxCount: maxEntries, minElementBytes: minEntryBytes) { reader throws(WireDecodingError) in
            let month = Int(try reader.readU8())
            let day = Int(try reader.readU8())
            guard let date = CivilDate(year: year, month: month, day: day) else {
                throw .invalidValue("holiday schedule of \(year): month \(month) day \(day) is not a date")
            }
            return Entry(date: date, name: try reader.readString(maxBytes: maxNameBytes))
        }
    }

    /// Refuses a decoded schedule that breaks a rule of `sign`, or is not in the one byte
    /// form `sign` writes (names NFC, entries by date).
    private func checkCanonical() throws(WireDecodingError) {
        do throws(ValidationIssue) {
            let cleaned = try Self.checkedCalendar(year: year, notice: notice, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays)
            try validate()
            guard cleaned.source == notice, cleaned.holidays == holidays, cleaned.makeUpWorkingDays == makeUpWorkingDays else {
                throw ValidationIssue(field: "schedule", message: "names must be NFC and entries sorted by date, as casectl signs them")
            }
        } catch {
            throw .invalidValue("holiday schedule of \(year): \(error.message)")
        }
    }
}
