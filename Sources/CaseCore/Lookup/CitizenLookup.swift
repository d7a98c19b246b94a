import CaseSupport

/// What the citizen lookup shows of a dossier (`GET /v1/lookup/{code}`, the `/tra-cuu` page):
/// where it stands in plain Vietnamese, the appointed date, the centre handling it and what
/// the citizen must do next. Nothing personal: no name, identity number, address, phone,
/// document list, notes or reasons, so a PIN guessed or a receipt lost reveals only this.
/// One pure function of the dossier, used by the JSON route and the page alike.
public struct CitizenLookup: Equatable, Sendable {
    public var code: String
    /// The status's API name (`processing`…), for programs.
    public var status: DossierStatus
    /// The status in plain Vietnamese ("Đang giải quyết").
    public var statusText: String
    /// What the citizen does now ("Không cần làm gì thêm…").
    public var nextStep: String
    /// The appointed date (dd/MM/yyyy) while the clock runs; nil while it waits for the
    /// citizen (paused, or not yet received) and once the dossier is finished.
    public var dueDate: String?
    /// The centre handling the dossier, by display name when the answering node knows it.
    public var centre: String

    public init(code: String, status: DossierStatus, statusText: String, nextStep: String, dueDate: String?, centre: String) {
        self.code = code
        self.status = status
        self.statusText = statusText
        self.nextStep = nextStep
        self.dueDate = dueDate
        self.centre = centre
    }

    /// `centreName` names a centre by node id (the node knows its own name only).
    public init(_ dossier: Dossier, centreName: (String) -> String) {
        code = dossier.code
        status = dossier.status
        let wording = CitizenStatusWording.of(dossier, receivingCentre: centreName(dossier.receivingCentre))
        statusText = wording.statusText
        nextStep = wording.nextStep
        dueDate = Self.showsDueDate(dossier) ? FormVocabulary.day(dossier.dueAt) : nil
        centre = centreName(dossier.handlingCentre)
    }

    /// The due date means something to the citizen only while the centre's clock runs.
    static func showsDueDate(_ dossier: Dossier) -> Bool {
        switch dossier.status {
        case .received, .processing, .withdrawRequested: return true
        case .paymentRequested: return !dossier.isPausedForPayment
        case .submitted, .supplementRequested, .refused, .stopped, .resolved, .returned: return false
        }
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code), "status": .string(status.rawValue), "statusText": .string(statusText),
            "nextStep": .string(nextStep), "centre": .string(centre),
        ]
        object["dueDate"] = dueDate.map { .string($0) }
        return .object(object)
    }
}

/// The citizen's words for each status, and the next thing to do: the one place they are written.
public struct CitizenStatusWording: Equatable, Sendable {
    public var statusText: String
    public var nextStep: String

    /// `receivingCentre`: the name of the centre that received the dossier, where the citizen
    /// brings papers and collects the result (the model records no other place yet).
    public static func of(_ dossier: Dossier, receivingCentre: String) -> CitizenStatusWording {
        let nothing = "Không cần làm gì thêm; trung tâm đang xử lý hồ sơ."
        switch dossier.status {
        case .submitted:
            return .init(statusText: "Đã nộp trực tuyến, đang chờ kiểm tra", nextStep: "Chờ cán bộ kiểm tra hồ sơ; kết quả kiểm tra sẽ hiện ở đây.")
        case .received: return .init(statusText: "Đã tiếp nhận", nextStep: nothing)
        case .processing: return .init(statusText: "Đang giải quyết", nextStep: nothing)
        case .supplementRequested:
            return .init(
                statusText: "Chờ bổ sung hồ sơ",
                nextStep: "Bổ sung giấy tờ theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) tại \(receivingCentre).")
        case .paymentRequested:
            return .init(statusText: "Chờ nộp phí, lệ phí hoặc nghĩa vụ tài chính", nextStep: "Nộp phí, lệ phí hoặc nghĩa vụ tài chính theo thông báo của trung tâm.")
        case .withdrawRequested: return .init(statusText: "Đang xử lý yêu cầu rút hồ sơ", nextStep: nothing)
        case .stopped: return .init(statusText: "Đã dừng giải quyết", nextStep: "Liên hệ \(receivingCentre) để biết lý do.")
        case .refused: return .init(statusText: "Không tiếp nhận hồ sơ", nextStep: "Xem Phiếu từ chối (Mẫu 03) hoặc liên hệ \(receivingCentre).")
        case .resolved:
            return .init(
                statusText: "Đã có kết quả, mời nhận",
                nextStep: "Mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) đến \(receivingCentre) để nhận kết quả.")
        case .returned: return .init(statusText: "Đã trả kết quả", nextStep: "Không cần làm gì thêm; hồ sơ đã hoàn thành.")
        }
    }
}
