import Foundation

/// The procedures a centre can receive, looked up by code.
///
/// Built from a list (checked: valid unique codes, non-empty names, time limits and fees in
/// range, bounded sizes) or loaded from `procedures.json` bytes the caller supplies:
///
///     { "source": "…", "procedures": [ { "code": "1.001193", "name": "Đăng ký khai sinh",
///       "field": "Hộ tịch", "timeLimitWorkingDays": 1,
///       "fees": [ { "name": "…", "amountVND": 0 } ], "level": "Toàn trình",
///       "paymentTimeExcluded": false, "timeLimitUnit": "sameDay",
///       "competentAuthority": "communePeoplesCommittee", "locationIndependence": "province",
///       "receivedAtCommuneCentre": true } ] }
///
/// A fee may say how it is counted: `"unit"` `perCase` (default), `perPage` (with optional
/// `fromPage`, `toPage`, `maxPerCopyVND`) or `perCopy` (`FeeCalculation`).
///
/// `source`, `level`, `paymentTimeExcluded` (default false), `timeLimitUnit` (default
/// `workingDays`) and `timeLimit` (the amount in that unit; required for `workingHours`,
/// `halfDays` and `calendarDays`), `competentAuthority` (default `communePeoplesCommittee`),
/// `locationIndependence` (default `province`) and `receivedAtCommuneCentre` (default true)
/// may be absent or null, so catalogues written before a field existed load as they did
/// (docs/procedures.md); other keys are ignored (room for notes); whole
/// numbers may be written `3` or `3.0`. Text fields are NFC-normalised
/// (`VietnameseText.normalized`) on the way in.
public struct ProcedureCatalogue: Sendable {
    /// A province's catalogue has about 2,000 procedures and the national database about
    /// 6,000 across all levels; 10,000 holds any of them with room to grow.
    public static let maxProcedures = 10_000
    /// Generous for ~10,000 entries of a few hundred bytes each, and refuses a wrong file
    /// before decoding it.
    public static let maxJSONBytes = 16 << 20
    /// Procedures list a handful of fees (per page, per copy, per case); 32 is plenty.
    public static let maxFeesPerProcedure = 32
    /// The longest official procedure names are around 300 characters.
    public static let maxTextCharacters = 1_000
    /// Levels are short labels such as "Toàn trình".
    public static let maxLevelCharacters = 64
    /// No fee of a commune procedure comes near 1,000 billion đồng; the bound keeps sums of
    /// fees far from overflowing `Int64`.
    public static let maxFeeVND: Int64 = 1_000_000_000_000

    /// Where the catalogue comes from (free text; empty when built from a list).
    public let source: String
    /// All procedures, sorted by code.
    public let all: [Procedure]
    private let byCode: [String: Procedure]

    /// Checks and indexes `procedures`.
    /// - Throws: `ProcedureCatalogueError` naming the first problem, with a field path such
    ///   as `procedures[3].timeLimitWorkingDays`.
    public init(procedures: [Procedure], source: String = "") throws(ProcedureCatalogueError) {
        guard procedures.count <= Self.maxProcedures else {
            throw .tooManyProcedures(count: procedures.count, max: Self.maxProcedures)
        }
        var byCode: [String: Procedure] = [:]
        byCode.reserveCapacity(procedures.count)
        for (index, procedure) in procedures.enumerated() {
            let clean: Procedure
            do {
                clean = try Self.checked(procedure, path: "procedures[\(index)]")
            } catch {
                throw .invalid(error)
            }
            guard byCode[clean.code] == nil else { throw .duplicateCode(clean.code) }
            byCode[clean.code] = clean
        }
        self.source = VietnameseText.normalized(source)
        self.byCode = byCode
        self.all = byCode.values.sorted { $0.code < $1.code }
    }

    /// Parses (`JSONParser`, after the size check) and checks catalogue JSON bytes supplied
    /// by the caller. A file that is not the expected shape is `.malformed`, naming where:
    /// `procedures[3].fees[0].amountVND: expected a whole number, got string`.
    public static func load(jsonData: Data) throws(ProcedureCatalogueError) -> ProcedureCatalogue {
        guard jsonData.count <= maxJSONBytes else {
            throw .tooLarge(bytes: jsonData.count, maxBytes: maxJSONBytes)
        }
        let (source, procedures) = try JSONDataFile.read(
            [UInt8](jsonData), maxBytes: maxJSONBytes, malformed: ProcedureCatalogueError.malformed
        ) { file throws(ValidationIssue) in
            // Counts are not bounded here: the file's size bounds the work, and the
            // initialiser refuses too many procedures or fees as for a list built in code.
            (try file.verbatimString("source"),
             try file.required("procedures") { key throws(ValidationIssue) in
                 try file.objects(key, maxCount: .max, procedure(from:))
             })
        }
        return try ProcedureCatalogue(procedures: procedures, source: source ?? "")
    }

