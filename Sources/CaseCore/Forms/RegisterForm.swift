import CaseSupport

/// One line of the register (Mẫu 06), read from a dossier's stored state.
public struct RegisterEntry: Equatable, Sendable {
    public var code: String
    public var procedureName: String
    public var applicantName: String
    public var address: String?
    public var phone: String?
    public var competentCentre: String
    public var receivedAt: Instant
    public var originalDueAt: Instant
    public var returnedAt: Instant?
    public var status: DossierStatus

    public init(
        code: String, procedureName: String, applicantName: String, address: String?, phone: String?, competentCentre: String,
        receivedAt: Instant, originalDueAt: Instant, returnedAt: Instant?, status: DossierStatus
    ) {
        self.code = code
        self.procedureName = procedureName
        self.applicantName = applicantName
        self.address = address
        self.phone = phone
        self.competentCentre = competentCentre
        self.receivedAt = receivedAt
        self.originalDueAt = originalDueAt
        self.returnedAt = returnedAt
        self.status = status
    }

    /// Reads the fields from `Dossier.storedJSON`; nil when one the register needs is missing
    /// or malformed (a damaged row, which the caller reports).
    public init?(storedState state: JSONValue) {
        func instant(_ key: String) -> Instant? { state[key]?.stringValue.flatMap(VietnamTime.parseISO8601(_:)) }
        guard let code = state["code"]?.stringValue, let procedureName = state["procedureName"]?.stringValue,
            let applicantName = state["applicant"]?["fullName"]?.stringValue,
            let competentCentre = state["competentCentre"]?.stringValue,
            let receivedAt = instant("receivedAt"), let originalDueAt = instant("originalDueAt"),
            let status = state["status"]?.stringValue.flatMap(DossierStatus.init(rawValue:))
        else { return nil }
        self.init(
            code: code, procedureName: procedureName, applicantName: applicantName,
            address: state["applicant"]?["address"]?["detail"]?.stringValue, phone: state["applicant"]?["phone"]?.stringValue,
            competentCentre: competentCentre, receivedAt: receivedAt, originalDueAt: originalDueAt,
            returnedAt: instant("returnedAt"), status: status)
    }
}

/// Mẫu 06, the register of dossiers a centre received in a period, in order of receipt.
public enum RegisterForm {
    /// The most lines one register prints. Why 5,000: a commune centre receives tens of
    /// dossiers a day, so this is more than a quarter's; the page stays a few megabytes.
    public static let maxEntries = 5_000

    public static func html(entries: [RegisterEntry], first: CivilDate, last: CivilDate, centre: String, context: FormContext) -> String {
        precondition(entries.count <= maxEntries, "the caller bounds the register to \(maxEntries) lines")
        var body = "<p style=\"text-align:center\">Từ \(FormVocabulary.date(first)) đến \(FormVocabulary.date(last)); \(entries.count) hồ sơ.</p>"
        body += "<div class=\"scroll\"><table><thead><tr><th>STT</th><th>Mã hồ sơ</th><th>Tên thủ tục hành chính</th>"
        body += "<th>Số lượng hồ sơ (bộ)</th><th>Tên cá nhân, tổ chức</th><th>Địa chỉ, số điện thoại</th>"
        body += "<th>Cơ quan chủ trì giải quyết</th><th>Nhận hồ sơ</th><th>Hẹn trả kết quả</th><th>Trả kết quả</th><th>Ghi chú</th></tr></thead><tbody>"
        for (index, entry) in entries.enumerated() {
            let contact = [entry.address, entry.phone].compactMap { $0 }.joined(separator: "; ")
            let cells = [
                String(index + 1), entry.code, entry.procedureName, "01", entry.applicantName, contact,
                context.centreName(entry.competentCentre), FormVocabulary.short(entry.receivedAt),
                FormVocabulary.short(entry.originalDueAt), entry.returnedAt.map(FormVocabulary.short) ?? "",
                FormVocabulary.status(entry.status),
            ]
            body += "<tr>" + cells.map { "<td>\(MarkupText.escape($0))</td>" }.joined() + "</tr>"
        }
        body += "</tbody></table></div>"
        let page = FormPage(form: .register, centreName: context.centreName(centre), code: nil, printedAt: context.printedAt, landscape: true)
        return page.html(body: body)
    }
}
