/// The forms of Circular 01/2018/TT-VPCP (Annex) a centre prints, by their numbers.
public enum FormNumber: String, CaseIterable, Sendable {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả: the citizen's proof of receipt.
    case receipt = "01"
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    case supplementRequest = "02"
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    case refusal = "03"
    /// Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    case apology = "04"
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
    case controlSlip = "05"
    /// Sổ theo dõi hồ sơ: a period's register at a centre, not one dossier's form.
    case register = "06"

    /// The forms printed for one dossier (01–05).
    public static let dossierForms: [FormNumber] = [.receipt, .supplementRequest, .refusal, .apology, .controlSlip]

    public var title: String {
        switch self {
        case .receipt: return "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
        case .supplementRequest: return "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
        case .refusal: return "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
        case .apology: return "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
        case .controlSlip: return "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
        case .register: return "SỔ THEO DÕI HỒ SƠ"
        }
    }
}

/// Why a dossier has no such form: forms 02–04 record a step (a supplement request, a
/// refusal, an apology) and 01 a receipt, which not every dossier has had.
public struct FormNotApplicable: Error, Equatable, CustomStringConvertible {
    public var form: FormNumber
    public var code: String
    public var reason: String

    public var description: String {
        "dossier \(code) has no Mẫu \(form.rawValue) (\(form.title.lowercased())): \(reason)"
    }
}
