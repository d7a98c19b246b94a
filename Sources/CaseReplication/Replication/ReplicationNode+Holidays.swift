import CaseCore
/// The cluster root's published holiday schedules (`HolidaySchedule`), spread as the root's
/// membership decisions are: a schedule published here is pushed to every live peer at
/// once, and every `tokenDigestIntervalMs` a node holding any sends the digest of its
/// schedules to one random live peer; a peer whose digest differs answers with all its
/// schedules and, unless the digest was itself an answer, with its own digest, so one round
/// makes both equal and answers never answer answers. The messages travel on version-8
/// sessions only (`PeerProtocol.minimumVersion(of:)`): an older peer is sent none, and
/// keeps dating dossiers by its own holiday file.
///
/// Only a node with a root key takes or sends schedules: without one nothing could tell
/// the root's schedule from a forgery by any holder of the cluster key.
extension ReplicationNode {
    /// Schedules per message. Why 16: a schedule is at most about 62 KB
    /// (`HolidaySchedule.maxEncodedBytes`), so a message stays near 1 MB, well within a
    /// frame; real schedules are 2 KB, and a cluster holds one per year.
    public static let maxHolidaySchedulesPerMessage = 16

    /// Every schedule this node holds, by year.
    public var holidaySchedules: [HolidaySchedule] { holidays.sorted }

    /// A schedule an admin published at this node (already verified and stored by the runtime).
    func takeLocalHolidaySchedule(_ schedule: HolidaySchedule, outbox: inout Outbox) {
        guard verifiedHolidaySchedule(schedule, from: nil), holidays.hold(schedule) else { return }
        noteHolidaySchedulesHeld()
        for peer in table.others(in: [.alive, .suspect]) {
            outbox.append(Envelope(destination(of: peer), .holidaySchedules([schedule])))
        }
    }

    /// A node holding none waits to be sent a digest: the holders' rounds reach it.
    func runHolidayTimer(outbox: inout Outbox) {
        guard tokenTrust != nil, !holidays.isEmpty, let peer = randomPeer(in: [.alive]) else { return }
        outbox.append(Envelope(destination(of: peer), .holidayDigest(holidays.digest, isReply: false)))
    }

    func receiveHolidayDigest(_ theirs: [UInt8], isReply: Bool, from sender: String, outbox: inout Outbox) {
        guard tokenTrust != nil else { return }
        answerRootRecordDigest(
            theirs, isReply: isReply, from: sender, ours: holidays.digest, held: holidays.sorted,
            perMessage: Self.maxHolidaySchedulesPerMessage, records: PeerMessage.holidaySchedules,
            digest: PeerMessage.holidayDigest, outbox: &outbox)
    }

    /// Takes in the schedules the root signed; one that does not verify is counted and ends
    /// the message (a member forwards only schedules it verified).
    func receiveHolidaySchedules(_ received: [HolidaySchedule], from sender: String) {
        guard table[sender] != nil, sender != selfID else { return }
        for schedule in received where holidays[schedule.year] != schedule {
            guard verifiedHolidaySchedule(schedule, from: sender) else { return }
            if holidays.hold(schedule) { noteHolidaySchedulesHeld() }
        }
    }

    /// Schedules persisted before a restart: held again if they still verify.
    func restoreHolidaySchedules(_ restored: [HolidaySchedule]) {
        for schedule in restored where verifiedHolidaySchedule(schedule, from: nil) {
            _ = holidays.hold(schedule)
        }
        noteHolidaySchedulesHeld()
    }

    private func verifiedHolidaySchedule(_ schedule: HolidaySchedule, from sender: String?) -> Bool {
        verifiedRootRecord("the holiday schedule of \(schedule.year)", from: sender, refused: noteHolidayRefusal) { trust throws(ValidationIssue) in
            try schedule.verify(root: trust.root, clusterID: trust.clusterID, signatures: signatures)
        }
    }

    private func noteHolidaySchedulesHeld() {
        statistics.holidaySchedulesHeld = Int64(holidays.count)
    }

    private func noteHolidayRefusal(_ reason: String) {
        statistics.holidaySchedulesRefused += 1
        statistics.lastHolidayScheduleRefusal = reason
    }
}
