/// The Vietnamese words forms print for statuses, steps and times.
enum FormVocabulary {
    static func status(_ status: DossierStatus) -> String {
        switch status {
        case .submitted: return "Đã nộp trực tuyến, chờ kiểm tra"
        case .received: return "Đã tiếp nhận"
        case .refused: return "Từ chối tiếp nhận"
        case .processing: return "Đang giải quyết"
        case .supplementRequested: return "Chờ bổ sung hồ sơ"
        case .paymentRequested: return "Chờ thực hiện nghĩa vụ tài chính"
        case .withdrawRequested: return "Xin rút hồ sơ"
        case .stopped: return "Dừng giải quyết"
        case .resolved: return "Đã có kết quả"
        case .returned: return "Đã trả kết quả"
        }
    }

    /// A history step's action ("filed" or a workflow action's name).
    static func action(_ name: String) -> String {
        guard let action = WorkflowAction(rawValue: name) else { return name == EventKind.filedRawValue ? "Nộp hồ sơ" : name }
        switch action {
        case .accept: return "Tiếp nhận hồ sơ trực tuyến"
        case .refuse: return "Từ chối tiếp nhận"
        case .transfer: return "Chuyển xử lý"
        case .start: return "Bắt đầu giải quyết"
        case .requestSupplement: return "Yêu cầu bổ sung hồ sơ"
        case .supplement: return "Nhận hồ sơ bổ sung"
        case .requestPayment: return "Yêu cầu thực hiện nghĩa vụ tài chính"
        case .paid: return "Đã thực hiện nghĩa vụ tài chính"
        case .requestWithdrawal: return "Xin rút hồ sơ"
        case .stop: return "Dừng giải quyết"
        case .resolve: return "Có kết quả giải quyết"
        case .returnResult: return "Trả kết quả"
        case .apologize: return "Xin lỗi, hẹn lại ngày trả"
        case .note: return "Ghi chú"
        case .handover: return "Bàn giao khi sáp nhập"
        case .settle: return "Xử lý xung đột"
        }
    }

    /// "08 giờ 30 phút, ngày 01 tháng 07 năm 2025", in Vietnam time.
    /// A time limit as Mẫu 01 states it: "<b>5</b> ngày làm việc", "<b>trong ngày</b> …".
    static func timeLimit(_ limit: TimeLimit) -> String {
        switch limit.unit {
        case .workingDays: return "<b>\(limit.amount)</b> ngày làm việc"
        case .workingHours: return "<b>\(limit.amount)</b> giờ làm việc"
        case .sameDay: return "<b>trong ngày</b> (nhận sau 15 giờ: trong ngày làm việc tiếp theo)"
        case .calendarDays: return "<b>\(limit.amount)</b> ngày"
        case .halfDays: return "<b>\(halfDays(limit.amount))</b> ngày làm việc"
        }
    }

    /// Half-days as the days they make, with a decimal comma: 1 → "0,5", 3 → "1,5", 4 → "2".
    private static func halfDays(_ amount: Int) -> String {
        amount % 2 == 0 ? "\(amount / 2)" : "\(amount / 2),5"
    }

    static func moment(_ instant: Instant) -> String {
        let minute = VietnamTime.minuteOfDay(of: instant)
        return "\(twoDigits(minute / 60)) giờ \(twoDigits(minute % 60)) phút, \(date(VietnamTime.civilDate(of: instant)))"
    }

    /// "ngày 01 tháng 07 năm 2025".
    static func date(_ date: CivilDate) -> String {
        "ngày \(twoDigits(date.day)) tháng \(twoDigits(date.month)) năm \(date.year)"
    }

    /// "01/07/2025", in Vietnam time: the citizen lookup's appointed date.
    static func day(_ instant: Instant) -> String {
        let day = VietnamTime.civilDate(of: instant)
        return "\(twoDigits(day.day))/\(twoDigits(day.month))/\(day.year)"
    }

    /// "01/07/2025 08:30", for table cells.
    static func short(_ instant: Instant) -> String {
        let minute = VietnamTime.minuteOfDay(of: instant)
        return "\(day(instant)) \(twoDigits(minute / 60)):\(twoDigits(minute % 60))"
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