    /// The procedure with exactly this code, if offered.
    public func procedure(code: String) -> Procedure? {
        byCode[code]
    }

    /// The procedure a dossier filed under `code` and `name` is: the code's, if the catalogue
    /// still names it so; else the one of that name under its corrected code; nil when the
    /// catalogue has no procedure of that name. An empty name (filed before names were kept)
    /// takes the code's.
    public func procedure(code: String, filedAs name: String) -> Procedure? {
        if let current = byCode[code], name.isEmpty || current.name == name { return current }
        return all.first { $0.name == name }
    }

    /// Number of procedures.
    public var count: Int { all.count }

    /// A normalised copy of `procedure`, or the first problem found.
    private static func checked(_ procedure: Procedure, path: String) throws(ValidationIssue) -> Procedure {
        try ProcedureCode.validate(procedure.code, field: path + ".code")
        let name = try requiredText(procedure.name, field: path + ".name", maxCharacters: maxTextCharacters)
        let field = try requiredText(procedure.field, field: path + ".field", maxCharacters: maxTextCharacters)
        guard (1...WorkingCalendar.maxWorkingDays).contains(procedure.timeLimitWorkingDays) else {
            throw ValidationIssue(field: path + ".timeLimitWorkingDays", message: "must be 1...\(WorkingCalendar.maxWorkingDays) working days (same-day procedures are recorded as 1); got \(procedure.timeLimitWorkingDays)")
        }
        guard procedure.fees.count <= maxFeesPerProcedure else {
            throw ValidationIssue(field: path + ".fees", message: "at most \(maxFeesPerProcedure) fees; got \(procedure.fees.count)")
        }
        var fees: [Fee] = []
        for (index, fee) in procedure.fees.enumerated() {
            fees.append(try checked(fee, path: path + ".fees[\(index)]"))
        }
        try checkTimeLimit(procedure, path: path)
        if !procedure.receivedAtCommuneCentre, procedure.competentAuthority == .communePeoplesCommittee {
            throw ValidationIssue(
                field: path + ".receivedAtCommuneCentre",
                message: "a procedure of the commune People's Committee is received at commune centres; name its competentAuthority")
        }
        var level: String?
        if let rawLevel = procedure.level {
            level = try requiredText(rawLevel, field: path + ".level", maxCharacters: maxLevelCharacters)
        }
        return Procedure(code: procedure.code, name: name, field: field,
                         timeLimitWorkingDays: procedure.timeLimitWorkingDays, fees: fees, level: level,
                         paymentTimeExcluded: procedure.paymentTimeExcluded, timeLimit: procedure.timeLimit,
                         competentAuthority: procedure.competentAuthority,
                         locationIndependence: procedure.locationIndependence,
                         receivedAtCommuneCentre: procedure.receivedAtCommuneCentre)
    }

    /// The limit in its own unit must be valid for the unit; a working-day limit must agree
    /// with `timeLimitWorkingDays`, which older nodes count.
    private static func checkTimeLimit(_ procedure: Procedure, path: String) throws(ValidationIssue) {
        let limit = procedure.timeLimit
        if let problem = TimeLimit.problem(amount: limit.amount, unit: limit.unit) {
            throw ValidationIssue(field: path + ".timeLimit", message: problem)
        }
        guard limit.unit != .workingDays || limit.amount == procedure.timeLimitWorkingDays else {
            throw ValidationIssue(
                field: path + ".timeLimit",
                message: "\(limit.amount) working days contradicts timeLimitWorkingDays \(procedure.timeLimitWorkingDays)")
        }
    }

    private static func checked(_ fee: Fee, path: String) throws(ValidationIssue) -> Fee {
        let name = try requiredText(fee.name, field: path + ".name", maxCharacters: maxTextCharacters)
        guard (0...maxFeeVND).contains(fee.amountVND) else {
            throw ValidationIssue(field: path + ".amountVND", message: "must be 0...\(maxFeeVND) VND; got \(fee.amountVND)")
        }
        try checkPageRange(fee, path: path)
        if let cap = fee.maxPerCopyVND, !(0...maxFeeVND).contains(cap) {
            throw ValidationIssue(field: path + ".maxPerCopyVND", message: "must be 0...\(maxFeeVND) VND; got \(cap)")
        }
        return Fee(name: name, amountVND: fee.amountVND, unit: fee.unit, fromPage: fee.fromPage, toPage: fee.toPage,
                   maxPerCopyVND: fee.maxPerCopyVND)
    }

    /// Pages and a cap per copy mean something only for a fee counted per page.
    private static func checkPageRange(_ fee: Fee, path: String) throws(ValidationIssue) {
        guard fee.unit == .perPage else {
            let stray = fee.fromPage != nil ? "fromPage" : fee.toPage != nil ? "toPage" : fee.maxPerCopyVND != nil ? "maxPerCopyVND" : nil
            if let stray { throw ValidationIssue(field: path + "." + stray, message: "applies only to a fee with unit perPage") }
            return
        }
        let from = fee.fromPage ?? 1
        guard from >= 1 else { throw ValidationIssue(field: path + ".fromPage", message: "must be 1 or more; got \(from)") }
        if let to = fee.toPage, to < from {
            throw ValidationIssue(field: path + ".toPage", message: "must not be before fromPage \(from); got \(to)")
        }
    }

    /// `text` normalised, or an issue if it is empty or longer than `maxCharacters`.
    private static func requiredText(_ text: String, field: String, maxCharacters: Int) throws(ValidationIssue) -> String {
        // Bytes bound the work before normalising: a character is at most a few bytes, so
        // anything over 16 bytes per allowed character is too long whatever it says.
        guard text.utf8.count <= maxCharacters * 16 else {
            throw ValidationIssue(field: field, message: "must be at most \(maxCharacters) characters")
        }
        let clean = VietnameseText.normalized(text)
        guard !clean.isEmpty else {
            throw ValidationIssue(field: field, message: "must not be empty")
        }
        guard clean.count <= maxCharacters else {
            throw ValidationIssue(field: field, message: "must be at most \(maxCharacters) characters; got \(clean.count)")
        }
        return clean
    }

    /// One entry of the file as written; `checked` normalises and bounds it.
    private static func procedure(from entry: JSONObjectReader) throws(ValidationIssue) -> Procedure {
        Procedure(
            code: try entry.required("code", entry.verbatimString),
            name: try entry.required("name", entry.verbatimString),
            field: try entry.required("field", entry.verbatimString),
            timeLimitWorkingDays: Int(clamping: try entry.required("timeLimitWorkingDays", entry.wholeNumber)),
            fees: try entry.required("fees") { key throws(ValidationIssue) in
                try entry.objects(key, maxCount: .max, fee(from:))
            },
            level: try entry.verbatimString("level"),
            paymentTimeExcluded: try entry.bool("paymentTimeExcluded") ?? false,
            timeLimit: try timeLimit(from: entry),
            competentAuthority: try entry.enumeration("competentAuthority", as: CompetentAuthority.self) ?? .communePeoplesCommittee,
            locationIndependence: try entry.enumeration("locationIndependence", as: LocationIndependence.self) ?? .province,
            receivedAtCommuneCentre: try entry.bool("receivedAtCommuneCentre") ?? true)
    }

    /// One fee as written; `checked` bounds it.
    private static func fee(from entry: JSONObjectReader) throws(ValidationIssue) -> Fee {
        Fee(name: try entry.required("name", entry.verbatimString), amountVND: try entry.required("amountVND", entry.wholeNumber),
            unit: try entry.enumeration("unit", as: Fee.Unit.self) ?? .perCase,
            fromPage: try entry.wholeNumber("fromPage").map { Int(clamping: $0) },
            toPage: try entry.wholeNumber("toPage").map { Int(clamping: $0) },
            maxPerCopyVND: try entry.wholeNumber("maxPerCopyVND"))
    }

    /// `timeLimitUnit` and `timeLimit` of an entry; nil when neither is given (working days).
    private static func timeLimit(from entry: JSONObjectReader) throws(ValidationIssue) -> TimeLimit? {
        let unit = try entry.enumeration("timeLimitUnit", as: TimeLimit.Unit.self)
        let amount = try entry.wholeNumber("timeLimit")
        switch (unit, amount) {
        case (nil, nil):
            return nil
        case (.sameDay?, nil):
            return TimeLimit(amount: 1, unit: .sameDay)
        case (let unit?, nil):
            guard unit == .workingDays else {
                throw ValidationIssue(field: entry.fieldPath("timeLimit"), message: "is required with timeLimitUnit \(unit.rawValue)")
            }
            return nil
        case (let unit, let amount?):
            return TimeLimit(amount: Int(clamping: amount), unit: unit ?? .workingDays)
        }
    }
}
